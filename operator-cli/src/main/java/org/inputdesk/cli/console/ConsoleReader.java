package org.inputdesk.cli.console;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.inputdesk.cli.DlqCommand;
import org.inputdesk.cli.TopicReader;
import org.inputdesk.schemas.DeadLetters;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link ConsoleState} current: reads submissions-classified, consultations and
 * submissions-dlq from the beginning (no consumer group, nothing committed); of a dead letter it
 * keeps the headers and the size, not the bytes.
 */
public final class ConsoleReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleReader.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ConsoleState state;
  private final Thread thread;
  private volatile boolean running = true;
  private long deadLetters;

  public ConsoleReader(final Map<String, Object> kafka, final ConsoleState state) {
    final Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.state = state;
    final List<TopicPartition> partitions = new ArrayList<>();
    for (final String topic :
        List.of(
            Topics.SUBMISSIONS_CLASSIFIED.name(),
            Topics.CONSULTATIONS.name(),
            Topics.SUBMISSIONS_DLQ.name())) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::run, "console-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          apply(r);
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void apply(final ConsumerRecord<byte[], byte[]> r) {
    if (r.topic().equals(Topics.SUBMISSIONS_DLQ.name())) {
      state.putDeadLetter(deadLetter(r));
      return;
    }
    try {
      final String key =
          Topics.SUBMISSIONS_CLASSIFIED.keySerde().deserializer().deserialize(r.topic(), r.key());
      if (r.topic().equals(Topics.CONSULTATIONS.name())) {
        state.putConsultation(
            key,
            Topics.CONSULTATIONS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
      } else {
        state.put(
            key,
            Topics.SUBMISSIONS_CLASSIFIED
                .valueSerde()
                .deserializer()
                .deserialize(r.topic(), r.value()));
      }
    } catch (SerializationException e) {
      LOG.warn(
          "skipped unreadable record {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
    }
  }

  private static ConsoleState.DeadLetter deadLetter(final ConsumerRecord<byte[], byte[]> r) {
    final Map<String, String> headers = new LinkedHashMap<>();
    for (final Header h : r.headers()) {
      headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
    }
    final Instant at = Instant.ofEpochMilli(r.timestamp());
    final String source =
        DlqCommand.source(
            new TopicReader.Entry<>(
                null, null, null, r.topic(), r.partition(), r.offset(), at, headers));
    return new ConsoleState.DeadLetter(
        r.partition(),
        r.offset(),
        at,
        headers.getOrDefault(DeadLetters.STAGE, "?"),
        source,
        headers.getOrDefault(DeadLetters.ERROR, ""),
        r.value() == null ? 0 : r.value().length);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
