package org.inputdesk.publisher.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The stores of a running {@link KafkaStreams} through Interactive Queries ({@code
 * KafkaStreams.store(StoreQueryParameters...)}). Every publisher instance runs its own application
 * and holds every partition, so every query is answered here. Reads only.
 */
final class InteractiveQueries implements StoreAccess {

  private final KafkaStreams streams;
  private final int partitions;
  private final Map<String, Object> all = new ConcurrentHashMap<>();
  private final Map<String, List<?>> byPartition = new ConcurrentHashMap<>();

  /** {@code partitions}: of submissions-classified, which the partitioned stores follow. */
  InteractiveQueries(final KafkaStreams streams, final int partitions) {
    this.streams = streams;
    this.partitions = partitions;
  }

  // The handles Streams returns look up the current stores on every call: kept once made.
  @Override
  @SuppressWarnings("unchecked")
  public <K, V> ReadOnlyKeyValueStore<K, V> all(final String name) {
    return (ReadOnlyKeyValueStore<K, V>)
        all.computeIfAbsent(
            name,
            n ->
                streams.store(
                    StoreQueryParameters.fromNameAndType(
                        n, QueryableStoreTypes.<K, V>keyValueStore())));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> List<ReadOnlyKeyValueStore<K, V>> partitions(final String name) {
    return (List<ReadOnlyKeyValueStore<K, V>>)
        byPartition.computeIfAbsent(
            name,
            n -> {
              final List<ReadOnlyKeyValueStore<K, V>> out = new ArrayList<>();
              for (int p = 0; p < partitions; p++) {
                out.add(
                    streams.store(
                        StoreQueryParameters.fromNameAndType(
                                n, QueryableStoreTypes.<K, V>keyValueStore())
                            .withPartition(p)));
              }
              return List.copyOf(out);
            });
  }
}
