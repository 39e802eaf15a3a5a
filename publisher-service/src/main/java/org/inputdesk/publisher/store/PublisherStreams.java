package org.inputdesk.publisher.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.inputdesk.publisher.attachments.AttachmentStore;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link PublisherTopology} (exactly_once_v2) over a state directory and serves its stores
 * as a {@link Catalogue}. Reads consultations, submissions-classified and submission-attachments;
 * writes its changelogs, submissions-dlq and, under the state directory, the Streams state, the
 * attachment bytes and {@code instance.properties}. A restart on the same directory resumes from
 * the stores and the committed positions; lost state is restored from the changelogs, state that
 * does not fit the cluster is rebuilt from the topics ({@link InstanceState}). Without a directory
 * everything is temporary: removed at close, with the application's topics and group.
 */
public final class PublisherStreams implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PublisherStreams.class);
  private static final Duration START_WAIT = Duration.ofSeconds(60);
  private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** The topics the application reads. */
  static final List<String> SOURCES =
      List.of(
          Topics.CONSULTATIONS.name(),
          Topics.SUBMISSIONS_CLASSIFIED.name(),
          Topics.SUBMISSION_ATTACHMENTS.name());

  /** The partitioned sources: what "caught up" is measured on. */
  private static final List<String> PARTITIONED =
      List.of(Topics.SUBMISSIONS_CLASSIFIED.name(), Topics.SUBMISSION_ATTACHMENTS.name());

  private final Map<String, Object> kafka;
  private final KafkaStreams streams;
  private final String applicationId;
  private final AttachmentStore attachments;
  private final Path stateDir;
  private final boolean temporary;
  private final Catalogue catalogue;
  private volatile boolean caughtUp;

  private PublisherStreams(
      final Map<String, Object> kafka,
      final KafkaStreams streams,
      final String applicationId,
      final AttachmentStore attachments,
      final Path stateDir,
      final boolean temporary,
      final Catalogue catalogue) {
    this.kafka = kafka;
    this.streams = streams;
    this.applicationId = applicationId;
    this.attachments = attachments;
    this.stateDir = stateDir;
    this.temporary = temporary;
    this.catalogue = catalogue;
  }

  /** The Streams settings of the publisher's application. */
  public static Properties properties(
      final Map<String, Object> kafka, final String applicationId, final Path streamsDir) {
    final Properties props = new Properties();
    props.putAll(kafka);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, streamsDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
    // The only member of its application's group, under a static id: restarted after a kill, it
    // takes its partitions back at once instead of waiting out the dead member's session.
    props.putIfAbsent(
        StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId);
    // A dead letter carries the record as read: an attachment can be up to 50 MB.
    props.putIfAbsent(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 52_428_800);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandler.class.getName());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
    return props;
  }

  /**
   * Starts the application on {@code stateDir} (null: a temporary one) and returns once it has
   * applied what the topics held when it started, or after a bounded wait (serving what it has).
   * The topics must exist.
   */
  public static PublisherStreams start(final Map<String, Object> kafka, final Path stateDir) {
    return start(kafka, stateDir, START_WAIT);
  }

  /** As {@link #start(Map, Path)}, waiting at most {@code wait} to catch up. */
  public static PublisherStreams start(
      final Map<String, Object> kafka, final Path stateDir, final Duration wait) {
    final boolean temporary = stateDir == null;
    final Path dir;
    try {
      dir = temporary ? Files.createTempDirectory("inputdesk-publisher-") : stateDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory", e);
    }
    final InstanceState instance = InstanceState.open(dir, InstanceState.source(kafka, SOURCES));
    final AttachmentStore attachments =
        AttachmentStore.directory(dir.resolve("attachments"), temporary);
    final AtomicLong applied = new AtomicLong();
    final KafkaStreams streams;
    try {
      streams =
          new KafkaStreams(
              PublisherTopology.build(attachments, applied::incrementAndGet),
              properties(kafka, instance.applicationId(), dir.resolve("streams")));
    } catch (org.apache.kafka.streams.errors.StreamsException e) {
      attachments.close();
      throw new IllegalStateException(
          "the publisher state in "
              + dir
              + " is in use by another process (two publishers cannot share a"
              + " publisher.state.dir): "
              + e.getMessage(),
          e);
    }
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("publisher stream thread failed, replacing it: {}", e.getMessage(), e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    // Stores filled by a restore changed without a processor: the catalogue's kept reads must go.
    streams.setGlobalStateRestoreListener(new Restores(applied));
    final CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          LOG.info("publisher streams {} -> {}", before, now);
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          }
        });
    final long started = System.nanoTime();
    final Map<TopicPartition, Long> ends;
    final int partitions;
    try (Admin admin = Admin.create(kafka)) {
      partitions = partitions(admin, Topics.SUBMISSIONS_CLASSIFIED.name());
      ends = toRead(admin);
    }
    streams.start();
    final Catalogue catalogue =
        new Catalogue(new InteractiveQueries(streams, partitions), attachments, applied::get);
    final PublisherStreams out =
        new PublisherStreams(
            kafka, streams, instance.applicationId(), attachments, dir, temporary, catalogue);
    try {
      final long deadline = started + wait.toNanos();
      if (!running.await(wait.toMillis(), TimeUnit.MILLISECONDS)
          || !out.awaitCommitted(ends, applied, deadline)) {
        LOG.warn("publisher not caught up after {}; serving what it has", wait);
      } else {
        out.caughtUp = true;
        LOG.info(
            "publisher caught up in {} ms ({}): {} posted",
            (System.nanoTime() - started) / 1_000_000,
            instance.resumed() ? "resumed from local state" : "read from the topics",
            catalogue.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.close();
      throw new IllegalStateException("interrupted while reading the topics", e);
    }
    return out;
  }

  /** Moves the catalogue's version when a restore changed a store. */
  private record Restores(AtomicLong version) implements StateRestoreListener {
    @Override
    public void onRestoreStart(
        final TopicPartition partition, final String store, final long start, final long end) {
      version.incrementAndGet();
    }

    @Override
    public void onBatchRestored(
        final TopicPartition partition, final String store, final long end, final long count) {
      version.incrementAndGet();
    }

    @Override
    public void onRestoreEnd(
        final TopicPartition partition, final String store, final long restored) {
      version.incrementAndGet();
    }
  }

  private static int partitions(final Admin admin, final String topic) {
    try {
      final TopicDescription d =
          admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      return d.partitions().size();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot describe " + topic + ": " + e.getMessage(), e);
    }
  }

  /**
   * The committed end of each partition with records, as a read_committed reader sees it: what must
   * be applied before the first page is served.
   */
  private static Map<TopicPartition, Long> toRead(final Admin admin) {
    try {
      final Map<String, TopicDescription> topics =
          admin.describeTopics(PARTITIONED).allTopicNames().get(30, TimeUnit.SECONDS);
      final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      topics.forEach(
          (name, d) ->
              d.partitions()
                  .forEach(
                      p -> {
                        latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
                        earliest.put(
                            new TopicPartition(name, p.partition()), OffsetSpec.earliest());
                      }));
      final ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
      final var ends = admin.listOffsets(latest, committed).all().get(30, TimeUnit.SECONDS);
      final var begins = admin.listOffsets(earliest, committed).all().get(30, TimeUnit.SECONDS);
      final Map<TopicPartition, Long> out = new HashMap<>();
      ends.forEach(
          (tp, end) -> {
            if (end.offset() > begins.get(tp).offset()) {
              out.put(tp, end.offset());
            }
          });
      return out;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot read the topics' offsets: " + e.getMessage(), e);
    }
  }

  /** Waits until the application's committed positions reach {@code ends}. */
  private boolean awaitCommitted(
      final Map<TopicPartition, Long> ends, final AtomicLong applied, final long deadline)
      throws InterruptedException {
    if (ends.isEmpty()) {
      return true;
    }
    try (Admin admin = Admin.create(kafka)) {
      while (System.nanoTime() < deadline) {
        try {
          final Map<TopicPartition, OffsetAndMetadata> at =
              admin
                  .listConsumerGroupOffsets(applicationId)
                  .partitionsToOffsetAndMetadata()
                  .get(10, TimeUnit.SECONDS);
          if (ends.entrySet().stream()
              .allMatch(
                  e -> at.get(e.getKey()) != null && at.get(e.getKey()).offset() >= e.getValue())) {
            return settled(applied, deadline);
          }
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          LOG.debug("cannot read the committed positions yet: {}", e.getMessage());
        }
        Thread.sleep(50);
      }
    }
    return false;
  }

  /** Whether it applied what the topics held at start before {@code start} returned. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /**
   * Waits until no record has been applied for 200 ms, or for one second at most. A committed
   * position at the end was seen, now and then, a few records before the stores showed them (7 of
   * 10,000 in the benchmark), hence the wait; but under steady mail (30 a second) records are
   * applied every few tens of milliseconds and the stores are never quiet, so waiting for quiet
   * alone kept a publisher restarted after a crash from serving for half a minute (the fault
   * harness, operator-cli/BENCHMARK.md). What was at the end at start is applied well within the
   * second.
   */
  private static boolean settled(final AtomicLong applied, final long deadline)
      throws InterruptedException {
    final long settleBy = Math.min(deadline, System.nanoTime() + SETTLE_AT_MOST.toNanos());
    long seen = applied.get();
    int quiet = 0;
    while (quiet < 4 && System.nanoTime() < settleBy) {
      Thread.sleep(50);
      final long now = applied.get();
      quiet = now == seen ? quiet + 1 : 0;
      seen = now;
    }
    return quiet >= 4 || System.nanoTime() < deadline;
  }

  /** The stores as pages and feeds read them. */
  public Catalogue catalogue() {
    return catalogue;
  }

  /** The Streams state, for health checks. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The application id, for operators: its changelog topics start with it. */
  public String applicationId() {
    return applicationId;
  }

  /**
   * Stops the application and leaves its group. A temporary one also removes its state directory,
   * changelog topics and consumer group, which nothing will resume.
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.timeout(CLOSE_WAIT)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    attachments.close();
    if (temporary) {
      removeFromCluster();
      InstanceState.deleteTree(stateDir);
    }
  }

  private void removeFromCluster() {
    try (Admin admin = Admin.create(kafka)) {
      final List<String> internal = new ArrayList<>();
      for (final String topic : admin.listTopics().names().get(10, TimeUnit.SECONDS)) {
        if (topic.startsWith(applicationId + "-")) {
          internal.add(topic);
        }
      }
      admin.deleteTopics(internal).all().get(10, TimeUnit.SECONDS);
      admin.deleteConsumerGroups(List.of(applicationId)).all().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("cannot remove the topics and group of {}: {}", applicationId, e.getMessage());
    }
  }
}
