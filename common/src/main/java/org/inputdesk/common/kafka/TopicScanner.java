package org.inputdesk.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic to its end: every committed record from where the consumer stands (the beginning,
 * for {@link #scan}) up to the end offsets seen when the read starts, without a consumer group.
 * Reads the topic; writes nothing. The one copy of a loop the services, the CLI and the embedded
 * stack each used to write themselves.
 */
public final class TopicScanner {

  /** How long a read to the end may take before it fails. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

  private TopicScanner() {}

  /**
   * Every committed record of {@code topic}, from the beginning to its current end, to {@code
   * each}; fails after {@link #DEFAULT_TIMEOUT}.
   */
  public static <K, V> void scan(
      final Map<String, Object> clientProps,
      final String topic,
      final Deserializer<K> keys,
      final Deserializer<V> values,
      final Consumer<ConsumerRecord<K, V>> each) {
    scan(clientProps, topic, keys, values, DEFAULT_TIMEOUT, each);
  }

  /**
   * As {@link #scan(Map, String, Deserializer, Deserializer, Consumer)}, within {@code timeout}.
   */
  public static <K, V> void scan(
      final Map<String, Object> clientProps,
      final String topic,
      final Deserializer<K> keys,
      final Deserializer<V> values,
      final Duration timeout,
      final Consumer<ConsumerRecord<K, V>> each) {
    try (KafkaConsumer<K, V> consumer =
        new KafkaConsumer<>(readerProps(clientProps), keys, values)) {
      final List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      readToEnd(
          consumer,
          partitions,
          timeout,
          r -> {
            each.accept(r);
            return true;
          });
    }
  }

  /** Every committed record of {@code topic}, from the beginning to its current end. */
  public static <K, V> List<ConsumerRecord<K, V>> readAll(
      final Map<String, Object> clientProps,
      final String topic,
      final Deserializer<K> keys,
      final Deserializer<V> values) {
    final List<ConsumerRecord<K, V>> out = new ArrayList<>();
    scan(clientProps, topic, keys, values, out::add);
    return out;
  }

  /**
   * Polls an assigned consumer from its positions until each of {@code partitions} reaches the end
   * offset it has now, handing each record to {@code each} until that returns false. Returns
   * whether the end was reached (false: {@code each} stopped first).
   *
   * @param timeout the longest the read may take, after which it fails; null for no limit
   * @throws IllegalStateException when the end is not reached in time
   */
  public static <K, V> boolean readToEnd(
      final org.apache.kafka.clients.consumer.Consumer<K, V> consumer,
      final List<TopicPartition> partitions,
      final Duration timeout,
      final Predicate<ConsumerRecord<K, V>> each) {
    final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    final long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    while (!reached(consumer, ends)) {
      if (timeout != null && System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read "
                + topics(partitions)
                + " to its end in "
                + timeout.toSeconds()
                + " s");
      }
      for (final ConsumerRecord<K, V> r : consumer.poll(POLL)) {
        if (!each.test(r)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether the consumer's position in each partition is at or past the given end offset. */
  public static boolean reached(
      final org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
      final Map<TopicPartition, Long> ends) {
    for (final Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The partitions of {@code topic}, waiting up to 30 s for metadata; none when it is missing. */
  public static List<TopicPartition> partitions(
      final org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, final String topic) {
    return consumer.partitionsFor(topic, METADATA_WAIT).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  /**
   * The client settings of a reader: read_committed, no group, no commits, no transactional id
   * (which a service's shared client settings may carry for its producer).
   */
  public static Map<String, Object> readerProps(final Map<String, Object> clientProps) {
    final Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    return props;
  }

  private static String topics(final List<TopicPartition> partitions) {
    return String.join(
        ", ", partitions.stream().map(TopicPartition::topic).distinct().sorted().toList());
  }
}
