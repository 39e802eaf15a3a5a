package org.inputdesk.classifier.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.inputdesk.classifier.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The duplicate and campaign finder on its own, over real RocksDB stores. */
class LinkFinderTest {

  private static final String LETTER =
      "Dear Secretariat, as a concerned citizen I urge the working group to protect hospitals and"
          + " other critical infrastructure from cyberattacks, to make the norms of responsible"
          + " State behaviour binding, and to hear civil society in every session of the future"
          + " permanent mechanism. Thank you for considering my views. ";

  private static final String OTHER =
      "Our university's research centre submits three comments on capacity-building: regional"
          + " training for incident responders, shared curricula on threat intelligence, and a"
          + " fund that helps small island States send experts to the technical meetings.";

  @TempDir Path stateDir;
  private final List<KeyValueStore<?, ?>> stores = new ArrayList<>();
  private final CampaignDetector detector = new CampaignDetector();

  @AfterEach
  void closeStores() {
    stores.forEach(KeyValueStore::close);
  }

  @Test
  void shouldFindCampaignMemberWhoseFirstLetterIsNoLongerCached() {
    // room for one signature: the unrelated inputs push the first letter's out of memory
    final MockProcessorContext<String, String> context = context();
    final LinkFinder finder = finderCachingOneSignature(context);
    process(finder, "c1", "ann@gmail.com", "Hello. " + LETTER + "Ann");
    process(finder, "x1", "dee@gmail.com", Fixtures.MISSION_TEXT);
    process(finder, "x2", "eve@gmail.com", OTHER);
    process(finder, "c2", "bob@yahoo.fr", "Hi, " + LETTER + "Bob");

    final Map<String, Links> links = forwarded(context);
    assertThat(links).containsOnlyKeys("c2", "c1");
    assertThat(links.get("c2").campaignId()).isEqualTo("campaign-c1");
    assertThat(links.get("c2").campaignSize()).isEqualTo(2);
    assertThat(links.get("c1").representativeId()).isEqualTo("c1");
  }

  @Test
  void shouldKnowAMemberReadAgainWithoutCountingItTwice() {
    final MockProcessorContext<String, String> context = context();
    final LinkFinder finder = finderCachingOneSignature(context);
    process(finder, "c1", "ann@gmail.com", "Hello. " + LETTER + "Ann");
    process(finder, "c2", "bob@yahoo.fr", "Hi, " + LETTER + "Bob");
    context.resetForwards();

    process(finder, "c2", "bob@yahoo.fr", "Hi, " + LETTER + "Bob");

    final Map<String, Links> links = forwarded(context);
    assertThat(links.get("c2").campaignSize()).as("a re-read is not a new member").isEqualTo(2);
  }

  @Test
  void shouldForgetBucketsHeldInMemoryWhenSetUpAgainOverItsStores() {
    // a task set up again after a failed transaction: its stores no longer hold the first letter,
    // so neither may the buckets the finder held in memory
    final LinkFinder finder = new LinkFinder(detector);
    finder.init(context());
    process(finder, "c1", "ann@gmail.com", "Hello. " + LETTER + "Ann");
    stores.forEach(KeyValueStore::close);
    stores.clear();

    final MockProcessorContext<String, String> restored = context("restored");
    finder.init(restored);
    process(finder, "c2", "bob@yahoo.fr", "Hi, " + LETTER + "Bob");

    assertThat(forwarded(restored)).as("c1 is not in the stores any more").isEmpty();
  }

  @Test
  void shouldFindTheSameCampaignWithBucketsHeldInMemoryAsReadFromTheStores() {
    final MockProcessorContext<String, String> held = context("held");
    final LinkFinder holding = new LinkFinder(detector);
    holding.init(held);
    final MockProcessorContext<String, String> read = context("read");
    final LinkFinder reading = finderCachingOneSignature(read);
    for (int i = 0; i < 30; i++) {
      final String text = i % 3 == 0 ? OTHER + " Comment " + i + "." : "Dear all, " + LETTER;
      process(holding, "s" + i, "s" + i + "@gmail.com", text);
      process(reading, "s" + i, "s" + i + "@gmail.com", text);
    }
    assertThat(forwarded(held)).isNotEmpty().isEqualTo(forwarded(read));
  }

  private LinkFinder finderCachingOneSignature(final MockProcessorContext<String, String> context) {
    final LinkFinder finder = new LinkFinder(detector, 1);
    finder.init(context);
    return finder;
  }

  private void process(
      final LinkFinder finder, final String id, final String from, final String text) {
    finder.process(
        new Record<>(
            "oewg8", LinkKeys.of(Fixtures.received(id, from, "Views", text), detector), 0L));
  }

  private static Map<String, Links> forwarded(final MockProcessorContext<String, String> context) {
    final Map<String, Links> out = new java.util.LinkedHashMap<>();
    context.forwarded().forEach(f -> out.put(f.record().key(), Links.decode(f.record().value())));
    return out;
  }

  private MockProcessorContext<String, String> context() {
    return context("stores");
  }

  private MockProcessorContext<String, String> context(final String dir) {
    final Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "link-finder-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
    final MockProcessorContext<String, String> context =
        new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.resolve(dir).toFile());
    for (final String name :
        List.of(
            LinkFinder.DUPLICATES_STORE, LinkFinder.BUCKETS_STORE, LinkFinder.CAMPAIGNS_STORE)) {
      add(
          context,
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String())
              .withLoggingDisabled()
              .build());
    }
    add(
        context,
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LinkFinder.SIGNATURES_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build());
    return context;
  }

  private void add(
      final MockProcessorContext<String, String> context, final KeyValueStore<?, ?> s) {
    s.init(context.getStateStoreContext(), s);
    context.addStateStore(s);
    stores.add(s);
  }
}
