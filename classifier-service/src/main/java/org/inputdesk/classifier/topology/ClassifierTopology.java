package org.inputdesk.classifier.topology;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.inputdesk.classifier.Classifier;
import org.inputdesk.classifier.links.CampaignDetector;
import org.inputdesk.classifier.links.LinkTopology;
import org.inputdesk.classifier.links.Links;
import org.inputdesk.classifier.policy.PublicationDecider;
import org.inputdesk.schemas.CampaignRef;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;

/**
 * The classifier's Kafka Streams topology: reads submissions-received and the operators' replays on
 * submissions-replay (kept per id in the store {@code received-store}), the KTable
 * submission-corrections and the GlobalKTables consultations and sender-directory; writes
 * submissions-classified. The received and corrections tables are joined, so a correction or its
 * retraction arriving later re-emits that submission. Exact duplicates and form-letter campaigns
 * are found by {@link LinkTopology}, keyed by duplicate key and LSH bucket so that they spread over
 * the partitions, and joined back through the repartition topic {@code links-by-submission}.
 */
public final class ClassifierTopology {

  public static final String RECEIVED_STORE = "received-store";
  public static final String CORRECTIONS_STORE = "corrections-store";
  public static final String CONSULTATIONS_STORE = "consultations-store";
  public static final String THEME_MODELS_STORE = "theme-models-store";
  public static final String DIRECTORY_STORE = "sender-directory-store";
  public static final String LINKS_STORE = "links-store";

  /** Repartition topic of the links found, keyed by submission id for the join. */
  public static final String LINKS_BY_SUBMISSION = "links-by-submission";

  /** The application id the topology is built for when none is given (the config's default). */
  public static final String DEFAULT_APPLICATION_ID = "inputdesk-classifier";

  /** A received submission with the operator's correction that applies to it (may be null). */
  record Pending(SubmissionReceived received, SubmissionCorrection correction, Links links) {

    Pending withLinks(final String encoded) {
      return new Pending(received, correction, Links.decode(encoded));
    }
  }

  private ClassifierTopology() {}

  /** The topology with a fresh classifier. */
  public static Topology build() {
    return build(new Classifier(), new CampaignDetector());
  }

  /** The topology around the given classifier and campaign detector, for the default id. */
  public static Topology build(final Classifier classifier, final CampaignDetector detector) {
    return build(classifier, detector, DEFAULT_APPLICATION_ID);
  }

  /**
   * The topology around the given classifier and campaign detector, for the application id it runs
   * under (which names the link hops topic, {@link LinkTopology#hopsTopic(String)}).
   */
  public static Topology build(
      final Classifier classifier, final CampaignDetector detector, final String applicationId) {
    final StreamsBuilder builder = new StreamsBuilder();
    final var received = Topics.SUBMISSIONS_RECEIVED;
    final var corrections = Topics.SUBMISSION_CORRECTIONS;

    // An operator's replay puts received inputs on submissions-replay under their own ids; as a
    // newer version of the same row it re-runs the classification in place, never a second input.
    final KStream<String, SubmissionReceived> replayed =
        builder.stream(
            Topics.SUBMISSIONS_REPLAY.name(),
            Consumed.with(
                    Topics.SUBMISSIONS_REPLAY.keySerde(), Topics.SUBMISSIONS_REPLAY.valueSerde())
                .withName("replay-source"));
    final KTable<String, SubmissionReceived> receivedTable =
        builder.stream(
                received.name(),
                Consumed.with(received.keySerde(), received.valueSerde())
                    .withName("received-source"))
            .merge(replayed, Named.as("received-and-replayed"))
            .toTable(
                Named.as("received-table"),
                Materialized.<String, SubmissionReceived, KeyValueStore<Bytes, byte[]>>as(
                        RECEIVED_STORE)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(received.valueSerde())
                    .withCachingDisabled());
    final KTable<String, SubmissionCorrection> correctionTable =
        builder.table(
            corrections.name(),
            Consumed.with(corrections.keySerde(), corrections.valueSerde())
                .withName("corrections-source"),
            Materialized.<String, SubmissionCorrection, KeyValueStore<Bytes, byte[]>>as(
                    CORRECTIONS_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(corrections.valueSerde())
                .withCachingDisabled());
    builder.globalTable(
        Topics.CONSULTATIONS.name(),
        Consumed.with(Topics.CONSULTATIONS.keySerde(), Topics.CONSULTATIONS.valueSerde())
            .withName("consultations-source"),
        Materialized.<String, Consultation, KeyValueStore<Bytes, byte[]>>as(CONSULTATIONS_STORE)
            .withKeySerde(Serdes.String())
            .withValueSerde(Topics.CONSULTATIONS.valueSerde()));
    builder.globalTable(
        Topics.SENDER_DIRECTORY.name(),
        Consumed.with(Topics.SENDER_DIRECTORY.keySerde(), Topics.SENDER_DIRECTORY.valueSerde())
            .withName("sender-directory-source"),
        Materialized.<String, SenderDirectoryEntry, KeyValueStore<Bytes, byte[]>>as(DIRECTORY_STORE)
            .withKeySerde(Serdes.String())
            .withValueSerde(Topics.SENDER_DIRECTORY.valueSerde()));

    builder.globalTable(
        Topics.THEME_MODELS.name(),
        Consumed.with(Topics.THEME_MODELS.keySerde(), Topics.THEME_MODELS.valueSerde())
            .withName("theme-models-source"),
        Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(THEME_MODELS_STORE)
            .withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()));

    final KTable<String, String> linksTable =
        links(builder, receivedTable, detector, applicationId);

    receivedTable
        .leftJoin(
            correctionTable,
            (r, c) -> new Pending(r, c, null),
            Named.as("received-left-join-corrections"))
        .leftJoin(linksTable, Pending::withLinks, Named.as("pending-left-join-links"))
        .toStream(Named.as("pending-changes"))
        // a correction for a submission not received yet has nothing to re-emit
        .filter((id, pending) -> pending != null, Named.as("drop-without-submission"))
        .processValues(() -> new Classify(classifier), Named.as("classify"))
        .to(
            Topics.SUBMISSIONS_CLASSIFIED.name(),
            Produced.with(Serdes.String(), Topics.SUBMISSIONS_CLASSIFIED.valueSerde())
                .withName("classified-sink"));
    return builder.build();
  }

