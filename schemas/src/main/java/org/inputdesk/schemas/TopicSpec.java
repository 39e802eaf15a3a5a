package org.inputdesk.schemas;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic's name, serdes and the settings it is created with.
 *
 * @param name kebab-case topic name
 * @param keySerde serde of the keys
 * @param valueSerde serde of the values
 * @param partitions partitions at creation
 * @param config topic-level settings (cleanup policy, retention)
 */
public record TopicSpec<K, V>(
    String name,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    int partitions,
    Map<String, String> config) {

  public TopicSpec {
    config = Map.copyOf(config);
  }

  /** The topic to create, with the given replication factor. */
  public NewTopic newTopic(final short replicationFactor) {
    return new NewTopic(name, partitions, replicationFactor).configs(config);
  }
}
