package org.inputdesk.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;

/**
 * Streams a consultation's received inputs from {@code submissions-received} to {@code
 * submissions-replay} in bounded batches, each batch in one Kafka transaction together with the
 * job's position, so that memory stays flat at any size and a replay interrupted at any point
 * (Ctrl-C, kill -9, a lost broker) resumes where it stopped, sending nothing twice.
 *
 * <p>The position is kept as the offsets of the consumer group {@code inputdesk-replay.<id>}; the
 * end each partition is replayed to is written in each offset's metadata ({@code running:<end>}
 * while it runs, {@code done} once the job finished), so a resumed job ends where the first one
 * would have, even when inputs arrived meanwhile.
 */
final class ReplayJob {

  /** What a run did. */
  record Outcome(long replayed, long scanned, boolean resumed, boolean finished) {}

  private static final int BATCH = 500;
  private static final String RUNNING = "running:";
  private static final String DONE = "done";

  private final Map<String, Object> kafka;
  private final String consultation;
  private final Predicate<SubmissionReceived> selected;
  private final Instant from;

  ReplayJob(
      final Map<String, Object> kafka,
      final String consultation,
      final Instant from,
      final Predicate<SubmissionReceived> selected) {
    this.kafka = kafka;
    this.consultation = consultation;
    this.from = from;
    this.selected = selected;
  }

  /** The consumer group whose committed offsets are this consultation's replay position. */
  static String group(final String consultation) {
    return "inputdesk-replay." + consultation;
  }

  /**
   * Runs until every partition reached its end, or {@code stop} says so between batches; {@code
   * progress} hears of each input sent. With {@code dryRun}, counts and sends nothing.
   */
  Outcome run(final boolean dryRun, final BooleanSupplier stop, final Runnable progress) {
    try (var consumer = consumer()) {
      final List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      final Map<TopicPartition, Long> end = new HashMap<>();
      final boolean resumed = !dryRun && resume(consumer, partitions, end);
      if (!resumed) {
        start(consumer, partitions, end);
      }
      return dryRun
          ? new Outcome(count(consumer, end), 0, false, true)
          : send(consumer, end, resumed, stop, progress);
    }
  }

