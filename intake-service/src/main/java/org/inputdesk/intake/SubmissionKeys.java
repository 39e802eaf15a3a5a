package org.inputdesk.intake;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inputdesk.common.kafka.TopicScanner;
import org.inputdesk.schemas.SubmissionKey;
import org.inputdesk.schemas.Topics;

/**
 * Keeps {@link FirstInputs} up to date with {@code submission-keys}: before each transaction the
 * writer asks it to read what was committed since (by this source and by the others: other
 * mailboxes, imports), read_committed, without a consumer group. Reads submission-keys; writes
 * nothing. Used from one thread at a time.
 */
public final class SubmissionKeys implements AutoCloseable {

  private static final Duration READ_LIMIT = Duration.ofSeconds(60);

  private final FirstInputs index = new FirstInputs();
  private final KafkaConsumer<String, SubmissionKey> consumer;
  private List<TopicPartition> partitions;

  public SubmissionKeys(final Map<String, Object> clientProps) {
    final Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.remove("transactional.id");
    this.consumer =
        new KafkaConsumer<>(
            props, new StringDeserializer(), Topics.SUBMISSION_KEYS.valueSerde().deserializer());
  }

  /** The index, read up to what was committed when this was called. */
  public FirstInputs caughtUp() {
    if (partitions == null) {
      partitions =
          consumer.partitionsFor(Topics.SUBMISSION_KEYS.name(), READ_LIMIT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    TopicScanner.readToEnd(
        consumer,
        partitions,
        READ_LIMIT,
        r -> {
          index.load(r.key(), r.value());
          return true;
        });
    return index;
  }

  /** The index as read so far, when the topic cannot be read now. */
  public FirstInputs asIs() {
    return index;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
