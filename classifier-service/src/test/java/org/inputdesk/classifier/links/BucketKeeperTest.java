package org.inputdesk.classifier.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/**
 * The LSH buckets on their own, over a real RocksDB store: every band of one consultation on this
 * one task, as the single-task finder had them. The campaign built from the answers is tested
 * through the topology ({@code ClassifierTopologyTest}) and on a broker ({@code ClassifierIT}).
 */
class BucketKeeperTest {

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
    // room for one member: the unrelated inputs push the first letter's buckets out of memory
    final MockProcessorContext<String, LinkMessage> context = context();
    final BucketKeeper buckets = keeperCachingOneMember(context);
    ask(buckets, "c1", "Hello. " + LETTER + "Ann");
    ask(buckets, "x1", Fixtures.MISSION_TEXT);
    ask(buckets, "x2", OTHER);
    context.resetForwards();
    ask(buckets, "c2", "Hi, " + LETTER + "Bob");

    assertThat(firstSimilar(context)).containsOnlyKeys("c2").containsEntry("c2", "c1");
  }

  @Test
  void shouldAnswerAMemberAskingAgainAsTheFirstTimeWithoutAddingItTwice() {
    final MockProcessorContext<String, LinkMessage> context = context();
    final BucketKeeper buckets = keeperCachingOneMember(context);
    ask(buckets, "c1", "Hello. " + LETTER + "Ann");
    ask(buckets, "c2", "Hi, " + LETTER + "Bob");
    final List<String> first = answers(context, "c2");
    context.resetForwards();

    ask(buckets, "c2", "Hi, " + LETTER + "Bob");
    assertThat(answers(context, "c2")).as("a re-read is answered alike").isEqualTo(first);
    assertThat(first).contains("c1");

    // one entry per band, as c1: c2 was not added again
    assertThat(storedMembers("c1")).isEqualTo(detector.bandKeys(detector.signature(LETTER)).size());
    assertThat(storedMembers("c2")).isEqualTo(storedMembers("c1"));
  }

  @Test
  void shouldForgetBucketsHeldInMemoryWhenSetUpAgainOverItsStores() {
    // a task set up again after a failed transaction: its store no longer holds the first letter,
    // so neither may the buckets the keeper held in memory
    final BucketKeeper buckets = new BucketKeeper(detector);
    buckets.init(context());
    ask(buckets, "c1", "Hello. " + LETTER + "Ann");
    stores.forEach(KeyValueStore::close);
    stores.clear();

    final MockProcessorContext<String, LinkMessage> restored = context("restored");
    buckets.init(restored);
    ask(buckets, "c2", "Hi, " + LETTER + "Bob");

    assertThat(answers(restored, "c2"))
        .as("c1 is not in the store any more")
        .isNotEmpty()
        .allMatch(java.util.Objects::isNull);
  }

  @Test
  void shouldFindTheSameMembersWithBucketsHeldInMemoryAsReadFromTheStore() {
    final MockProcessorContext<String, LinkMessage> held = context("held");
    final BucketKeeper holding = new BucketKeeper(detector);
    holding.init(held);
    final MockProcessorContext<String, LinkMessage> read = context("read");
    final BucketKeeper reading = keeperCachingOneMember(read);
    for (int i = 0; i < 30; i++) {
      final String text = i % 3 == 0 ? OTHER + " Comment " + i + "." : "Dear all, " + LETTER;
      ask(holding, "s" + i, text);
      ask(reading, "s" + i, text);
    }
    assertThat(firstSimilar(held)).isNotEmpty().isEqualTo(firstSimilar(read));
    assertThat(all(held)).isEqualTo(all(read));
  }

  @Test
  void shouldStopAddingToAFullBucketButStillAnswer() {
    final MockProcessorContext<String, LinkMessage> context = context();
    final BucketKeeper buckets = new BucketKeeper(detector);
    buckets.init(context);
    final long[] signature = detector.signature(LETTER);
    for (int i = 0; i < BucketKeeper.MAX_BUCKET + 5; i++) {
      buckets.process(
          new Record<>("oewg8|0:full", LinkMessage.bandAsk("m" + i, 0, 1, signature), 0L));
    }
    final List<String> found = answers(context, "m" + (BucketKeeper.MAX_BUCKET + 4));
    assertThat(found).containsExactly("m0");
    assertThat(count("oewg8|0:full#")).isEqualTo(BucketKeeper.MAX_BUCKET + 1);
  }

  private BucketKeeper keeperCachingOneMember(final MockProcessorContext<String, LinkMessage> c) {
    final BucketKeeper buckets = new BucketKeeper(detector, 1);
    buckets.init(c);
    return buckets;
  }

  // the band questions of one input, as the gatherer sends them
  private void ask(final BucketKeeper buckets, final String id, final String text) {
    final long[] signature = detector.signature(text);
    final List<String> bands = detector.bandKeys(signature);
    for (int b = 0; b < bands.size(); b++) {
      buckets.process(
          new Record<>(
              "oewg8|" + bands.get(b), LinkMessage.bandAsk(id, b, bands.size(), signature), 0L));
    }
  }

  // per asking input, the first band's member found (as the gatherer decides)
  private static Map<String, String> firstSimilar(
      final MockProcessorContext<String, LinkMessage> c) {
    final Map<String, String> out = new LinkedHashMap<>();
    for (final var f : c.forwarded()) {
      final LinkMessage answer = f.record().value();
      assertThat(f.record().key()).isEqualTo(answer.id());
      assertThat(answer.kind()).isEqualTo(LinkMessage.Kind.BAND_ANSWER);
      if (answer.other() != null) {
        out.putIfAbsent(answer.id(), answer.other());
      }
    }
    return out;
  }

  private static List<String> all(final MockProcessorContext<String, LinkMessage> c) {
    return c.forwarded().stream()
        .map(
            f ->
                f.record().key()
                    + "/"
                    + f.record().value().index()
                    + "="
                    + f.record().value().other())
        .toList();
  }

  private static List<String> answers(
      final MockProcessorContext<String, LinkMessage> c, final String id) {
    final List<String> out = new ArrayList<>();
    c.forwarded().stream()
        .filter(f -> f.record().key().equals(id))
        .forEach(f -> out.add(f.record().value().other()));
    return out;
  }

  @SuppressWarnings("unchecked")
  private KeyValueStore<String, byte[]> store() {
    return (KeyValueStore<String, byte[]>) stores.get(0);
  }

  // how many bucket entries are the input's
  private int storedMembers(final String id) {
    int count = 0;
    try (var all = store().all()) {
      while (all.hasNext()) {
        final var entry = all.next();
        try (var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(entry.value))) {
          if (id.equals(LinkMessage.readString(in))) {
            count++;
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return count;
  }

  private int count(final String prefix) {
    int count = 0;
    try (var members =
        store().prefixScan(prefix, new org.apache.kafka.common.serialization.StringSerializer())) {
      while (members.hasNext()) {
        members.next();
        count++;
      }
    }
    return count;
  }

  private MockProcessorContext<String, LinkMessage> context() {
    return context("stores");
  }

  private MockProcessorContext<String, LinkMessage> context(final String dir) {
    final Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bucket-keeper-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
    final MockProcessorContext<String, LinkMessage> context =
        new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.resolve(dir).toFile());
    final KeyValueStore<String, byte[]> s =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BucketKeeper.STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    s.init(context.getStateStoreContext(), s);
    context.addStateStore(s);
    stores.add(0, s);
    return context;
  }
}
