package org.inputdesk.publisher.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.render.SiteLinks;
import org.inputdesk.publisher.store.TestCatalogue;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.PublicationStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {

  private static final Pattern HREF = Pattern.compile("href=\"([^\"#?]+)\"");
  private static final Attachment PDF =
      Fixtures.attachment("Paper.pdf", "application/pdf", "%PDF x");

  @TempDir Path dir;
  private TestCatalogue catalogue;
  private Exporter exporter;

  @BeforeEach
  void setUp() {
    catalogue = filled(new TestCatalogue());
    exporter = new Exporter(catalogue, new SiteLinks(URI.create("https://example.org/")));
  }

  /** A consultation with two posted inputs, one with an attachment and a paragraph reference. */
  private static TestCatalogue filled(final TestCatalogue c) {
    c.putConsultation(OEWG, Fixtures.consultation(OEWG, IndividualDisplay.NAME));
    c.putAttachment(PDF.getSha256(), PDF);
    c.putClassified(
        "a", sub("a").tracking("OEWG8-2026-000001").attachment(PDF).paragraphs("3").build());
    c.putClassified(
        "b", sub("b").tracking("OEWG8-2026-000002").received(T0.plusSeconds(1)).build());
    return c;
  }

  @Test
  void shouldWritePagesFeedsAndAttachmentsWithRelativeLinksThatResolve() throws Exception {
    exporter.export(dir);

    assertThat(dir.resolve("index.html")).exists();
    assertThat(dir.resolve("static/style.css")).exists();
    assertThat(dir.resolve("c/oewg8/feed.json")).content().contains("https://example.org/c/oewg8/");
    assertThat(dir.resolve("c/oewg8/feed.atom")).exists();
    assertThat(dir.resolve("attachments/" + PDF.getSha256() + "/Paper.pdf")).hasContent("%PDF x");
    for (final String page :
        new String[] {
          "index.html",
          "c/oewg8/index.html",
          "c/oewg8/OEWG8-2026-000001.html",
          "c/oewg8/paragraphs.html"
        }) {
      final Path file = dir.resolve(page);
      final Matcher links = HREF.matcher(Files.readString(file, StandardCharsets.UTF_8));
      int count = 0;
      while (links.find()) {
        final Path target = file.getParent().resolve(links.group(1)).normalize();
        assertThat(Files.isRegularFile(target)).as("link %s in %s", links.group(1), page).isTrue();
        count++;
      }
      assertThat(count).isPositive();
    }
  }

  @Test
  void shouldRewriteOnlyWhatChangedAndDeleteWithdrawnInputs() throws Exception {
    final Exporter.Result first = exporter.export(dir);
    final Exporter.Result again = exporter.export(dir);
    assertThat(first.written()).isPositive();
    assertThat(again.written()).isZero();
    assertThat(again.unchanged()).isEqualTo(first.written());

    final Path unchangedPage = dir.resolve("c/oewg8/OEWG8-2026-000002.html");
    final var before = Files.getLastModifiedTime(unchangedPage);
    catalogue.putClassified(
        "a", sub("a").tracking("OEWG8-2026-000001").status(PublicationStatus.WITHDRAWN).build());
    final Exporter.Result afterWithdrawal = exporter.export(dir);

    assertThat(dir.resolve("c/oewg8/OEWG8-2026-000001.html")).doesNotExist();
    assertThat(dir.resolve("attachments/" + PDF.getSha256())).doesNotExist();
    assertThat(afterWithdrawal.deleted()).isEqualTo(2);
    assertThat(Files.getLastModifiedTime(unchangedPage)).isEqualTo(before);
    assertThat(dir.resolve("c/oewg8/feed.json")).content().doesNotContain("OEWG8-2026-000001");
  }

  @Test
  void shouldLeaveFilesOutsideItsFoldersAlone() throws Exception {
    Files.writeString(dir.resolve("robots.txt"), "User-agent: *");
    exporter.export(dir);

    assertThat(dir.resolve("robots.txt")).exists();
    assertThat(Exporter.safe("..")).isFalse();
    assertThat(Exporter.safe("a/b")).isFalse();
  }

  @Test
  void shouldWriteNothingWhenTheSameRecordsAreReadAgainAndExported() throws Exception {
    catalogue.putClassified(
        "c", sub("c").tracking("OEWG8-2026-000003").status(PublicationStatus.WITHDRAWN).build());
    exporter.export(dir);

    // A one-off export run later reads the same records into a new catalogue.
    final TestCatalogue later = filled(new TestCatalogue());
    later.putClassified(
        "c", sub("c").tracking("OEWG8-2026-000003").status(PublicationStatus.WITHDRAWN).build());
    final Exporter.Result again =
        new Exporter(later, new SiteLinks(URI.create("https://example.org/"))).export(dir);

    assertThat(again.written()).isZero();
    assertThat(again.deleted()).isZero();
  }

  @Test
  void shouldSplitALongListIntoLinkedPagesAndFeedPagesWithEveryInputOnce() throws Exception {
    for (int i = 0; i < 120; i++) {
      catalogue.putClassified(
          "n" + i,
          sub("n" + i)
              .tracking(String.format(java.util.Locale.ROOT, "OEWG8-2026-%06d", 100 + i))
              .received(T0.plusSeconds(100 + i))
              .build());
    }
    exporter.export(dir);

    final Path c = dir.resolve("c/oewg8");
    assertThat(c.resolve("index.html")).content().contains("href=\"./page-2.html\"");
    assertThat(c.resolve("page-3.html")).content().contains("href=\"./page-2.html\"");
    assertThat(c.resolve("page-4.html")).doesNotExist();
    final com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    final java.util.List<String> ids = new java.util.ArrayList<>();
    String name = "feed.json";
    int pages = 0;
    while (name != null) {
      final var feed = json.readTree(c.resolve(name).toFile());
      feed.path("items").forEach(item -> ids.add(item.path("id").asText()));
      final String next = feed.path("next_url").asText(null);
      name = next == null ? null : next.substring("https://example.org/c/oewg8/".length());
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(ids).hasSize(122).doesNotHaveDuplicates().startsWith("n119", "n118");
    assertThat(c.resolve("feed-3.atom"))
        .content()
        .contains("rel=\"previous\" href=\"https://example.org/c/oewg8/feed-2.atom\"");
  }
}
