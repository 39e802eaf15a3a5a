package org.inputdesk.publisher.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.sub;

import java.net.URI;
import java.util.List;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.render.AtomWriter;
import org.inputdesk.publisher.render.FeedWriter;
import org.inputdesk.publisher.render.Pages;
import org.inputdesk.publisher.render.SiteLinks;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.publisher.store.TestCatalogue;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consultation's personalData policy, as the page and both feeds apply it. */
class PublishedPersonalDataTest {

  private static final String LETTER =
      "I support stronger protection of hospitals. Call me on +41 22 917 12 34 or visit us at"
          + " 12, rue de la Paix.\n\nBest regards,\nJane Quinn\nSenior Researcher, Example"
          + " University\njane@home.example";

  private final SiteLinks links = new SiteLinks(URI.create("https://example.org/"));
  private final Pages pages = new Pages(Pages.Mode.LIVE);
  private final FeedWriter json = new FeedWriter(links);
  private final AtomWriter atom = new AtomWriter(links);
  private TestCatalogue catalogue;
  private Consultation consultation;

  @BeforeEach
  void setUp() {
    catalogue = new TestCatalogue();
    consultation = Fixtures.consultation(OEWG, IndividualDisplay.INITIALS);
    catalogue.putConsultation(OEWG, consultation);
    catalogue.putClassified(
        "i1",
        sub("i1")
            .tracking("OEWG8-2026-000040")
            .subject("Hospitals (call +41 22 917 12 34)")
            .body(LETTER)
            .html("<p>I support stronger protection of hospitals. Call me on +41 22 917 12 34.</p>")
            .sender("individual", null)
            .from("jane@home.example", "Jane Quinn")
            .build());
  }

  /** The entry page, the list, the JSON Feed and the Atom feed, as served now. */
  private List<String> published() {
    final Catalogue.Query all = Catalogue.Query.all(50);
    final Catalogue.Page page = catalogue.withBodies(catalogue.query(OEWG, all));
    return List.of(
        pages.entry(consultation, catalogue.entry(OEWG, "OEWG8-2026-000040").orElseThrow(), null),
        pages.consultation(consultation, all, catalogue.query(OEWG, all)),
        json.jsonFeed(consultation, page, all),
        atom.feed(consultation, page, all, List.of(), Fixtures.T0));
  }

  @Test
  void shouldRemovePhoneNumbersAddressesAndSignaturesFromThePageAndBothFeedsByDefault() {
    for (final String out : published()) {
      assertThat(out)
          .contains("I support stronger protection of hospitals.")
          .contains(PersonalData.PHONE)
          .doesNotContain("917 12 34")
          .doesNotContain("rue de la Paix")
          .doesNotContain("Senior Researcher")
          .doesNotContain("jane@home.example");
    }
    final List<String> all = published();
    assertThat(all.get(0))
        .contains(PersonalData.ADDRESS)
        .contains(PersonalData.SIGNATURE)
        // The formatted version held a number: only the cleaned text is published.
        .doesNotContain("Formatted version");
    assertThat(all.get(2)).doesNotContain("content_html");
  }

  @Test
  void shouldKeepThemWhenThePolicySaysKeepButNeverAnEmailAddress() {
    consultation.getPolicy().setPersonalData("keep");
    catalogue.putConsultation(OEWG, consultation);

    for (final String out : published()) {
      assertThat(out)
          .contains("+41 22 917 12 34")
          .doesNotContain(PersonalData.PHONE)
          .doesNotContain("jane@home.example");
    }
    assertThat(published().get(0))
        .contains("rue de la Paix")
        .contains("Senior Researcher")
        .contains("Formatted version");
  }

  @Test
  void shouldLeaveAnInputWithoutPersonalDataAsItIs() {
    catalogue.putClassified(
        "m1", sub("m1").tracking("OEWG8-2026-000041").html("<p>Plain views.</p>").build());

    final PublicEntry entry = catalogue.entry(OEWG, "OEWG8-2026-000041").orElseThrow();

    assertThat(entry.redacted()).isNull();
    assertThat(PersonalData.shown(consultation, entry)).isSameAs(entry);
  }
}
