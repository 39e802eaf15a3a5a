package org.inputdesk.publisher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inputdesk.schemas.DeadLetters;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link Catalogue} current: reads consultations, submissions-classified and
 * submission-attachments (read_committed, no consumer group) and goes on following them. It resumes
 * from the positions the catalogue stored with its last changes when they still fit the topics, and
 * otherwise rebuilds the catalogue from the beginning of every partition of the compacted topics. A
 * record it cannot decode goes to submissions-dlq and the partition moves on.
 */
final class CatalogueReader implements AutoCloseable {

  static final String STAGE = "publisher";
  private static final Logger LOG = LoggerFactory.getLogger(CatalogueReader.class);
  private static final List<String> TOPICS =
      List.of(
          Topics.CONSULTATIONS.name(),
          Topics.SUBMISSION_ATTACHMENTS.name(),
          Topics.SUBMISSIONS_CLASSIFIED.name());

  private final Map<String, Object> kafka;
  private final Catalogue catalogue;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> dlq;
  private final Thread thread;
  private volatile boolean closing;

  CatalogueReader(final Map<String, Object> kafka, final Catalogue catalogue) {
    this.kafka = Map.copyOf(kafka);
    this.catalogue = catalogue;
    final Map<String, Object> consumerProps = new HashMap<>(this.kafka);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "inputdesk-publisher");
    consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    final Map<String, Object> producerProps = new HashMap<>(this.kafka);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 52_428_800);
    producerProps.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "inputdesk-publisher-dlq");
    this.dlq =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    this.thread = new Thread(this::run, "publisher-catalogue");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Waits until everything on the topics when reading began has been applied. */
  boolean awaitCaughtUp(final Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      final List<TopicPartition> partitions = new ArrayList<>();
      for (final String topic : TOPICS) {
        for (final PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic, p.partition()));
        }
      }
      consumer.assign(partitions);
      final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      final long resumed = seek(partitions, end);
      long applied = 0;
      while (!closing) {
        final ConsumerRecords<byte[], byte[]> records = poll();
        for (final ConsumerRecord<byte[], byte[]> record : records) {
          apply(record);
          applied++;
        }
        if (caughtUp.getCount() > 0 && reached(end)) {
          LOG.info(
              "catalogue caught up after {} records ({}): {} posted",
              applied,
              resumed < 0 ? "rebuilt from the topics" : "resumed from local state",
              catalogue.size());
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        LOG.error("catalogue reader woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      LOG.error("catalogue reader stopped: {}", e.getMessage(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Resumes from the positions stored with the catalogue when they still fit the topics (same
   * cluster, same topics, offsets between each partition's start and end); otherwise clears the
   * catalogue and reads every partition from the beginning. Returns the number of partitions
   * resumed, or -1 for a rebuild.
   */
  private long seek(final List<TopicPartition> partitions, final Map<TopicPartition, Long> end) {
    final Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
    final String identity = identity();
    final Map<TopicPartition, Long> stored = new HashMap<>();
    for (final Catalogue.Position p : catalogue.positions()) {
      stored.put(new TopicPartition(p.topic(), p.partition()), p.nextOffset());
    }
    String reason = null;
    if (stored.isEmpty()) {
      reason = "no local state";
    } else if (identity == null || !identity.equals(catalogue.meta("source").orElse(null))) {
      reason = "the cluster or its topics are not those the local state was read from";
    } else {
      for (final TopicPartition tp : partitions) {
        final Long at = stored.get(tp);
        if (at != null && (at < begin.get(tp) || at > end.get(tp))) {
          reason = tp + " is at " + begin.get(tp) + ".." + end.get(tp) + ", local state at " + at;
          break;
        }
      }
    }
    if (reason != null) {
      if (!stored.isEmpty() || catalogue.size() > 0) {
        LOG.info("catalogue rebuilt from the topics: {}", reason);
        catalogue.clear();
      }
      if (identity != null) {
        catalogue.putMeta("source", identity);
      }
      consumer.seekToBeginning(partitions);
      LOG.info(
          "catalogue reading {} partitions of {} from the beginning", partitions.size(), TOPICS);
      return -1;
    }
    long resumed = 0;
    for (final TopicPartition tp : partitions) {
      final Long at = stored.get(tp);
      if (at == null) {
        // A partition added since: all of it is new.
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, at);
        resumed++;
      }
    }
    LOG.info(
        "catalogue resuming {} of {} partitions from local state ({} posted)",
        resumed,
        partitions.size(),
        catalogue.size());
    return resumed;
  }

  /**
   * The cluster id and the ids of the topics: a topic deleted and created again, or another cluster
   * at the same address, must not be read from offsets that belong to the old one.
   */
  private String identity() {
    try (Admin admin = Admin.create(kafka)) {
      final StringBuilder out =
          new StringBuilder(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
      final Map<String, TopicDescription> topics =
          admin.describeTopics(TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
      for (final String topic : TOPICS) {
        out.append(' ').append(topic).append('=').append(topics.get(topic).topicId());
      }
      return out.toString();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("cannot tell which cluster and topics these are: {}", e.getMessage());
      return null;
    }
  }

  private ConsumerRecords<byte[], byte[]> poll() {
    while (true) {
      try {
        return consumer.poll(Duration.ofMillis(200));
      } catch (WakeupException e) {
        throw e;
      } catch (org.apache.kafka.common.errors.RetriableException e) {
        LOG.warn("catalogue poll failed, retrying: {}", e.getMessage());
        sleep();
      }
    }
  }

  private boolean reached(final Map<TopicPartition, Long> end) {
    for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(final ConsumerRecord<byte[], byte[]> record) {
    final Catalogue.Position at =
        new Catalogue.Position(record.topic(), record.partition(), record.offset() + 1);
    final String key;
    try {
      key = new StringDeserializer().deserialize(record.topic(), record.key());
      if (key == null) {
        throw new IllegalArgumentException("record has no key");
      }
      if (record.topic().equals(Topics.CONSULTATIONS.name())) {
        catalogue.putConsultation(
            key,
            Topics.CONSULTATIONS
                .valueSerde()
                .deserializer()
                .deserialize(record.topic(), record.value()),
            at);
      } else if (record.topic().equals(Topics.SUBMISSION_ATTACHMENTS.name())) {
        catalogue.putAttachment(
            key,
            Topics.SUBMISSION_ATTACHMENTS
                .valueSerde()
                .deserializer()
                .deserialize(record.topic(), record.value()),
            at);
      } else {
        catalogue.putClassified(
            key,
            Topics.SUBMISSIONS_CLASSIFIED
                .valueSerde()
                .deserializer()
                .deserialize(record.topic(), record.value()),
            at);
      }
      LOG.debug("applied {}-{}@{}", record.topic(), record.partition(), record.offset());
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot apply {}-{}@{}, sent to {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          Topics.SUBMISSIONS_DLQ.name(),
          e.getMessage());
      deadLetter(record, e);
      catalogue.skip(at);
    }
  }

  private void deadLetter(final ConsumerRecord<byte[], byte[]> record, final Exception error) {
    final RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetters.STAGE, bytes(STAGE));
    headers.add(DeadLetters.ERROR, bytes(error.getClass().getName() + ": " + error.getMessage()));
    headers.add(DeadLetters.SOURCE_TOPIC, bytes(record.topic()));
    headers.add(DeadLetters.SOURCE_PARTITION, bytes(Integer.toString(record.partition())));
    headers.add(DeadLetters.SOURCE_OFFSET, bytes(Long.toString(record.offset())));
    DeadLetters.markRepeat(record.headers(), headers);
    try {
      dlq.send(
              new ProducerRecord<>(
                  Topics.SUBMISSIONS_DLQ.name(), null, record.key(), record.value(), headers))
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The catalogue is rebuilt from the source topic anyway; the record is not lost there.
      LOG.error(
          "cannot write {}-{}@{} to {}",
          record.topic(),
          record.partition(),
          record.offset(),
          Topics.SUBMISSIONS_DLQ.name(),
          e);
    }
  }

  private static byte[] bytes(final String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      consumer.wakeup();
    } catch (RuntimeException e) {
      // Already closed by its thread after a failure; nothing to wake.
      LOG.debug("catalogue consumer already closed", e);
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dlq.close(Duration.ofSeconds(5));
  }
}
