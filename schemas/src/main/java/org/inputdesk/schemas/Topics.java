package org.inputdesk.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The pipeline's topics, in one place: names, serdes and creation settings (ARCHITECTURE.md). */
public final class Topics {

  public static final int PARTITIONS = 3;

  private static final Map<String, String> COMPACT =
      Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000");
  private static final Map<String, String> LONG_RETENTION =
      Map.of("cleanup.policy", "delete", "retention.ms", "-1");
  private static final Map<String, String> DLQ_RETENTION =
      Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(90L * 24 * 3600 * 1000));

  public static final TopicSpec<String, SubmissionReceived> SUBMISSIONS_RECEIVED =
      new TopicSpec<>(
          "submissions-received",
          Serdes.String(),
          new AvroSerde<>(SubmissionReceived.class),
          PARTITIONS,
          LONG_RETENTION);

  public static final TopicSpec<String, Attachment> SUBMISSION_ATTACHMENTS =
      new TopicSpec<>(
          "submission-attachments",
          Serdes.String(),
          new AvroSerde<>(Attachment.class),
          PARTITIONS,
          withMaxMessage(COMPACT, 50 * 1024 * 1024));

  public static final TopicSpec<String, Consultation> CONSULTATIONS =
      new TopicSpec<>(
          "consultations", Serdes.String(), new AvroSerde<>(Consultation.class), 1, COMPACT);

  public static final TopicSpec<String, SenderDirectoryEntry> SENDER_DIRECTORY =
      new TopicSpec<>(
          "sender-directory",
          Serdes.String(),
          new AvroSerde<>(SenderDirectoryEntry.class),
          1,
          COMPACT);

  public static final TopicSpec<String, SubmissionCorrection> SUBMISSION_CORRECTIONS =
      new TopicSpec<>(
          "submission-corrections",
          Serdes.String(),
          new AvroSerde<>(SubmissionCorrection.class),
          PARTITIONS,
          COMPACT);

  public static final TopicSpec<String, SubmissionClassified> SUBMISSIONS_CLASSIFIED =
      new TopicSpec<>(
          "submissions-classified",
          Serdes.String(),
          new AvroSerde<>(SubmissionClassified.class),
          PARTITIONS,
          COMPACT);

  /**
   * Received submissions sent through the classifier again (operator replay after a taxonomy or
   * directory change). Partitioned like submissions-received, so a replayed input lands on the task
   * that holds it.
   */
  public static final TopicSpec<String, SubmissionReceived> SUBMISSIONS_REPLAY =
      new TopicSpec<>(
          "submissions-replay",
          Serdes.String(),
          new AvroSerde<>(SubmissionReceived.class),
          PARTITIONS,
          Map.of(
              "cleanup.policy", "delete", "retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

  public static final TopicSpec<byte[], byte[]> SUBMISSIONS_DLQ =
      new TopicSpec<>(
          "submissions-dlq",
          Serdes.ByteArray(),
          Serdes.ByteArray(),
          1,
          withMaxMessage(DLQ_RETENTION, 50 * 1024 * 1024));

  /** Intake's position in each mailbox, committed with the records it covers. */
  public static final TopicSpec<String, MailboxCheckpoint> INTAKE_CHECKPOINTS =
      new TopicSpec<>(
          "intake-checkpoints",
          Serdes.String(),
          new AvroSerde<>(MailboxCheckpoint.class),
          1,
          COMPACT);

  /**
   * Theme models trained from operators' corrections ({@code inputdesk train}), one per
   * consultation: key consultation id, value the model as gzip'd JSON (the classifier's {@code
   * ThemeModel}); a null value goes back to the shipped model or the phrases.
   */
  public static final TopicSpec<String, byte[]> THEME_MODELS =
      new TopicSpec<>(
          "theme-models",
          Serdes.String(),
          Serdes.ByteArray(),
          1,
          withMaxMessage(COMPACT, 16 * 1024 * 1024));

  /**
   * Where operators stand with each dead letter ({@code inputdesk dlq}): key the dead letter's
   * topic/partition/offset, value its {@link DeadLetterState}; a letter without one is new.
   */
  public static final TopicSpec<String, DeadLetterState> DLQ_STATES =
      new TopicSpec<>(
          "dlq-states", Serdes.String(), new AvroSerde<>(DeadLetterState.class), 1, COMPACT);

  /**
   * The first submission under each exact-duplicate key, written by intake and the import in the
   * same transaction as the submission, so a later copy's receipt names the first one's tracking
   * number. Key: hex sha256 of the duplicate key.
   */
  public static final TopicSpec<String, SubmissionKey> SUBMISSION_KEYS =
      new TopicSpec<>(
          "submission-keys",
          Serdes.String(),
          new AvroSerde<>(SubmissionKey.class),
          PARTITIONS,
          COMPACT);

  public static final List<TopicSpec<?, ?>> ALL =
      List.of(
          SUBMISSIONS_RECEIVED,
          SUBMISSION_ATTACHMENTS,
          CONSULTATIONS,
          SENDER_DIRECTORY,
          SUBMISSION_CORRECTIONS,
          SUBMISSIONS_CLASSIFIED,
          SUBMISSIONS_REPLAY,
          SUBMISSIONS_DLQ,
          INTAKE_CHECKPOINTS,
          THEME_MODELS,
          DLQ_STATES,
          SUBMISSION_KEYS);

  private Topics() {}

  private static Map<String, String> withMaxMessage(final Map<String, String> base, final int max) {
    final var out = new java.util.HashMap<>(base);
    out.put("max.message.bytes", String.valueOf(max));
    return out;
  }

  /**
   * Creates the topics that do not exist yet with their settings; existing ones are left as they
   * are. Every service calls this at start, so any of them may come up first.
   */
  public static void ensure(
      final Admin admin, final List<TopicSpec<?, ?>> specs, final short replicationFactor) {
    try {
      final Set<String> existing = admin.listTopics().names().get();
      final List<NewTopic> missing = new ArrayList<>();
      for (final TopicSpec<?, ?> spec : specs) {
        if (!existing.contains(spec.name())) {
          missing.add(spec.newTopic(replicationFactor));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      for (final var result : admin.createTopics(missing).values().entrySet()) {
        try {
          result.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + result.getKey() + ": " + e.getCause().getMessage(),
                e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot list topics: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Names of the given specs, for logs. */
  public static String names(final List<TopicSpec<?, ?>> specs) {
    return specs.stream().map(TopicSpec::name).collect(Collectors.joining(", "));
  }

  /** Serde of a spec's values, typed. */
  public static <V> Serde<V> values(final TopicSpec<?, V> spec) {
    return spec.valueSerde();
  }
}
