package org.inputdesk.publisher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.attachments.AttachmentStore;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's topology in a TopologyTestDriver with the production Streams settings ({@link
 * PublisherStreams#properties}: exactly_once_v2, the dead-letter handler, bounded RocksDB) and its
 * RocksDB stores on disk.
 */
class PublisherTopologyTest {

  @TempDir Path dir;
  private final List<TestCatalogue> opened = new ArrayList<>();

  private TestCatalogue open(final Path state) {
    final TestCatalogue c = TestCatalogue.onDisk(state);
    opened.add(c);
    return c;
  }

  private TestCatalogue withConsultation(final Path state) {
    final TestCatalogue c = open(state);
    c.putConsultation(OEWG, Fixtures.consultation(OEWG, IndividualDisplay.NAME));
    return c;
  }

  @AfterEach
  void close() {
    opened.forEach(TestCatalogue::close);
  }

  @Test
  void shouldNameEveryStoreAndProcessor() {
    final TopologyDescription description =
        PublisherTopology.build(AttachmentStore.inMemory(), () -> {}).describe();
    final List<String> nodes = new ArrayList<>();
    description.subtopologies().forEach(s -> s.nodes().forEach(n -> nodes.add(n.name())));
    description.globalStores().forEach(g -> nodes.add(g.processor().name()));

    assertThat(nodes)
        .contains(
            "classified-source", "classified-apply", "attachments-source", "attachments-apply")
        .allSatisfy(n -> assertThat(n).doesNotContain("KSTREAM-", "KTABLE-"));
    assertThat(description.globalStores())
        .singleElement()
        .satisfies(g -> assertThat(g.processor().stores()).containsExactly("consultations"));
    assertThat(description.subtopologies())
        .anySatisfy(
            s ->
                assertThat(s.nodes())
                    .anySatisfy(
                        n ->
                            assertThat(
                                    n instanceof TopologyDescription.Processor p
                                        ? p.stores()
                                        : java.util.Set.of())
                                .containsExactlyInAnyOrderElementsOf(
                                    PublisherTopology.CLASSIFIED_STORES)));
  }

  @Test
  void shouldKeepTextsOutOfTheListsAndDropThemWhenWithdrawn() {
    final TestCatalogue catalogue = withConsultation(dir);
    catalogue.putClassified(
        "a",
        sub("a").tracking("OEWG8-2026-000001").body("Full text").html("<p>Formatted</p>").build());

    final PublicEntry listed = catalogue.query(OEWG, Catalogue.Query.all(10)).entries().get(0);
    assertThat(listed.text()).isNull();
    assertThat(listed.excerpt()).isEqualTo("Full text");
    assertThat(catalogue.withBodies(catalogue.query(OEWG, Catalogue.Query.all(10))).entries())
        .singleElement()
        .satisfies(e -> assertThat(e.text()).isEqualTo("Full text"));

    catalogue.putClassified(
        "a", sub("a").tracking("OEWG8-2026-000001").status(PublicationStatus.WITHDRAWN).build());
    assertThat(catalogue.withBody(listed).text()).isEmpty();
    assertThat(catalogue.entry(OEWG, "OEWG8-2026-000001")).isEmpty();
  }

  @Test
  void shouldWriteANewInputsTextToItsChangelogOnceAndTheWithdrawalAsATombstone() {
    final TestCatalogue catalogue = withConsultation(dir);
    final TestOutputTopic<String, byte[]> bodies =
        catalogue
            .driver()
            .createOutputTopic(
                "publisher-test-" + PublisherTopology.BODIES + "-changelog",
                new StringDeserializer(),
                new ByteArrayDeserializer());

    // The stores keyed per input are not behind the record cache: what the processor writes is
    // what the changelog gets, so a new input must not first delete a text it never had.
    catalogue.putClassified("a", sub("a").body("Full text").build());
    assertThat(bodies.readKeyValuesToList())
        .singleElement()
        .satisfies(kv -> assertThat(kv.value).isNotNull());

    catalogue.putClassified("a", sub("a").status(PublicationStatus.WITHDRAWN).build());
    assertThat(bodies.readKeyValuesToList())
        .singleElement()
        .satisfies(kv -> assertThat(kv.value).isNull());
  }

