package org.inputdesk.intake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inputdesk.common.kafka.TopicScanner;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.DeadLetters;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.SubmissionKey;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit path shared by the IMAP intake and the import: in one Kafka transaction, each read
 * message's {@code submissions-received} record (consultation matched, late flag, tracking number)
 * and {@code submission-attachments} records, or its {@code submissions-dlq} record with the
 * original bytes, and the source's {@code intake-checkpoints} record. Reads nothing itself but the
 * consultations in the matcher; writes those topics.
 */
public final class SubmissionWriter {

  private static final Logger LOG = LoggerFactory.getLogger(SubmissionWriter.class);
  private static final String UNMATCHED = "";
  private static final String UNMATCHED_PREFIX = "IN";

  /**
   * One message to commit: its id, how logs name it (never an address), its bytes, what the reader
   * made of it (null when rejected, with the rejection), whether it is a known duplicate to skip,
   * and the headers that say where a dead letter came from.
   */
  public record Entry(
      String id,
      String label,
      byte[] raw,
      MimeReader.Result result,
      String rejection,
      boolean duplicate,
      Map<String, String> origin) {}

  /**
   * What one transaction wrote: the new checkpoint, the submissions, the dead letters, and for each
   * submission that repeats an earlier one (same Message-ID, or same sender and text), the first.
   */
  public record Committed(
      MailboxCheckpoint checkpoint,
      List<SubmissionReceived> submitted,
      int deadLetters,
      Map<String, SubmissionKey> duplicates) {

    public Committed {
      duplicates = Map.copyOf(duplicates);
    }

    public Committed(
        final MailboxCheckpoint checkpoint,
        final List<SubmissionReceived> submitted,
        final int deadLetters) {
      this(checkpoint, submitted, deadLetters, Map.of());
    }
  }

