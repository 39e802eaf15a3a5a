package org.inputdesk.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.Topics;

/**
 * Writes consultations and sender-directory entries to their compacted topics, waiting for the
 * broker's acknowledgement so a caller can rely on them being there.
 */
public final class ReferenceData {

  private ReferenceData() {}

  /** Writes each consultation, keyed by id. */
  public static void applyConsultations(
      final Map<String, Object> kafka, final List<Consultation> consultations) {
    applyConsultations(kafka, consultations, null);
  }

  /** Writes each consultation, keyed by id, with who, when and why in its headers. */
  public static void applyConsultations(
      final Map<String, Object> kafka, final List<Consultation> consultations, final Audit audit) {
    try (var producer =
        new KafkaProducer<>(
            withAcks(kafka),
            Topics.CONSULTATIONS.keySerde().serializer(),
            Topics.CONSULTATIONS.valueSerde().serializer())) {
      for (final Consultation c : consultations) {
        await(
            producer.send(
                new ProducerRecord<>(
                    Topics.CONSULTATIONS.name(),
                    null,
                    c.getId(),
                    c,
                    audit == null ? null : audit.headers())));
      }
    }
  }

  /** Writes each directory entry, keyed by address or @domain. */
  public static void applyDirectory(
      final Map<String, Object> kafka, final List<SenderDirectoryEntry> entries) {
    try (var producer =
        new KafkaProducer<>(
            withAcks(kafka),
            Topics.SENDER_DIRECTORY.keySerde().serializer(),
            Topics.SENDER_DIRECTORY.valueSerde().serializer())) {
      for (final SenderDirectoryEntry e : entries) {
        await(producer.send(new ProducerRecord<>(Topics.SENDER_DIRECTORY.name(), e.getKey(), e)));
      }
    }
  }

  /** Deletes a directory entry: a tombstone, with who, when and why in its headers. */
  public static void removeDirectoryEntry(
      final Map<String, Object> kafka, final String key, final Audit audit) {
    try (var producer =
        new KafkaProducer<>(
            withAcks(kafka),
            Topics.SENDER_DIRECTORY.keySerde().serializer(),
            Topics.SENDER_DIRECTORY.valueSerde().serializer())) {
      await(
          producer.send(
              new ProducerRecord<>(
                  Topics.SENDER_DIRECTORY.name(), null, key, null, audit.headers())));
    }
  }

  private static Map<String, Object> withAcks(final Map<String, Object> kafka) {
    final var props = new java.util.HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return props;
  }

  private static void await(final java.util.concurrent.Future<?> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing reference data", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka refused reference data: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