  @Test
  void shouldNameTheSameContentWithTheSameEtagWhateverOrderItCameIn() {
    final TestCatalogue one = withConsultation(dir.resolve("one"));
    final TestCatalogue two = withConsultation(dir.resolve("two"));
    final SubmissionClassified a = sub("a").subject("First").build();
    final SubmissionClassified b = sub("b").subject("Second").received(T0.plusSeconds(9)).build();
    final SubmissionClassified aCorrected = sub("a").subject("Corrected").build();

    one.putClassified("a", a);
    one.putClassified("b", b);
    one.putClassified("a", aCorrected);
    two.putClassified("b", b);
    two.putClassified("a", aCorrected);

    assertThat(one.stamp(one.consultation(OEWG).orElseThrow()).etag())
        .isEqualTo(two.stamp(two.consultation(OEWG).orElseThrow()).etag());
  }

  @Test
  void shouldChangeNothingPublicWhenTheSameRecordIsAppliedAgain() {
    final TestCatalogue catalogue = withConsultation(dir);
    final SubmissionClassified a = sub("a").build();
    catalogue.putClassified("a", a);
    final Catalogue.Stamp before = catalogue.stamp(catalogue.consultation(OEWG).orElseThrow());

    catalogue.putClassified("a", a);

    assertThat(catalogue.stamp(catalogue.consultation(OEWG).orElseThrow())).isEqualTo(before);
  }

  @Test
  void shouldSendARecordItCannotKeyToTheDeadLettersAndChangeNothing() {
    final TestCatalogue catalogue = withConsultation(dir);
    catalogue.putClassified("a", sub("a").build());
    final Catalogue.Stamp before = catalogue.stamp(catalogue.consultation(OEWG).orElseThrow());

    // The test driver drops the dead letters of unreadable records (PublisherServiceIT reads them
    // on a broker); the record is skipped all the same.
    catalogue.putRaw(Topics.SUBMISSIONS_CLASSIFIED.name(), "broken", new byte[] {1, 2, 3});
    catalogue.putClassified("bad\0id", sub("bad\0id").build());

    assertThat(catalogue.deadLetterKeys()).containsExactly("bad\0id");
    assertThat(catalogue.size()).isOne();
    assertThat(catalogue.stamp(catalogue.consultation(OEWG).orElseThrow())).isEqualTo(before);
  }

  @Test
  void shouldOrderListKeysNewestFirstThenByTrackingNumberInTheirBytes() {
    final Keys.ListKey newer = new Keys.ListKey(OEWG, T0.plusSeconds(1), "X-000001", "z");
    final Keys.ListKey sameSecondHigher = new Keys.ListKey(OEWG, T0, "X-000010", "a");
    final Keys.ListKey sameSecondLower =
        new Keys.ListKey(OEWG, T0.plusMillis(900), "X-000009", "b");
    final Keys.ListKey older = new Keys.ListKey(OEWG, Instant.EPOCH.minusSeconds(5), null, "c");

    final List<Keys.ListKey> sorted =
        new ArrayList<>(List.of(older, sameSecondLower, newer, sameSecondHigher));
    sorted.sort(Keys::compare);

    assertThat(sorted).containsExactly(newer, sameSecondHigher, sameSecondLower, older);
    for (final Keys.ListKey k : sorted) {
      final Keys.ListKey back =
          Keys.LIST.deserializer().deserialize("", Keys.LIST.serializer().serialize("", k));
      assertThat(back.id()).isEqualTo(k.id());
      assertThat(back.trackingNumber()).isEqualTo(k.trackingNumber());
      assertThat(back.receivedAt())
          .isEqualTo(k.receivedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
  }
}