  /**
   * Duplicates and campaigns are found by what is compared (duplicate keys, LSH buckets; see {@link
   * LinkTopology}), and what is found comes back keyed by submission id for the join.
   */
  private static KTable<String, String> links(
      final StreamsBuilder builder,
      final KTable<String, SubmissionReceived> receivedTable,
      final CampaignDetector detector,
      final String applicationId) {
    final KStream<String, SubmissionReceived> received =
        receivedTable
            .toStream(Named.as("received-changes"))
            .filter((id, submission) -> submission != null, Named.as("drop-deleted-received"));
    return LinkTopology.build(builder, received, detector, LinkTopology.hopsTopic(applicationId))
        .repartition(
            Repartitioned.<String, String>as(LINKS_BY_SUBMISSION)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.String()))
        .toTable(
            Named.as("links-table"),
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(LINKS_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.String())
                .withCachingDisabled());
  }

  /** Looks up the consultation and the directory and runs the classifier. */
  private static final class Classify
      implements FixedKeyProcessor<String, Pending, SubmissionClassified> {

    private final Classifier classifier;
    private FixedKeyProcessorContext<String, SubmissionClassified> context;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<Consultation>> consultations;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<SenderDirectoryEntry>> directory;

    Classify(final Classifier classifier) {
      this.classifier = classifier;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, SubmissionClassified> context) {
      this.context = context;
      this.consultations = context.getStateStore(CONSULTATIONS_STORE);
      this.directory = context.getStateStore(DIRECTORY_STORE);
      final ReadOnlyKeyValueStore<String, ValueAndTimestamp<byte[]>> models =
          context.getStateStore(THEME_MODELS_STORE);
      classifier.useModels(
          consultationId -> {
            final ValueAndTimestamp<byte[]> stored = models.get(consultationId);
            return stored == null
                ? null
                : new Classifier.TrainedModel(stored.timestamp(), stored.value());
          });
    }

    @Override
    public void process(final FixedKeyRecord<String, Pending> record) {
      final SubmissionReceived received = record.value().received();
      final String consultationId = received.getConsultationId();
      final Consultation consultation =
          consultationId == null ? null : value(consultations.get(consultationId));
      final SubmissionClassified classified =
          classifier.classify(
              received,
              consultation,
              key -> Optional.ofNullable(value(directory.get(key))),
              record.value().correction(),
              Instant.ofEpochMilli(context.currentSystemTimeMs()));
      final Links links = record.value().links();
      if (links != null) {
        classified.setDuplicateOf(links.duplicateOf());
        if (links.duplicateOf() != null) {
          classified.setPublication(
              PublicationDecider.forDuplicate(
                  classified.getPublication(), record.value().correction(), links.duplicateOf()));
        }
        if (links.campaignId() != null) {
          classified.setCampaign(
              CampaignRef.newBuilder()
                  .setId(links.campaignId())
                  .setSize(links.campaignSize())
                  .setRepresentativeId(links.representativeId())
                  .build());
        }
      }
      context.forward(record.withValue(classified));
    }

    private static <V> V value(final ValueAndTimestamp<V> stored) {
      return stored == null ? null : stored.value();
    }
  }
}
