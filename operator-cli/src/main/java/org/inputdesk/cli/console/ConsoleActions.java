package org.inputdesk.cli.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.inputdesk.cli.CorrectionRules;
import org.inputdesk.cli.CorrectionWriter;
import org.inputdesk.cli.Corrections;
import org.inputdesk.cli.DlqCommand;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionClassified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator can do from the console: hold, post, withdraw or restore an input, correct its
 * themes or sender type, retry a dead letter. Each action is checked as the CLI checks it and
 * written by the CLI's own code ({@link CorrectionWriter}, {@link DlqCommand#retry}), with the
 * console user as who and the operator's reason as why. Writes submission-corrections; a retried
 * letter goes back to its source topic or the submissions mailbox.
 */
public final class ConsoleActions {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleActions.class);

  /** Longest reason kept; a reason is a sentence, not a document. */
  static final int MAX_REASON = 1000;

  /** The status actions, named as the CLI's commands. */
  public enum Verb {
    HOLD("held"),
    POST("posted"),
    WITHDRAW("withdrew"),
    RESTORE("restored");

    private final String done;

    Verb(final String done) {
      this.done = done;
    }

    /** The verb as the CLI prints it once done. */
    public String done() {
      return done;
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The verb of a form's {@code action} field; empty for anything else. */
    public static Optional<Verb> of(final String id) {
      for (final Verb v : values()) {
        if (v.id().equals(id)) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    }
  }

  /** How an action ended. */
  public enum Result {
    DONE,
    REFUSED,
    NOT_FOUND,
    FAILED
  }

  /** The result and one line for the operator. */
  public record Outcome(Result result, String message) {
    static Outcome refused(final List<String> problems) {
      return new Outcome(Result.REFUSED, String.join("\n", problems));
    }
  }

  private final Map<String, Object> kafka;
  private final ConsoleState state;
  private final Map<String, String> mailbox;
  private final Object writing = new Object();

  /**
   * @param kafka client settings of the cluster the console reads
   * @param state what the console shows, to find inputs and their consultations
   * @param mailbox where a mail dead letter goes back when the environment names no mailbox
   *     (imap.host, imap.port, imap.protocol, imap.user, imap.password); empty for none
   */
  public ConsoleActions(
      final Map<String, Object> kafka,
      final ConsoleState state,
      final Map<String, String> mailbox) {
    this.kafka = Map.copyOf(kafka);
    this.state = state;
    this.mailbox = Map.copyOf(mailbox);
  }

  /** Holds, posts, withdraws or restores input {@code id}. */
  public Outcome status(final String id, final Verb verb, final String reason, final String by) {
    final StatusOverride status =
        switch (verb) {
          case HOLD -> StatusOverride.HELD;
          case POST -> StatusOverride.POSTED;
          case WITHDRAW -> StatusOverride.WITHDRAWN;
          case RESTORE -> null;
        };
    return write(
        id,
        new Corrections.Action(
            List.of(),
            List.of(),
            null,
            null,
            null,
            status,
            verb == Verb.RESTORE,
            clean(reason),
            by),
        verb.done());
  }

  /** Adds and removes themes of input {@code id} and sets its sender type (null: unchanged). */
  public Outcome correct(
      final String id,
      final List<String> addThemes,
      final List<String> removeThemes,
      final String senderType,
      final String reason,
      final String by) {
    final String type = senderType == null || senderType.isBlank() ? null : senderType.strip();
    if (addThemes.isEmpty() && removeThemes.isEmpty() && type == null) {
      return Outcome.refused(
          List.of("nothing to correct: choose a theme to add or remove, or a sender type"));
    }
    return write(
        id,
        new Corrections.Action(
            List.copyOf(addThemes),
            List.copyOf(removeThemes),
            type,
            null,
            null,
            null,
            false,
            clean(reason),
            by),
        "corrected");
  }

  /** Retries dead letter {@code n} as {@code inputdesk dlq retry N} does. */
  public Outcome retry(final long n, final String reason, final String by) {
    final String why = clean(reason);
    final List<String> problems = reasonProblems(why);
    if (!problems.isEmpty()) {
      return Outcome.refused(problems);
    }
    try {
      final String stage;
      synchronized (writing) {
        stage = DlqCommand.retry(kafka, n, mailbox, by, why);
      }
      LOG.info("dead letter {} ({}) retried from the console by {}: {}", n, stage, by, why);
      return new Outcome(Result.DONE, "retried dead letter " + n + " (" + stage + ")");
    } catch (IllegalArgumentException e) {
      return Outcome.refused(List.of(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(Result.FAILED, "interrupted");
    } catch (RuntimeException e) {
      LOG.warn("retry of dead letter {} failed", n, e);
      return new Outcome(Result.FAILED, "the retry failed: " + e.getMessage());
    }
  }

  private Outcome write(final String id, final Corrections.Action action, final String done) {
    final Optional<SubmissionClassified> input = state.input(id);
    if (input.isEmpty()) {
      return new Outcome(Result.NOT_FOUND, "no input " + id);
    }
    final List<String> problems =
        new ArrayList<>(
            CorrectionRules.problems(
                state.consultations().get(input.get().getConsultationId()), action));
    if (action.reason() != null && action.reason().length() > MAX_REASON) {
      problems.add("reason: at most " + MAX_REASON + " characters");
    }
    if (!problems.isEmpty()) {
      return Outcome.refused(problems);
    }
    try {
      // One write at a time: two operators acting on one input must not lose each other's fix.
      synchronized (writing) {
        CorrectionWriter.write(kafka, id, action);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(Result.FAILED, "interrupted");
    } catch (RuntimeException e) {
      LOG.warn("correction of {} failed", id, e);
      return new Outcome(Result.FAILED, "not written: " + e.getMessage());
    }
    LOG.info("{} {} from the console by {}", done, id, action.by());
    final String tracking = input.get().getTrackingNumber();
    return new Outcome(Result.DONE, done + " " + (tracking == null ? id : tracking));
  }

  private static List<String> reasonProblems(final String reason) {
    if (reason == null || reason.isBlank()) {
      return List.of("reason: give one; it is kept with the action");
    }
    if (reason.length() > MAX_REASON) {
      return List.of("reason: at most " + MAX_REASON + " characters");
    }
    return List.of();
  }

  private static String clean(final String reason) {
    return reason == null ? null : reason.strip();
  }
}
