package org.inputdesk.publisher.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.publisher.store.TestCatalogue;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedWriterTest {

  private final ObjectMapper json = new ObjectMapper();
  private final FeedWriter writer =
      new FeedWriter(new SiteLinks(URI.create("https://example.org/inputs/")));
  private TestCatalogue catalogue;
  private Consultation consultation;

  @BeforeEach
  void setUp() {
    catalogue = new TestCatalogue();
    consultation = Fixtures.consultation(OEWG, IndividualDisplay.NAME);
    catalogue.putConsultation(OEWG, consultation);
  }

  private JsonNode feed(final Catalogue.Query q) throws Exception {
    return json.readTree(
        writer.jsonFeed(consultation, catalogue.withBodies(catalogue.query(OEWG, q)), q));
  }

  @Test
  void shouldWriteEveryRequiredJsonFeedField() throws Exception {
    final Attachment pdf = Fixtures.attachment("Position paper.pdf", "application/pdf", "%PDF-1.7");
    catalogue.putClassified(
        "sub-1",
        sub("sub-1")
            .tracking("OEWG8-2026-000001")
            .subject("Views of Examplia")
            .html("<p>Views <b>of</b> Examplia</p>")
            .theme("threats", "Threats")
            .attachment(pdf)
            .build());

    final JsonNode feed = feed(Catalogue.Query.all(50));

    assertThat(feed.path("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
    assertThat(feed.path("title").asText()).isEqualTo(consultation.getTitle());
    assertThat(feed.path("home_page_url").asText())
        .isEqualTo("https://example.org/inputs/c/oewg8/");
    assertThat(feed.path("feed_url").asText())
        .isEqualTo("https://example.org/inputs/c/oewg8/feed.json");
    assertThat(feed.has("next_url")).isFalse();
    final JsonNode item = feed.path("items").get(0);
    assertThat(item.path("id").asText()).isEqualTo("sub-1");
    assertThat(item.path("url").asText())
        .isEqualTo("https://example.org/inputs/c/oewg8/OEWG8-2026-000001");
    assertThat(item.path("title").asText()).isEqualTo("OEWG8-2026-000001: Views of Examplia");
    assertThat(item.path("content_text").asText()).contains("paragraph 12");
    assertThat(item.path("content_html").asText()).isEqualTo("<p>Views <b>of</b> Examplia</p>");
    assertThat(item.path("summary").asText()).isNotEmpty();
    assertThat(item.path("date_published").asText()).isEqualTo(T0.toString());
    assertThat(item.path("date_modified").asText()).isEqualTo(T0.plusSeconds(60).toString());
    assertThat(item.path("authors").get(0).path("name").asText())
        .isEqualTo("Permanent Mission of Examplia");
    final JsonNode file = item.path("attachments").get(0);
    assertThat(file.path("url").asText())
        .isEqualTo(
            "https://example.org/inputs/attachments/" + pdf.getSha256() + "/Position_paper.pdf");
    assertThat(file.path("mime_type").asText()).isEqualTo("application/pdf");
    assertThat(file.path("size_in_bytes").asLong()).isEqualTo(8);
    assertThat(file.path("title").asText()).isEqualTo("Position paper.pdf");
  }

  @Test
  void shouldTagThemesSenderTypeAndLanguage() throws Exception {
    catalogue.putClassified(
        "a",
        sub("a")
            .theme("threats", "T")
            .theme("cbm", "C")
            .sender("ngo", "Org")
            .language("fr")
            .build());

    final List<String> tags = new ArrayList<>();
    feed(Catalogue.Query.all(50))
        .path("items")
        .get(0)
        .path("tags")
        .forEach(t -> tags.add(t.asText()));

    assertThat(tags)
        .containsExactly("theme:threats", "theme:cbm", "sender-type:ngo", "language:fr");
  }

  @Test
  void shouldPageWithNextUrlKeepingSince() throws Exception {
    for (int i = 0; i < 3; i++) {
      catalogue.putClassified(
          "s" + i,
          sub("s" + i).received(T0.plusSeconds(i)).classified(T0.plusSeconds(100 + i)).build());
    }
    final Catalogue.Query q = new Catalogue.Query(null, null, null, null, null, T0, 1, 2);

    final JsonNode first = feed(q);
    final JsonNode second = feed(q.withPage(2));

    assertThat(first.path("items")).hasSize(2);
    assertThat(first.path("next_url").asText())
        .isEqualTo(
            "https://example.org/inputs/c/oewg8/feed.json?since=2026-03-01T09%3A00%3A00Z&page=2");
    assertThat(second.path("items")).hasSize(1);
    assertThat(second.has("next_url")).isFalse();
  }

  @Test
  void shouldReturnOnlyItemsModifiedAfterSince() throws Exception {
    catalogue.putClassified("old", sub("old").classified(T0).build());
    catalogue.putClassified("new", sub("new").classified(T0.plusSeconds(1)).build());

    final JsonNode feed = feed(new Catalogue.Query(null, null, null, null, null, T0, 1, 50));

    assertThat(feed.path("items")).hasSize(1);
    assertThat(feed.path("items").get(0).path("id").asText()).isEqualTo("new");
  }

  @Test
  void shouldNeverPutAnAddressInTheFeed() throws Exception {
    catalogue.putClassified(
        "a",
        sub("a")
            .sender("individual", null)
            .from("jane.doe@home.example", "Jane Doe <jane.doe@home.example>")
            .body("Write to me at jane.doe@home.example")
            .html("<p><a href=\"mailto:jane.doe@home.example\">mail me</a></p>")
            .build());

    final String text =
        writer.jsonFeed(
            consultation,
            catalogue.withBodies(catalogue.query(OEWG, Catalogue.Query.all(50))),
            Catalogue.Query.all(50));

    assertThat(text).doesNotContain("jane.doe@home.example").doesNotContain("mailto");
    assertThat(
            json.readTree(text).path("items").get(0).path("authors").get(0).path("name").asText())
        .isEqualTo("Jane Doe");
  }

  @Test
  void shouldCarryParagraphsCampaignAndCountryAsAnInputdeskExtension() throws Exception {
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
            .paragraphs("12", "14(b)")
            .country("FR")
            .received(T0.plusSeconds(5))
            .build());

    final JsonNode items = feed(Catalogue.Query.all(50)).path("items");
    final JsonNode member = items.get(0).path("_inputdesk");
    final JsonNode rep = items.get(1).path("_inputdesk");

    assertThat(items.get(0).path("id").asText()).isEqualTo("member");
    assertThat(member.path("about").asText()).startsWith("https://");
    assertThat(member.path("paragraphs"))
        .extracting(JsonNode::asText)
        .containsExactly("12", "14(b)");
    assertThat(member.path("country").asText()).isEqualTo("FR");
    assertThat(member.path("campaign").path("id").asText()).isEqualTo("campaign-sub-6a1594c0");
    assertThat(member.path("campaign").path("size").asInt()).isEqualTo(40);
    assertThat(member.path("campaign").path("title").asText())
        .isEqualTo("OEWG8-2026-000010: Protect hospitals from cyber attacks");
    assertThat(rep.path("paragraphs")).isEmpty();
    assertThat(rep.has("country")).isFalse();
    assertThat(rep.path("campaign").path("size").asInt()).isEqualTo(40);
  }

  @Test
  void shouldListAttachmentsNotPublishedWithTheirReason() throws Exception {
    catalogue.putClassified(
        "a",
        sub("a")
            .notKept(
                "annex.pdf",
                "application/pdf",
                20L * 1024 * 1024,
                org.inputdesk.schemas.AttachmentStatus.OVERSIZED)
            .build());

    final JsonNode item = feed(Catalogue.Query.all(50)).path("items").get(0);
    final JsonNode missing = item.path("_inputdesk").path("attachments_not_published").get(0);

    assertThat(item.has("attachments")).isFalse();
    assertThat(missing.path("title").asText()).isEqualTo("annex.pdf");
    assertThat(missing.path("size_in_bytes").asLong()).isEqualTo(20L * 1024 * 1024);
    assertThat(missing.path("reason").asText()).isEqualTo("over the size limit");
  }
}
