package org.inputdesk.publisher.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.publisher.store.TestCatalogue;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.PublicationStatus;
import org.jdom2.Element;
import org.junit.jupiter.api.Test;

class AtomWriterTest {

  private final AtomWriter writer =
      new AtomWriter(new SiteLinks(URI.create("https://example.org/")));

  @Test
  void shouldWriteRfc5005PagingLinksAndRfc6721DeletedEntries() throws Exception {
    final TestCatalogue catalogue = new TestCatalogue();
    final Consultation c = Fixtures.consultation(OEWG, IndividualDisplay.NAME);
    catalogue.putConsultation(OEWG, c);
    for (int i = 0; i < 3; i++) {
      catalogue.putClassified("s" + i, sub("s" + i).received(T0.plusSeconds(i)).build());
    }
    catalogue.putClassified(
        "gone",
        sub("gone").status(PublicationStatus.WITHDRAWN).classified(T0.plusSeconds(99)).build());
    final Catalogue.Query q = Catalogue.Query.all(1).withPage(2);

    final String xml =
        writer.feed(
            c,
            catalogue.withBodies(catalogue.query(OEWG, q)),
            q,
            catalogue.removed(OEWG, null),
            T0);
    final SyndFeed feed = new SyndFeedInput().build(new StringReader(xml));

    final Map<String, String> links =
        feed.getLinks().stream().collect(Collectors.toMap(SyndLink::getRel, SyndLink::getHref));
    assertThat(links)
        .containsEntry("first", "https://example.org/c/oewg8/feed.atom")
        .containsEntry("previous", "https://example.org/c/oewg8/feed.atom")
        .containsEntry("next", "https://example.org/c/oewg8/feed.atom?page=3")
        .containsEntry("last", "https://example.org/c/oewg8/feed.atom?page=3")
        .containsEntry("self", "https://example.org/c/oewg8/feed.atom?page=2");
    assertThat(feed.getEntries()).hasSize(1);
    assertThat(feed.getEntries().get(0).getUri()).isEqualTo(AtomWriter.entryId("s1"));

    final String first =
        writer.feed(
            c,
            catalogue.withBodies(catalogue.query(OEWG, q.withPage(1))),
            q,
            catalogue.removed(OEWG, null),
            T0);
    final SyndFeed firstFeed = new SyndFeedInput().build(new StringReader(first));
    final Element deleted =
        firstFeed.getForeignMarkup().stream()
            .filter(e -> e.getName().equals("deleted-entry"))
            .findFirst()
            .orElseThrow();
    assertThat(deleted.getNamespaceURI()).isEqualTo(AtomWriter.TOMBSTONES);
    assertThat(deleted.getAttributeValue("ref")).isEqualTo(AtomWriter.entryId("gone"));
    assertThat(deleted.getAttributeValue("when")).isEqualTo(T0.plusSeconds(99).toString());
  }

  @Test
  void shouldDropCharactersXmlCannotCarry() {
    assertThat(AtomWriter.stripInvalidXml("a\u0000b\u0007c\td")).isEqualTo("abc\td");
  }

  @Test
  void shouldCarryParagraphsCampaignAndCountryInTheInputdeskNamespace() throws Exception {
    final TestCatalogue catalogue = new TestCatalogue();
    final Consultation c = Fixtures.consultation(OEWG, IndividualDisplay.NAME);
    catalogue.putConsultation(OEWG, c);
    catalogue.putClassified(
        "rep",
        sub("rep")
            .tracking("OEWG8-2026-000010")
            .subject("Protect hospitals from cyber attacks")
            .campaign("campaign-sub-6a1594c0", 40, "rep")
            .paragraphs("12", "14(b)")
            .country("KE")
            .build());
    final Catalogue.Query q = Catalogue.Query.all(50);

    final String xml =
        writer.feed(c, catalogue.withBodies(catalogue.query(OEWG, q)), q, java.util.List.of(), T0);
    final java.util.List<Element> ext =
        new SyndFeedInput()
            .build(new StringReader(xml)).getEntries().get(0).getForeignMarkup().stream()
                .filter(e -> e.getNamespaceURI().equals("https://inputdesk.org/ns/1.0"))
                .toList();

    assertThat(ext)
        .extracting(Element::getName, Element::getText)
        .contains(
            org.assertj.core.groups.Tuple.tuple("paragraph", "12"),
            org.assertj.core.groups.Tuple.tuple("paragraph", "14(b)"),
            org.assertj.core.groups.Tuple.tuple("country", "KE"),
            org.assertj.core.groups.Tuple.tuple(
                "campaign", "OEWG8-2026-000010: Protect hospitals from cyber attacks"));
    final Element campaign =
        ext.stream().filter(e -> e.getName().equals("campaign")).findFirst().orElseThrow();
    assertThat(campaign.getAttributeValue("id")).isEqualTo("campaign-sub-6a1594c0");
    assertThat(campaign.getAttributeValue("size")).isEqualTo("40");
    assertThat(xml).contains("xmlns:inputdesk=\"https://inputdesk.org/ns/1.0\"");
  }
}