  /** The producer cannot go on (fenced, not authorised, or its transaction cannot be aborted). */
  public static final class FatalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FatalException(final String message, final Throwable cause) {
      super(message, cause);
    }
  }

  private final Producer<byte[], byte[]> producer;
  private final ConsultationMatcher matcher;
  private final String source;
  private final TrackingNumbers tracking;
  private final SubmissionKeys keys;
  // without a topic to read (tests): the first inputs of this writer only
  private final FirstInputs local = new FirstInputs();

  /**
   * @param source the checkpoint key: the mailbox name, or {@code import:NAME}
   */
  public SubmissionWriter(
      final Producer<byte[], byte[]> producer,
      final ConsultationMatcher matcher,
      final String source,
      final TrackingNumbers tracking) {
    this(producer, matcher, source, tracking, null);
  }

  /**
   * @param keys the first submissions under each duplicate key, read from submission-keys; null to
   *     know only those this writer committed
   */
  public SubmissionWriter(
      final Producer<byte[], byte[]> producer,
      final ConsultationMatcher matcher,
      final String source,
      final TrackingNumbers tracking,
      final SubmissionKeys keys) {
    this.producer = producer;
    this.matcher = matcher;
    this.source = source;
    this.tracking = tracking;
    this.keys = keys;
  }

  /** The first inputs, with what other sources committed meanwhile when that can be read. */
  private FirstInputs firstInputs() {
    if (keys == null) {
      return local;
    }
    try {
      return keys.caughtUp();
    } catch (KafkaException | IllegalStateException e) {
      // a receipt may then miss that an input is a copy; the copy itself is still found and
      // withheld by the classifier, so nothing is lost by going on
      LOG.warn("Cannot read {}: {}", Topics.SUBMISSION_KEYS.name(), e.toString());
      return keys.asIs();
    }
  }

  /** A transactional, idempotent producer as intake and import use it. */
  public static KafkaProducer<byte[], byte[]> producer(
      final Map<String, Object> clientProps, final String transactionalId) {
    final Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 52_000_000);
    props.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * One transaction: the entries' records and the checkpoint at {@code max(lastUid, base's)}, with
   * the tracking sequences of {@code base} advanced. {@code forcedError} sends every entry to the
   * dead-letter topic with that reason. On a recoverable Kafka error the transaction is aborted and
   * the error thrown; on an unrecoverable one, {@link FatalException}.
   */
  public Committed commit(
      final MailboxCheckpoint base,
      final long uidValidity,
      final long lastUid,
      final List<Entry> entries,
      final String forcedError) {
    final Map<String, Long> sequences =
        base == null ? new HashMap<>() : new HashMap<>(base.getTrackingSequences());
    long upTo = base != null && base.getUidValidity() == uidValidity ? base.getLastUid() : 0;
    upTo = Math.max(upTo, lastUid);
    final List<SubmissionReceived> submitted = new ArrayList<>();
    final Map<String, SubmissionKey> duplicates = new HashMap<>();
    final FirstInputs firsts = firstInputs();
    int dead = 0;
    try {
      producer.beginTransaction();
      for (final Entry entry : entries) {
        if (forcedError != null || entry.result() == null) {
          sendDeadLetter(entry, forcedError != null ? forcedError : entry.rejection());
          dead++;
        } else if (!entry.duplicate()) {
          sendSubmission(entry, sequences);
          final SubmissionReceived s = entry.result().submission();
          sendKeys(s, firsts, duplicates);
          submitted.add(s);
        } else {
          LOG.info("Message {} already submitted: skipped", entry.label());
        }
      }
      final MailboxCheckpoint next =
          MailboxCheckpoint.newBuilder()
              .setMailbox(source)
              .setUidValidity(uidValidity)
              .setLastUid(upTo)
              .setTrackingSequences(sequences)
              .setUpdatedAt(Instant.now())
              .build();
      producer.send(
          new ProducerRecord<>(
              Topics.INTAKE_CHECKPOINTS.name(),
              utf8(source),
              Topics.INTAKE_CHECKPOINTS
                  .valueSerde()
                  .serializer()
                  .serialize(Topics.INTAKE_CHECKPOINTS.name(), next)));
      producer.commitTransaction();
      firsts.commit();
      return new Committed(next, submitted, dead, duplicates);
    } catch (ProducerFencedException
        | OutOfOrderSequenceException
        | AuthorizationException
        | UnsupportedVersionException e) {
      firsts.abort();
      throw new FatalException("the Kafka producer cannot go on: " + e.getMessage(), e);
    } catch (KafkaException | IllegalStateException e) {
      firsts.abort();
      try {
        producer.abortTransaction();
      } catch (KafkaException abort) {
        throw new FatalException(
            "cannot abort the Kafka transaction: " + abort.getMessage(), abort);
      }
      throw e;
    }
  }

  private void sendSubmission(final Entry entry, final Map<String, Long> sequences) {
    final MimeReader.Result result = entry.result();
    final SubmissionReceived s = result.submission();
    final Optional<Consultation> consultation = matcher.match(s);
    final String consultationId =
        consultation.map(Consultation::getId).orElse(matcher.defaultId().orElse(null));
    final String prefix =
        consultation
            .map(Consultation::getTrackingPrefix)
            .orElse(consultationId != null ? consultationId : UNMATCHED_PREFIX);
    final String sequenceKey = consultationId != null ? consultationId : UNMATCHED;
    s.setConsultationId(consultationId);
    s.setLate(
        consultation.map(c -> ConsultationMatcher.isLate(c, s.getReceivedAt())).orElse(false));
    s.setTrackingNumber(tracking.next(sequenceKey, prefix, sequences));
    for (final MimeReader.AttachmentContent a : result.attachments()) {
      final var record =
          org.inputdesk.schemas.Attachment.newBuilder()
              .setSha256(a.sha256())
              .setFilename(a.filename())
              .setContentType(a.contentType())
              .setSize(a.bytes().length)
              .setBytes(java.nio.ByteBuffer.wrap(a.bytes()))
              .setFirstSubmissionId(s.getId())
              .setReceivedAt(s.getReceivedAt())
              .build();
      producer.send(
          new ProducerRecord<>(
              Topics.SUBMISSION_ATTACHMENTS.name(),
              utf8(a.sha256()),
              Topics.SUBMISSION_ATTACHMENTS
                  .valueSerde()
                  .serializer()
                  .serialize(Topics.SUBMISSION_ATTACHMENTS.name(), record)));
    }
    producer.send(
        new ProducerRecord<>(
            Topics.SUBMISSIONS_RECEIVED.name(), utf8(s.getId()), IntakeService.serializeToFit(s)));
    LOG.debug("Submission {} from {} ({})", s.getId(), entry.label(), s.getTrackingNumber());
  }

  /**
   * Records the submission as the first under its duplicate keys, or, when an earlier one has one
   * of its keys, notes that one as the first it repeats (and points its other keys there too).
   */
  private void sendKeys(
      final SubmissionReceived s,
      final FirstInputs firsts,
      final Map<String, SubmissionKey> duplicates) {
    final SubmissionKey first = firsts.firstOf(s).orElse(null);
    if (first != null) {
      duplicates.put(s.getId(), first);
    }
    final var serializer = Topics.SUBMISSION_KEYS.valueSerde().serializer();
    firsts
        .stage(s, first != null ? first : FirstInputs.of(s))
        .forEach(
            (key, value) ->
                producer.send(
                    new ProducerRecord<>(
                        Topics.SUBMISSION_KEYS.name(),
                        utf8(key),
                        serializer.serialize(Topics.SUBMISSION_KEYS.name(), value))));
  }

  private void sendDeadLetter(final Entry entry, final String error) {
    final ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(Topics.SUBMISSIONS_DLQ.name(), utf8(entry.id()), entry.raw());
    record.headers().add(new RecordHeader(DeadLetters.STAGE, utf8("intake")));
    record.headers().add(
        new RecordHeader(DeadLetters.ERROR, utf8(error == null ? "unknown" : error)));
    entry.origin().forEach((k, v) -> record.headers().add(new RecordHeader(k, utf8(v))));
    final String retried = entry.raw() == null ? null : RetryMarker.of(entry.raw());
    if (retried != null) {
      // an operator's retry that failed again: marked, so it is not retried in a loop
      record.headers().add(new RecordHeader(DeadLetters.REPEAT_OF, utf8(retried)));
    }
    producer.send(record);
    LOG.warn("Message {} to {}: {}", entry.label(), Topics.SUBMISSIONS_DLQ.name(), error);
  }

  private static byte[] utf8(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- reading checkpoints

  /** Every source's last committed checkpoint, by source (read_committed, to the current end). */
  public static Map<String, MailboxCheckpoint> checkpoints(final Map<String, Object> clientProps) {
    final Map<String, MailboxCheckpoint> out = new HashMap<>();
    TopicScanner.scan(
        clientProps,
        Topics.INTAKE_CHECKPOINTS.name(),
        new StringDeserializer(),
        Topics.INTAKE_CHECKPOINTS.valueSerde().deserializer(),
        r -> {
          if (r.key() == null) {
            return;
          }
          if (r.value() == null) {
            out.remove(r.key());
          } else {
            out.put(r.key(), r.value());
          }
        });
    return out;
  }

  /**
   * The sequence keys the sources other than {@code source} number with, to the source of each:
   * what {@link TrackingNumbers} must not use.
   */
  public static Map<String, String> othersKeys(
      final Map<String, Object> clientProps, final String source) {
    final Map<String, String> out = new HashMap<>();
    checkpoints(clientProps)
        .forEach(
            (name, c) -> {
              if (!name.equals(source)) {
                c.getTrackingSequences().keySet().forEach(k -> out.put(k, name));
              }
            });
    return out;
  }
}
