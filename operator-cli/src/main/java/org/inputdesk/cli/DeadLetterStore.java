package org.inputdesk.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.schemas.DeadLetterState;
import org.inputdesk.schemas.Topics;

/**
 * Reads {@code submissions-dlq} with the states on {@code dlq-states}, and records a letter's new
 * state. Creates {@code dlq-states} when a cluster from before it lacks the topic.
 */
final class DeadLetterStore {

  private DeadLetterStore() {}

  /** Every dead letter with its state. */
  static DeadLetterLedger read(final Map<String, Object> kafka) {
    ensureStatesTopic(kafka);
    final var letters = TopicReader.read(kafka, Topics.SUBMISSIONS_DLQ, null, 0, e -> true);
    final Map<String, DeadLetterState> states = TopicReader.latest(kafka, Topics.DLQ_STATES);
    return new DeadLetterLedger(letters, states);
  }

  /** Records the state of the letter {@code key}, waiting for the broker's acknowledgement. */
  static void write(final Map<String, Object> kafka, final String key, final DeadLetterState state)
      throws InterruptedException {
    final Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (var producer =
        new KafkaProducer<>(
            props, new StringSerializer(), Topics.DLQ_STATES.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.DLQ_STATES.name(), key, state)).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka refused the dead letter's state: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static void ensureStatesTopic(final Map<String, Object> kafka) {
    try (Admin admin = Admin.create(kafka)) {
      final int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      Topics.ensure(admin, List.of(Topics.DLQ_STATES), (short) Math.max(1, Math.min(3, brokers)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reaching Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at "
              + kafka.get("bootstrap.servers")
              + ": "
              + (e.getCause() == null ? "no answer in 30 s" : e.getCause().getMessage()),
          e);
    }
  }
}
