package org.inputdesk.publisher.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.publisher.store.TestCatalogue;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pages as plain strings, rendered from a catalogue on the heap. */
class PagesTest {

  private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>");

  private final Pages pages = new Pages(Pages.Mode.LIVE);
  private TestCatalogue catalogue;
  private Consultation consultation;

  @BeforeEach
  void setUp() {
    catalogue = new TestCatalogue();
    consultation = Fixtures.consultation(OEWG, IndividualDisplay.NAME);
    catalogue.putConsultation(OEWG, consultation);
  }

  private String list() {
    final Catalogue.Query all = Catalogue.Query.all(50);
    return pages.consultation(consultation, all, catalogue.query(OEWG, all));
  }

  private static String title(final String html) {
    final Matcher m = TITLE.matcher(html);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void shouldNameCampaignFiltersByTheirRepresentativesTitle() {
    catalogue.putClassified(
        "rep",
        sub("rep")
            .tracking("OEWG8-2026-000010")
            .subject("Protect hospitals from cyber attacks")
            .campaign("campaign-sub-6a1594c0", 40, "rep")
            .build());
    catalogue.putClassified(
        "member",
        sub("member")
            .tracking("OEWG8-2026-000011")
            .subject("Fwd: hospitals")
            .campaign("campaign-sub-6a1594c0", 12, "rep")
            .received(T0.plusSeconds(5))
            .build());

    final String html = list();

    assertThat(html)
        .contains(
            "campaign=campaign-sub-6a1594c0\">OEWG8-2026-000010: Protect hospitals from cyber"
                + " attacks</a>")
        .doesNotContain(">campaign-sub-6a1594c0<");
  }

  @Test
  void shouldNameACampaignByAPostedMemberWhenItsRepresentativeIsNotPosted() {
    catalogue.putClassified(
        "member",
        sub("member")
            .tracking("OEWG8-2026-000011")
            .subject("Protect hospitals")
            .campaign("campaign-sub-6a1594c0", 12, "held-rep")
            .build());

    assertThat(list())
        .contains("campaign=campaign-sub-6a1594c0\">OEWG8-2026-000011: Protect hospitals</a>");
  }

  @Test
  void shouldSayWrittenInputsOnceInThePageTitle() {
    final Consultation named =
        Consultation.newBuilder(consultation)
            .setTitle("Written inputs: Open-ended working group on ICT security")
            .build();
    final Catalogue.Query all = Catalogue.Query.all(50);

    final String own = title(pages.consultation(named, all, catalogue.query(OEWG, all)));
    final String added = title(list());

    assertThat(own).isEqualTo("Written inputs: Open-ended working group on ICT security");
    assertThat(added)
        .isEqualTo("OEWG on security of and in the use of ICTs, eighth session: written inputs");
  }

  @Test
  void shouldMarkTheLanguageAndDirectionOfTextInAnotherLanguageThanThePage() {
    final PublicEntry arabic =
        PublicEntry.from(
            sub("ar")
                .tracking("OEWG8-2026-000020")
                .subject("مساهمة مكتوبة بشأن بناء القدرات")
                .body("نرحب بمشروع التقرير ونقترح تعزيز بناء القدرات.")
                .html("<p>نرحب بمشروع التقرير</p>")
                .language("ar")
                .build());
    final PublicEntry english = PublicEntry.from(sub("en").language("en").build());
    final PublicEntry french = PublicEntry.from(sub("fr").language("fr").build());

    final String page = pages.entry(consultation, arabic, null);

    assertThat(page)
        .contains("<html lang=\"en\">")
        .contains("<span class=\"subject\" lang=\"ar\" dir=\"rtl\">مساهمة مكتوبة")
        .contains("<div class=\"text\" lang=\"ar\" dir=\"rtl\">نرحب")
        .contains("<div class=\"html\" lang=\"ar\" dir=\"rtl\">");
    assertThat(pages.entry(consultation, english, null)).doesNotContain(" dir=");
    assertThat(pages.entry(consultation, french, null))
        .contains("<div class=\"text\" lang=\"fr\" dir=\"ltr\">");
  }

  @Test
  void shouldMarkTheLanguageOfEachListedInput() {
    catalogue.putClassified(
        "ar",
        sub("ar").subject("مساهمة مكتوبة").body("نرحب بمشروع التقرير").language("ar").build());

    assertThat(list())
        .contains("<span class=\"subject\" lang=\"ar\" dir=\"rtl\">مساهمة مكتوبة</span>")
        .contains("<p class=\"excerpt\" lang=\"ar\" dir=\"rtl\">نرحب");
  }

  @Test
  void shouldNameAnAnnexThatWasNotKeptAndSayWhy() {
    final Attachment kept = Fixtures.attachment("Paper.pdf", "application/pdf", "%PDF-1.7");
    catalogue.putAttachment(kept.getSha256(), kept);
    catalogue.putClassified(
        "a",
        sub("a")
            .tracking("OEWG8-2026-000030")
            .attachment(kept)
            .notKept("annex.pdf", "application/pdf", 20L * 1024 * 1024, AttachmentStatus.OVERSIZED)
            .notKept("scan.tif", "image/tiff", 0, AttachmentStatus.CORRUPT)
            .build());
    final PublicEntry entry = catalogue.entry(OEWG, "OEWG8-2026-000030").orElseThrow();

    for (final String html : List.of(pages.entry(consultation, entry, null), list())) {
      assertThat(html)
          .contains("Paper.pdf")
          .contains("annex.pdf, 20 MB, not published: over the size limit")
          .contains("scan.tif, not published: could not be read")
          // The operator's reason (with the configured limit) stays internal.
          .doesNotContain("10485760");
    }
  }
}
