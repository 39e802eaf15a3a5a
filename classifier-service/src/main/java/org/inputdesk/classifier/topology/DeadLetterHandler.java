package org.inputdesk.classifier.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.inputdesk.schemas.DeadLetters;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that cannot be read or classified to {@code submissions-dlq} (original key and
 * bytes; headers stage, error, source.topic, source.partition, source.offset) and lets the
 * partition go on. Streams writes the dead letter in the same transaction as the task's output; for
 * the global tables (consultations, sender-directory) a producer of its own writes it.
 */
public final class DeadLetterHandler
    implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  public static final String STAGE = "classifier";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

  private static final Set<String> GLOBAL_TOPICS =
      Set.of(Topics.CONSULTATIONS.name(), Topics.SENDER_DIRECTORY.name());

  private final Map<String, Object> producerConfig = new HashMap<>();
  private Producer<byte[], byte[]> globalProducer;

  @Override
  public void configure(final Map<String, ?> configs) {
    configs.forEach(
        (key, value) -> {
          if (ProducerConfig.configNames().contains(key) && value != null) {
            producerConfig.put(key, value);
          }
        });
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      final ErrorHandlerContext context,
      final ConsumerRecord<byte[], byte[]> record,
      final Exception exception) {
    LOG.warn(
        "unreadable record at {}-{}@{} sent to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        Topics.SUBMISSIONS_DLQ.name(),
        exception.toString());
    final ProducerRecord<byte[], byte[]> dead =
        deadLetter(
            record.key(),
            record.value(),
            record.topic(),
            record.partition(),
            record.offset(),
            exception,
            record.headers());
    if (GLOBAL_TOPICS.contains(record.topic())) {
      // Streams 4.2 cannot write dead letters from the global thread (it fails with a
      // ClassCastException and stops the client), so these go out through a producer of our own
      sendFromGlobal(dead);
      return DeserializationExceptionHandler.Response.resume();
    }
    return DeserializationExceptionHandler.Response.resume(List.of(dead));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      final ErrorHandlerContext context, final Record<?, ?> record, final Exception exception) {
    LOG.warn(
        "record at {}-{}@{} failed in {} and was sent to {}",
        context.topic(),
        context.partition(),
        context.offset(),
        context.processorNodeId(),
        Topics.SUBMISSIONS_DLQ.name(),
        exception);
    return ProcessingExceptionHandler.Response.resume(
        List.of(
            deadLetter(
                context.sourceRawKey(),
                context.sourceRawValue(),
                context.topic(),
                context.partition(),
                context.offset(),
                exception,
                context.headers())));
  }

  private synchronized void sendFromGlobal(final ProducerRecord<byte[], byte[]> dead) {
    try {
      if (globalProducer == null) {
        final Map<String, Object> config = new HashMap<>(producerConfig);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "classifier-global-dlq");
        globalProducer =
            new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
      }
      globalProducer.send(dead).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the record stays in its compacted topic; an operator can rewrite it
      LOG.error(
          "cannot write dead letter for {} to {}", dead.topic(), Topics.SUBMISSIONS_DLQ.name(), e);
    }
  }

  /**
   * The dead letter for a source record; one an operator retried ({@code dlq retry}) names the dead
   * letter it came from, so it is not retried in a loop.
   */
  static ProducerRecord<byte[], byte[]> deadLetter(
      final byte[] key,
      final byte[] value,
      final String topic,
      final int partition,
      final long offset,
      final Exception error,
      final Headers source) {
    return new ProducerRecord<>(
        Topics.SUBMISSIONS_DLQ.name(),
        null,
        key,
        value,
        DeadLetters.headers(STAGE, error, topic, partition, offset, source));
  }
}