  /**
   * Whether the topic holds any input of the consultation, read until the first one: a name that is
   * neither defined nor has inputs is an operator's typo.
   */
  boolean hasInputs() {
    try (var consumer = consumer()) {
      final List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      final Map<TopicPartition, Long> end = new HashMap<>();
      start(consumer, partitions, end);
      while (!reached(consumer, end)) {
        for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (selected(r.value())) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private Outcome send(
      final KafkaConsumer<byte[], byte[]> consumer,
      final Map<TopicPartition, Long> end,
      final boolean resumed,
      final BooleanSupplier stop,
      final Runnable progress) {
    long replayed = 0;
    long scanned = 0;
    try (var producer = producer()) {
      producer.initTransactions();
      while (!reached(consumer, end)) {
        if (stop.getAsBoolean()) {
          return new Outcome(replayed, scanned, resumed, false);
        }
        final ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
        producer.beginTransaction();
        int sent = 0;
        for (final ConsumerRecord<byte[], byte[]> r : batch) {
          scanned++;
          final TopicPartition p = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(p) && selected(r.value())) {
            producer.send(
                new ProducerRecord<>(Topics.SUBMISSIONS_REPLAY.name(), r.key(), r.value()));
            sent++;
          }
        }
        producer.sendOffsetsToTransaction(positions(consumer, end), consumer.groupMetadata());
        producer.commitTransaction();
        replayed += sent;
        for (int i = 0; i < sent; i++) {
          progress.run();
        }
      }
      // done: the next replay of this consultation is a new one, to the topic's end of that day
      producer.beginTransaction();
      producer.sendOffsetsToTransaction(finished(consumer, end), consumer.groupMetadata());
      producer.commitTransaction();
    }
    return new Outcome(replayed, scanned, resumed, true);
  }

  private long count(
      final KafkaConsumer<byte[], byte[]> consumer, final Map<TopicPartition, Long> end) {
    long n = 0;
    while (!reached(consumer, end)) {
      for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))
            && selected(r.value())) {
          n++;
        }
      }
    }
    return n;
  }

  private boolean selected(final byte[] value) {
    if (value == null) {
      return false;
    }
    try {
      final SubmissionReceived r =
          Topics.SUBMISSIONS_RECEIVED
              .valueSerde()
              .deserializer()
              .deserialize(Topics.SUBMISSIONS_RECEIVED.name(), value);
      return r != null && consultation.equals(r.getConsultationId()) && selected.test(r);
    } catch (SerializationException e) {
      return false; // an unreadable record was dead-lettered at intake; nothing to replay
    }
  }

  /** Picks up a run that did not finish; false when there is none. */
  private boolean resume(
      final KafkaConsumer<byte[], byte[]> consumer,
      final List<TopicPartition> partitions,
      final Map<TopicPartition, Long> end) {
    final Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions));
    boolean running = false;
    for (final TopicPartition p : partitions) {
      final OffsetAndMetadata at = committed.get(p);
      running |= at != null && at.metadata() != null && at.metadata().startsWith(RUNNING);
    }
    if (!running) {
      return false;
    }
    final Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
    for (final TopicPartition p : partitions) {
      final OffsetAndMetadata at = committed.get(p);
      if (at != null && at.metadata() != null && at.metadata().startsWith(RUNNING)) {
        consumer.seek(p, Math.max(at.offset(), beginning.get(p)));
        end.put(p, Long.parseLong(at.metadata().substring(RUNNING.length())));
      } else {
        consumer.seek(p, at == null ? beginning.get(p) : at.offset());
        end.put(p, at == null ? beginning.get(p) : at.offset()); // finished, or never had work
      }
    }
    return true;
  }

  private void start(
      final KafkaConsumer<byte[], byte[]> consumer,
      final List<TopicPartition> partitions,
      final Map<TopicPartition, Long> end) {
    end.putAll(consumer.endOffsets(partitions));
    if (from == null) {
      consumer.seekToBeginning(partitions);
      return;
    }
    final Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, from.toEpochMilli()));
    final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    for (final TopicPartition p : partitions) {
      final OffsetAndTimestamp at = found.get(p);
      consumer.seek(p, at == null ? end.get(p) : at.offset());
    }
  }

  private static boolean reached(
      final KafkaConsumer<byte[], byte[]> consumer, final Map<TopicPartition, Long> end) {
    for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Map<TopicPartition, OffsetAndMetadata> positions(
      final KafkaConsumer<byte[], byte[]> consumer, final Map<TopicPartition, Long> end) {
    final Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      out.put(
          e.getKey(), new OffsetAndMetadata(consumer.position(e.getKey()), RUNNING + e.getValue()));
    }
    return out;
  }

  private static Map<TopicPartition, OffsetAndMetadata> finished(
      final KafkaConsumer<byte[], byte[]> consumer, final Map<TopicPartition, Long> end) {
    final Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (final TopicPartition p : end.keySet()) {
      out.put(p, new OffsetAndMetadata(consumer.position(p), DONE));
    }
    return out;
  }

  private List<TopicPartition> partitions(final KafkaConsumer<byte[], byte[]> consumer) {
    final List<TopicPartition> out = new ArrayList<>();
    consumer
        .partitionsFor(Topics.SUBMISSIONS_RECEIVED.name(), Duration.ofSeconds(15))
        .forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
    if (out.isEmpty()) {
      throw new IllegalStateException(
          "topic " + Topics.SUBMISSIONS_RECEIVED.name() + " does not exist");
    }
    return out;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    final Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group(consultation));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> producer() {
    final Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group(consultation));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
