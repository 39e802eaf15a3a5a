package org.inputdesk.publisher.store;

import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How the {@link Catalogue} reaches the state stores: through Interactive Queries of a running
 * {@code KafkaStreams} ({@link InteractiveQueries}), or a test driver's stores. Reads only.
 */
public interface StoreAccess {

  /** The store over all partitions held here: gets, and scans whose order does not matter. */
  <K, V> ReadOnlyKeyValueStore<K, V> all(String name);

  /** The store of each partition, for scans that keep the key order across partitions. */
  <K, V> List<ReadOnlyKeyValueStore<K, V>> partitions(String name);
}
