package org.inputdesk.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.Publication;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.ThemeTag;
import org.inputdesk.schemas.Topics;

/** Classified inputs written straight to the broker, for the operator commands to act on. */
final class Inputs {

  private Inputs() {}

  /** A posted input from an NGO, of {@code consultation}, tagged with {@code themes}. */
  static SubmissionClassified classified(
      final EmbeddedKafka kafka,
      final String id,
      final String tracking,
      final String consultation,
      final String... themes)
      throws Exception {
    final Instant now = Instant.now();
    final SubmissionReceived received =
        SubmissionReceived.newBuilder()
            .setId(id)
            .setSource(
                MailSource.newBuilder()
                    .setKind(SourceKind.IMAP)
                    .setMailbox("m")
                    .setUid(1L)
                    .setUidValidity(1L)
                    .build())
            .setReceivedAt(now)
            .setFrom(Address.newBuilder().setAddress("a@example.org").build())
            .setSubject("Input")
            .setContentSha256("00")
            .setConsultationId(consultation)
            .setTrackingNumber(tracking)
            .build();
    final SubmissionClassified classified =
        SubmissionClassified.newBuilder()
            .setId(id)
            .setSubmission(received)
            .setConsultationId(consultation)
            .setTrackingNumber(tracking)
            .setThemes(
                List.of(themes).stream()
                    .map(
                        t ->
                            ThemeTag.newBuilder()
                                .setId(t)
                                .setLabel(t)
                                .setScore(1.0)
                                .setEvidence(List.of())
                                .build())
                    .toList())
            .setSender(SenderInfo.newBuilder().setType("ngo").setBasis("test").build())
            .setPublication(
                Publication.newBuilder()
                    .setStatus(PublicationStatus.POSTED)
                    .setReason("test")
                    .build())
            .setClassifiedAt(now)
            .build();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
            Topics.SUBMISSIONS_CLASSIFIED.keySerde().serializer(),
            Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.SUBMISSIONS_CLASSIFIED.name(), id, classified))
          .get();
    }
    return classified;
  }
}
