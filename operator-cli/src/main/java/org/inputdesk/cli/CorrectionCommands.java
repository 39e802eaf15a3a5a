package org.inputdesk.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The operator's corrections: {@code correct}, {@code withdraw}, {@code restore}, {@code hold},
 * {@code post}. Each reads the submission's standing override from {@code submission-corrections},
 * folds the action in and writes it back with who, when and why; the classifier re-emits the input
 * and the page and feeds follow.
 */
public final class CorrectionCommands {

  private CorrectionCommands() {}

  /** Options every correction takes. */
  static class Target {
    @Mixin KafkaOptions kafka;

    @Parameters(index = "0", paramLabel = "ID", description = "Submission id or tracking number.")
    String id;

    @Option(names = "--reason", required = true, description = "Why; kept with the correction.")
    String reason;

    @Option(names = "--by", description = "Who (default: the system user).")
    String by = System.getProperty("user.name");

    int write(final Corrections.Action action, final String verb) {
      final Map<String, Object> props = kafka.clientProps();
      final Optional<String> found = resolve(props, id);
      if (found.isEmpty()) {
        System.err.println("no submission with id or tracking number " + id);
        return 1;
      }
      final String submissionId = found.get();
      final SubmissionCorrection next;
      try {
        next = CorrectionWriter.write(props, submissionId, action);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 3;
      }
      System.out.println(
          verb + " " + submissionId + (next == null ? " (no override remains)" : ""));
      return 0;
    }
  }

  /** Finds a submission by id or by tracking number in the classified topic. */
  static Optional<String> resolve(final Map<String, Object> props, final String idOrTracking) {
    for (final TopicReader.Entry<String, SubmissionClassified> e :
        TopicReader.read(
            props,
            Topics.SUBMISSIONS_CLASSIFIED,
            null,
            1,
            x ->
                x.value() != null
                    && (idOrTracking.equals(x.key())
                        || idOrTracking.equalsIgnoreCase(
                            String.valueOf(x.value().getTrackingNumber()))))) {
      return Optional.of(e.key());
    }
    return Optional.empty();
  }

  @Command(
      name = "correct",
      description = "Correct an input's themes, sender type or organisation.",
      mixinStandardHelpOptions = true)
  static final class Correct extends Target implements Callable<Integer> {
    @Option(names = "--add-theme", paramLabel = "THEME")
    List<String> add = List.of();

    @Option(names = "--remove-theme", paramLabel = "THEME")
    List<String> remove = List.of();

    @Option(names = "--sender-type", paramLabel = "TYPE")
    String senderType;

    @Option(names = "--org", paramLabel = "NAME")
    String organisation;

    @Option(names = "--country", paramLabel = "ISO3")
    String country;

    @Override
    public Integer call() {
      if (add.isEmpty()
          && remove.isEmpty()
          && senderType == null
          && organisation == null
          && country == null) {
        System.err.println(
            "nothing to correct: give --add-theme, --remove-theme, --sender-type, --org or --country");
        return 2;
      }
      return write(
          new Corrections.Action(
              add, remove, senderType, organisation, country, null, false, reason, by),
          "corrected");
    }
  }

  @Command(
      name = "withdraw",
      description = "Take an input off the page and feeds (e.g. at the sender's request).",
      mixinStandardHelpOptions = true)
  static final class Withdraw extends Target implements Callable<Integer> {
    @Override
    public Integer call() {
      return write(status(StatusOverride.WITHDRAWN, false, reason, by), "withdrew");
    }
  }

  @Command(
      name = "restore",
      description = "Undo withdraw, hold or post: the classifier decides again.",
      mixinStandardHelpOptions = true)
  static final class Restore extends Target implements Callable<Integer> {
    @Override
    public Integer call() {
      return write(status(null, true, reason, by), "restored");
    }
  }

  @Command(
      name = "hold",
      description = "Hold an input for review (off the page).",
      mixinStandardHelpOptions = true)
  static final class Hold extends Target implements Callable<Integer> {
    @Override
    public Integer call() {
      return write(status(StatusOverride.HELD, false, reason, by), "held");
    }
  }

  @Command(
      name = "post",
      description = "Post an input that was held.",
      mixinStandardHelpOptions = true)
  static final class Post extends Target implements Callable<Integer> {
    @Override
    public Integer call() {
      return write(status(StatusOverride.POSTED, false, reason, by), "posted");
    }
  }

  private static Corrections.Action status(
      final StatusOverride status, final boolean clear, final String reason, final String by) {
    return new Corrections.Action(
        List.of(), List.of(), null, null, null, status, clear, reason, by);
  }
}
