package org.inputdesk.classifier.links;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * Duplicate and campaign detection keyed by what is compared, so that one consultation's work
 * spreads over every partition: reads received submissions keyed by id and writes their {@link
 * Links} (encoded) keyed by id. The hops, each a topic keyed by what the next stage holds:
 *
 * <ol>
 *   <li>each submission fans out to one {@link LinkMessage.Kind#DUPLICATE_ASK} per duplicate key
 *       (already consultation-prefixed) and one {@link LinkMessage.Kind#SUBMISSION} record keyed by
 *       its id (its consultation, signature and how many keys it has), through the repartition
 *       topic {@value #DUPLICATE_ASKS};
 *   <li>{@link DuplicateKeeper} (store {@value DuplicateKeeper#STORE}) answers each key's first
 *       holder, keyed by the asking submission, onto the hops topic ({@link #hopsTopic(String)});
 *   <li>{@link LinkGatherer} (stores {@value LinkGatherer#ANSWERS_STORE}, {@value
 *       LinkGatherer#CAMPAIGNS_STORE}) gathers them per submission: a duplicate gets its links now;
 *       any other input with a signature asks each of its LSH band buckets ({@code
 *       consultation|band:hash}) through the repartition topic {@value #BAND_ASKS};
 *   <li>{@link BucketKeeper} (store {@value BucketKeeper#STORE}) answers the first similar member
 *       of each bucket and adds the input, keyed by the asking submission, onto the hops topic;
 *   <li>{@link LinkGatherer} takes the first band with a similar member, asks that member's task
 *       for its representative (held there while the member is undecided), which sends the join to
 *       the representative's task, which counts the campaign and answers the new member with its
 *       size; all three keyed by the submission they concern, on the hops topic. The new member's
 *       links, and the representative's while {@link Campaigns#refreshRepresentative(int)}, leave
 *       keyed by their id.
 * </ol>
 *
 * <p>The hops topic is read and written by the same stage (a member may be asked, and a campaign
 * counted, on any task), which a DSL repartition cannot do: it is a topic of its own, named after
 * the application as Kafka Streams names its internal topics, so that the application reset tool
 * clears it with them; the service creates it with as many partitions as submissions-received.
 */
public final class LinkTopology {

  /** Repartition topic of the duplicate keys' questions. */
  public static final String DUPLICATE_ASKS = "link-duplicate-asks";

  /** Repartition topic of the LSH buckets' questions. */
  public static final String BAND_ASKS = "link-band-asks";

  private LinkTopology() {}

  /** The hops topic of the application: {@code <application.id>-link-hops-repartition}. */
  public static String hopsTopic(final String applicationId) {
    return applicationId + "-link-hops-repartition";
  }

  /**
   * Adds the stages to the builder; returns the links found, encoded ({@link Links#encode()}),
   * keyed by submission id.
   */
  public static KStream<String, String> build(
      final StreamsBuilder builder,
      final KStream<String, SubmissionReceived> received,
      final CampaignDetector detector,
      final String hopsTopic) {
    builder.addStateStore(stringStore(DuplicateKeeper.STORE));
    builder.addStateStore(bytesStore(BucketKeeper.STORE));
    // each answer rewrites its submission's entry until the last deletes it: cached, most of
    // them never reach RocksDB and the changelog
    builder.addStateStore(bytesStore(LinkGatherer.ANSWERS_STORE).withCachingEnabled());
    builder.addStateStore(stringStore(LinkGatherer.CAMPAIGNS_STORE));
    final KStream<String, LinkMessage> asks =
        received.flatMap((id, submission) -> asks(submission, detector), Named.as("link-asks"));
    // the submission's own record is keyed by its id already: straight to the gatherer
    asks.filter((key, m) -> m.kind() == LinkMessage.Kind.SUBMISSION, Named.as("submissions"))
        .to(hopsTopic, toHops("submissions-to-hops"));
    asks.filter((key, m) -> m.kind() == LinkMessage.Kind.DUPLICATE_ASK, Named.as("duplicate-asks"))
        .repartition(
            Repartitioned.<String, LinkMessage>as(DUPLICATE_ASKS)
                .withKeySerde(Serdes.String())
                .withValueSerde(LinkMessage.SERDE))
        .process(DuplicateKeeper::new, Named.as("first-holders"), DuplicateKeeper.STORE)
        .to(hopsTopic, toHops("duplicate-answers-to-hops"));

    final KStream<String, LinkMessage> gathered =
        builder.stream(
                hopsTopic, Consumed.with(Serdes.String(), LinkMessage.SERDE).withName("hops"))
            .process(
                () -> new LinkGatherer(detector),
                Named.as("gather-links"),
                LinkGatherer.ANSWERS_STORE,
                LinkGatherer.CAMPAIGNS_STORE);
    gathered
        .filter((key, m) -> m.kind() == LinkMessage.Kind.BAND_ASK, Named.as("band-asks"))
        .repartition(
            Repartitioned.<String, LinkMessage>as(BAND_ASKS)
                .withKeySerde(Serdes.String())
                .withValueSerde(LinkMessage.SERDE))
        .process(() -> new BucketKeeper(detector), Named.as("buckets"), BucketKeeper.STORE)
        .to(hopsTopic, toHops("band-answers-to-hops"));
    gathered
        .filter(
            (key, m) -> m.kind() != LinkMessage.Kind.BAND_ASK && m.kind() != LinkMessage.Kind.LINKS,
            Named.as("campaign-hops"))
        .to(hopsTopic, toHops("campaign-hops-to-hops"));
    return gathered
        .filter((key, m) -> m.kind() == LinkMessage.Kind.LINKS, Named.as("links-found"))
        .mapValues(LinkMessage::other, Named.as("links-encoded"));
  }

  // the duplicate keys' questions and the submission's own record; none when there is nothing
  // to compare
  static List<KeyValue<String, LinkMessage>> asks(
      final SubmissionReceived submission, final CampaignDetector detector) {
    if (submission == null) {
      return List.of();
    }
    final LinkKeys keys = LinkKeys.of(submission, detector);
    final List<String> duplicateKeys = keys.duplicateKeys();
    if (duplicateKeys.isEmpty() && keys.signature() == null) {
      return List.of();
    }
    final List<KeyValue<String, LinkMessage>> out = new ArrayList<>(duplicateKeys.size() + 1);
    for (int i = 0; i < duplicateKeys.size(); i++) {
      out.add(
          KeyValue.pair(
              duplicateKeys.get(i), LinkMessage.duplicateAsk(keys.id(), i, duplicateKeys.size())));
    }
    final String consultation =
        submission.getConsultationId() == null ? "-" : submission.getConsultationId();
    out.add(
        KeyValue.pair(
            keys.id(),
            LinkMessage.submission(
                keys.id(), duplicateKeys.size(), consultation, keys.signature())));
    return out;
  }

  private static Produced<String, LinkMessage> toHops(final String name) {
    return Produced.with(Serdes.String(), LinkMessage.SERDE).withName(name);
  }

  private static StoreBuilder<KeyValueStore<String, String>> stringStore(final String name) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
  }

  private static StoreBuilder<KeyValueStore<String, byte[]>> bytesStore(final String name) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
  }
}
