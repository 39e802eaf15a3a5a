package org.inputdesk.intake;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inputdesk.common.kafka.TopicScanner;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code consultations} topic in memory: one thread reads all its partitions from the
 * beginning (read_committed, no consumer group) into a {@link ConsultationMatcher}. Reads
 * consultations; writes nothing.
 */
final class ConsultationFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsultationFeed.class);

  private final KafkaConsumer<String, Consultation> consumer;
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration IDLE_CHECK = Duration.ofMillis(500);

  private final ConsultationMatcher matcher;
  private final Thread thread;
  private final Object lock = new Object();
  private volatile boolean running = true;
  // nanoTime at which end offsets were asked and found reached: all committed before it is read.
  private long caughtUpAt = Long.MIN_VALUE;
  // batches waiting in awaitCaughtUp: the reader then polls briefly and checks the end each round
  private final java.util.concurrent.atomic.AtomicInteger waiting =
      new java.util.concurrent.atomic.AtomicInteger();
  // a batch was fetched and will wait for the feed: compare with the end now, while it is read
  private volatile boolean checkSoon;

  ConsultationFeed(final Map<String, Object> clientProps, final ConsultationMatcher matcher) {
    final Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    // short polls (see run): the broker must not hold a fetch for its default 500 ms either
    props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis());
    this.consumer =
        new KafkaConsumer<>(
            props, new StringDeserializer(), Topics.CONSULTATIONS.valueSerde().deserializer());
    this.matcher = matcher;
    this.thread = new Thread(this::run, "intake-consultations");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = null;
      while (partitions == null && running) {
        try {
          partitions =
              consumer.partitionsFor(Topics.CONSULTATIONS.name()).stream()
                  .map(p -> new TopicPartition(p.topic(), p.partition()))
                  .toList();
        } catch (WakeupException e) {
          // a wait for fresh consultations that came before the first poll: ask again
        }
      }
      if (partitions == null) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long checked = Long.MIN_VALUE;
      while (running) {
        try {
          // A batch waits in awaitCaughtUp before each commit: compare with the end at once when
          // one waits (and every half second otherwise), and poll briefly, so the wait costs a
          // round trip or two rather than a 500 ms poll (the consumer's wakeup did not cut its
          // poll short).
          final long asked = System.nanoTime();
          if (waiting.get() > 0 || checkSoon || asked - checked > IDLE_CHECK.toNanos()) {
            checkSoon = false;
            checked = asked;
            if (TopicScanner.reached(consumer, consumer.endOffsets(partitions))) {
              synchronized (lock) {
                caughtUpAt = asked;
                lock.notifyAll();
              }
            }
          }
          for (final ConsumerRecord<String, Consultation> r :
              consumer.poll(waiting.get() > 0 ? Duration.ofMillis(1) : POLL)) {
            matcher.update(r.key(), r.value());
            LOG.debug("Consultation {} updated from offset {}", r.key(), r.offset());
          }
        } catch (WakeupException e) {
          // someone waits for fresh consultations: go round again at once
        } catch (org.apache.kafka.common.errors.SerializationException e) {
          LOG.error("Unreadable consultation record, skipped: {}", e.getMessage());
          skipBadRecord(partitions);
        }
      }
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("Consultations reader stopped", e);
      }
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void skipBadRecord(final List<TopicPartition> partitions) {
    for (final TopicPartition tp : partitions) {
      final long end = consumer.endOffsets(List.of(tp)).get(tp);
      final long at = consumer.position(tp);
      if (at < end) {
        consumer.seek(tp, at + 1);
      }
    }
  }

  /**
   * Waits until everything committed to {@code consultations} before this call has been read, at
   * most {@code max}. Returns whether it was.
   */
  boolean awaitCaughtUp(final Duration max) {
    return awaitCaughtUp(max, System.nanoTime());
  }

  /** Asks the reader to compare with the end soon, for a wait that will follow. */
  void hurry() {
    checkSoon = true;
  }

  /**
   * Waits until everything committed to {@code consultations} before {@code since} (a nanoTime) has
   * been read, at most {@code max}. Returns whether it was.
   */
  boolean awaitCaughtUp(final Duration max, final long since) {
    final long asked = since;
    final long deadline = System.nanoTime() + max.toNanos();
    waiting.incrementAndGet();
    try {
      return awaitCaughtUp(asked, deadline);
    } finally {
      waiting.decrementAndGet();
    }
  }

  private boolean awaitCaughtUp(final long asked, final long deadline) {
    synchronized (lock) {
      while (caughtUpAt < asked) {
        final long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return false;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
