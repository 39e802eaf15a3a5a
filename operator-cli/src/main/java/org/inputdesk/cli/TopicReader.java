package org.inputdesk.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.inputdesk.common.kafka.TopicScanner;
import org.inputdesk.schemas.TopicSpec;

/**
 * Reads a topic from a point in time to its current end, without a consumer group (nothing is
 * committed, nothing is disturbed), committed records only.
 */
public final class TopicReader {

  /** One record as read, value decoded or the reason it could not be. */
  public record Entry<K, V>(
      K key,
      V value,
      String error,
      String topic,
      int partition,
      long offset,
      Instant timestamp,
      Map<String, String> headers) {}

  private TopicReader() {}

  /**
   * Reads records with timestamp at or after {@code from} (null: from the beginning) up to the end
   * offsets seen at start, stopping after {@code limit} accepted records (0: no limit).
   */
  public static <K, V> List<Entry<K, V>> read(
      final Map<String, Object> kafka,
      final TopicSpec<K, V> spec,
      final Instant from,
      final int limit,
      final Predicate<Entry<K, V>> filter) {
    final Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    final List<Entry<K, V>> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> partitions =
          consumer.partitionsFor(spec.name(), Duration.ofSeconds(15)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("topic " + spec.name() + " does not exist");
      }
      consumer.assign(partitions);
      seek(consumer, partitions, from);
      // no time limit: a dump of a large topic takes as long as it takes
      TopicScanner.readToEnd(
          consumer,
          partitions,
          null,
          r -> {
            final Entry<K, V> entry = decode(spec, r);
            if (filter.test(entry)) {
              out.add(entry);
            }
            return limit <= 0 || out.size() < limit;
          });
    }
    return out;
  }

  /** The latest value of each key of a compacted topic; tombstones remove the key. */
  public static <K, V> Map<K, V> latest(
      final Map<String, Object> kafka, final TopicSpec<K, V> spec) {
    final Map<K, V> out = new LinkedHashMap<>();
    for (final Entry<K, V> e : read(kafka, spec, null, 0, x -> x.error() == null)) {
      if (e.value() == null) {
        out.remove(e.key());
      } else {
        out.put(e.key(), e.value());
      }
    }
    return out;
  }

  private static void seek(
      final KafkaConsumer<byte[], byte[]> consumer,
      final List<TopicPartition> partitions,
      final Instant from) {
    if (from == null) {
      consumer.seekToBeginning(partitions);
      return;
    }
    final Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, from.toEpochMilli()));
    final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    for (final TopicPartition p : partitions) {
      final OffsetAndTimestamp at = found.get(p);
      consumer.seek(p, at == null ? end.get(p) : at.offset());
    }
  }

  private static <K, V> Entry<K, V> decode(
      final TopicSpec<K, V> spec, final ConsumerRecord<byte[], byte[]> r) {
    K key = null;
    V value = null;
    String error = null;
    try {
      key = spec.keySerde().deserializer().deserialize(r.topic(), r.key());
      value = spec.valueSerde().deserializer().deserialize(r.topic(), r.value());
    } catch (SerializationException e) {
      error = e.getMessage();
    }
    final Map<String, String> headers = new LinkedHashMap<>();
    for (final Header h : r.headers()) {
      headers.put(
          h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
    return new Entry<>(
        key,
        value,
        error,
        r.topic(),
        r.partition(),
        r.offset(),
        Instant.ofEpochMilli(r.timestamp()),
        headers);
  }
}
