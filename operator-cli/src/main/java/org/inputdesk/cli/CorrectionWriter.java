package org.inputdesk.cli;

import java.time.Instant;
import java.util.Map;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.Topics;

/**
 * Writes one operator action to {@code submission-corrections}: reads the submission's standing
 * override, folds the action in ({@link Corrections#apply}) and writes the whole override back,
 * acknowledged by all in-sync replicas. The correction commands and the operator console both write
 * through it, so an action is recorded the same way (who, when, why) wherever it was taken.
 */
public final class CorrectionWriter {

  private CorrectionWriter() {}

  /**
   * Writes {@code action} for {@code submissionId}; returns the override now standing (null when
   * none remains).
   *
   * @throws IllegalStateException when Kafka refuses the record
   */
  public static SubmissionCorrection write(
      final Map<String, Object> kafka, final String submissionId, final Corrections.Action action)
      throws InterruptedException {
    final SubmissionCorrection current =
        TopicReader.latest(kafka, Topics.SUBMISSION_CORRECTIONS).get(submissionId);
    final SubmissionCorrection next =
        Corrections.apply(submissionId, current, action, Instant.now());
    CorrectionCommands.send(kafka, submissionId, next, null);
    return next;
  }
}
