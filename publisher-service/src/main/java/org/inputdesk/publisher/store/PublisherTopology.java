package org.inputdesk.publisher.store;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.inputdesk.publisher.attachments.AttachmentStore;
import org.inputdesk.schemas.Topics;

/**
 * The publisher's read model as a Kafka Streams topology. Reads consultations (a global store),
 * submissions-classified (compacted: the latest state per submission) and submission-attachments;
 * writes only its own state stores, each backed by a changelog, and the attachment bytes. The pages
 * and feeds read the stores through {@link Catalogue}.
 *
 * <p>Stores of submissions-classified, one per partition: {@value #ENTRIES} (posted inputs without
 * their text), {@value #BODIES} (text and HTML), {@value #NEWEST_FIRST} (per consultation, keys in
 * the order lists are shown), {@value #CHANGED_SINCE} (per consultation by modification time, for
 * {@code ?since=}), {@value #SLUGS} (tracking number to id), {@value #FACET_COUNTS}, {@value
 * #CONSULTATION_STATE} (posted count, content digest, last change), {@value #CAMPAIGNS}, {@value
 * #REMOVED} and {@value #REMOVED_IN} (inputs taken down), {@value #ATTACHMENT_LINKS} (how many
 * posted inputs link each attachment).
 */
public final class PublisherTopology {

  public static final String CONSULTATIONS = "consultations";
  public static final String ENTRIES = "entries";
  public static final String BODIES = "bodies";
  public static final String NEWEST_FIRST = "newest-first";
  public static final String CHANGED_SINCE = "changed-since";
  public static final String SLUGS = "slugs";
  public static final String FACET_COUNTS = "facet-counts";
  public static final String CONSULTATION_STATE = "consultation-state";
  public static final String CAMPAIGNS = "campaigns";
  public static final String REMOVED = "removed";
  public static final String REMOVED_IN = "removed-in";
  public static final String ATTACHMENT_LINKS = "attachment-links";

  /** The stores of submissions-classified, which the classified processor writes. */
  static final List<String> CLASSIFIED_STORES =
      List.of(
          ENTRIES,
          BODIES,
          NEWEST_FIRST,
          CHANGED_SINCE,
          SLUGS,
          FACET_COUNTS,
          CONSULTATION_STATE,
          CAMPAIGNS,
          REMOVED,
          REMOVED_IN,
          ATTACHMENT_LINKS);

  /** The stores whose few keys many records update: the only ones behind the record cache. */
  static final Set<String> AGGREGATES = Set.of(FACET_COUNTS, CONSULTATION_STATE, CAMPAIGNS);

  private PublisherTopology() {}

  /**
   * The topology: attachment bytes go to {@code attachments}; {@code onChange} runs after each
   * record applied (the export loop and page caches follow it; ETags do not, they come from the
   * stores).
   */
  public static Topology build(final AttachmentStore attachments, final Runnable onChange) {
    return build(attachments, onChange, Stores::persistentKeyValueStore);
  }

  /**
   * As {@link #build(AttachmentStore, Runnable)} with stores from {@code kind} (tests of the pages
   * use stores on the heap, which keep the same byte order).
   */
  public static Topology build(
      final AttachmentStore attachments,
      final Runnable onChange,
      final Function<String, KeyValueBytesStoreSupplier> kind) {
    final StreamsBuilder builder = new StreamsBuilder();
    // A global store rather than a GlobalKTable: the same store, read whole by every instance with
    // the topic as its changelog, plus a processor that reports changes (ConsultationProcessor).
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                kind.apply(CONSULTATIONS), Serdes.String(), Topics.CONSULTATIONS.valueSerde())
            .withLoggingDisabled(),
        Topics.CONSULTATIONS.name(),
        Consumed.with(Serdes.String(), Topics.CONSULTATIONS.valueSerde())
            .withName("consultations-source"),
        () -> new ConsultationProcessor(onChange));
    store(builder, kind, ENTRIES, Serdes.String(), Values.ENTRY);
    store(builder, kind, BODIES, Serdes.String(), Values.BODY);
    store(builder, kind, NEWEST_FIRST, Keys.LIST, Values.LISTED);
    store(builder, kind, CHANGED_SINCE, Keys.CHANGE, Keys.LIST);
    store(builder, kind, SLUGS, Keys.SCOPED, Serdes.String());
    store(builder, kind, FACET_COUNTS, Keys.FACET, Values.COUNT);
    store(builder, kind, CONSULTATION_STATE, Serdes.String(), Values.CONSULTATION_STATE);
    store(builder, kind, CAMPAIGNS, Keys.SCOPED, Values.CAMPAIGN);
    store(builder, kind, REMOVED, Keys.SCOPED, Values.REMOVED);
    store(builder, kind, REMOVED_IN, Serdes.String(), Serdes.String());
    store(builder, kind, ATTACHMENT_LINKS, Serdes.String(), Serdes.Long());
    builder.stream(
            Topics.SUBMISSIONS_CLASSIFIED.name(),
            Consumed.with(Serdes.String(), Topics.SUBMISSIONS_CLASSIFIED.valueSerde())
                .withName("classified-source"))
        .process(
            () -> new ClassifiedProcessor(onChange),
            Named.as("classified-apply"),
            CLASSIFIED_STORES.toArray(new String[0]));
    builder.stream(
            Topics.SUBMISSION_ATTACHMENTS.name(),
            Consumed.with(Serdes.String(), Topics.SUBMISSION_ATTACHMENTS.valueSerde())
                .withName("attachments-source"))
        .process(
            () -> new AttachmentProcessor(attachments, onChange), Named.as("attachments-apply"));
    return builder.build();
  }

  private static <K, V> void store(
      final StreamsBuilder builder,
      final Function<String, KeyValueBytesStoreSupplier> kind,
      final String name,
      final Serde<K> keys,
      final Serde<V> values) {
    final StoreBuilder<KeyValueStore<K, V>> store =
        Stores.keyValueStoreBuilder(kind.apply(name), keys, values);
    // Cached: the counts and states a record updates several times are written to the changelog
    // once per commit, not once per update. Only those: Streams' record cache keeps, with each
    // entry, the whole source record it came from, outside its byte bound
    // (statestore.cache.max.bytes counts keys and values only). With the stores keyed per input
    // cached too, tens of thousands of entries each held an input's record: 54 MB of heap at
    // 160,000 inputs, still growing (BENCHMARK.md).
    builder.addStateStore(AGGREGATES.contains(name) ? store.withCachingEnabled() : store);
  }
}
