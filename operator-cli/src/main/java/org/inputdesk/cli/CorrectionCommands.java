package org.inputdesk.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.ThemeTag;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The operator's corrections: {@code correct}, {@code withdraw}, {@code restore}, {@code hold},
 * {@code post}. Each finds the input on {@code submissions-classified}, checks the values against
 * what exists (the themes of the input's consultation, the codebook's sender types, ISO countries),
 * reads the submission's standing override from {@code submission-corrections}, folds the action in
 * and writes it back with who, when and why; the classifier re-emits the input and the page and
 * feeds follow. Nothing is written when a value is refused.
 */
public final class CorrectionCommands {

  private CorrectionCommands() {}

  /** Options every correction takes. */
  abstract static class Target {
    @Mixin KafkaOptions kafka;

    @Parameters(index = "0", paramLabel = "ID", description = "Submission id or tracking number.")
    String id;

    @Option(names = "--by", description = "Who (default: the system user).")
    String by = System.getProperty("user.name");

    int write(final Corrections.Action action, final String verb) {
      final Map<String, Object> props = kafka.clientProps();
      return write(props, find(props, id), action, verb);
    }

    int write(
        final Map<String, Object> props,
        final SubmissionClassified input,
        final Corrections.Action action,
        final String verb) {
      final String submissionId = input.getId();
      final SubmissionCorrection current =
          TopicReader.latest(props, Topics.SUBMISSION_CORRECTIONS).get(submissionId);
      final SubmissionCorrection next =
          Corrections.apply(submissionId, current, action, java.time.Instant.now());
      send(props, submissionId, next, null);
      System.out.println(
          verb + " " + submissionId + (next == null ? " (no override remains)" : ""));
      return 0;
    }
  }

  /** Writes the standing override of a submission; null retracts it. */
  static void send(
      final Map<String, Object> props,
      final String submissionId,
      final SubmissionCorrection value,
      final Headers headers) {
    final Map<String, Object> producerProps = new HashMap<>(props);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer =
        new KafkaProducer<>(
            producerProps,
            Topics.SUBMISSION_CORRECTIONS.keySerde().serializer(),
            Topics.SUBMISSION_CORRECTIONS.valueSerde().serializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.SUBMISSION_CORRECTIONS.name(), null, submissionId, value, headers))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the correction", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka refused the correction: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * The input with that submission id or tracking number (any case), from the classified topic;
   * else a {@link Refusal} with the nearest id or tracking number.
   */
  static SubmissionClassified find(final Map<String, Object> props, final String idOrTracking) {
    final Set<String> names = new LinkedHashSet<>();
    final List<TopicReader.Entry<String, SubmissionClassified>> hit =
        TopicReader.read(
            props,
            Topics.SUBMISSIONS_CLASSIFIED,
            null,
            1,
            x -> {
              if (x.value() == null) {
                return false;
              }
              final String tracking = x.value().getTrackingNumber();
              if (idOrTracking.equals(x.key()) || idOrTracking.equalsIgnoreCase(tracking)) {
                return true;
              }
              names.add(tracking == null ? x.key() : tracking);
              return false;
            });
    if (hit.isEmpty()) {
      throw new Refusal(
          "no submission with id or tracking number "
              + idOrTracking
              + Refusal.nearest(idOrTracking, names)
                  .map(n -> "; did you mean " + n + "?")
                  .orElse(""));
    }
    return hit.get(0).value();
  }

  @Command(
      name = "correct",
      description = {
        "Correct an input's themes, sender type, organisation or country, or retract the"
            + " standing correction with --clear. Themes must be of the input's consultation"
            + " (its taxonomy, else the default one), sender types of the codebook, countries"
            + " ISO 3166-1 alpha-3."
      },
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

    @Option(
        names = "--clear",
        description =
            "Retract the input's whole standing correction (themes, sender, status): the"
                + " classifier decides everything again.")
    boolean clear;

    @Option(names = "--reason", required = true, description = "Why; kept with the correction.")
    String reason;

    @Option(
        names = "--remember",
        description =
            "With --sender-type, --org or --country: also write the proposed sender-directory entry"
                + " (the address for free mail, else @domain), so the sender's next input resolves"
                + " from it and counts as verified.")
    boolean remember;

    @Override
    public Integer call() {
      final boolean fields =
          !add.isEmpty()
              || !remove.isEmpty()
              || senderType != null
              || organisation != null
              || country != null;
      if (clear && fields) {
        System.err.println(
            "inputdesk correct: --clear retracts the whole correction; give it without"
                + " --add-theme, --remove-theme, --sender-type, --org or --country");
        return 2;
      }
      if (!clear && !fields) {
        System.err.println(
            "nothing to correct: give --add-theme, --remove-theme, --sender-type, --org,"
                + " --country or --clear");
        return 2;
      }
      final String type =
          senderType == null ? null : Codebook.senderType("--sender-type", senderType);
      final String iso3 = country == null ? null : Codebook.country("--country", country);
      final Map<String, Object> props = kafka.clientProps();
      final SubmissionClassified input = find(props, id);
      if (clear) {
        return clear(props, input);
      }
      if (!add.isEmpty() || !remove.isEmpty()) {
        checkThemes(props, input);
      }
      final int written =
          write(
              props,
              input,
              new Corrections.Action(
                  add, remove, type, organisation, iso3, null, false, reason, by),
              "corrected");
      if (written == 0 && (type != null || organisation != null || iso3 != null)) {
        propose(props, input, type, iso3);
      }
      return written;
    }

    // what the directory would need to resolve this sender so next time, written with --remember
    private void propose(
        final Map<String, Object> props,
        final SubmissionClassified input,
        final String type,
        final String iso3) {
      final var entry = DirectoryProposal.of(input, type, organisation, iso3, by);
      if (entry.isEmpty()) {
        System.out.println(DirectoryProposal.whyNone(input));
        return;
      }
      final var e = entry.get();
      final String line =
          e.getKey()
              + " -> "
              + e.getSenderType()
              + (e.getOrganisation() == null ? "" : ", " + e.getOrganisation())
              + (e.getCountry() == null ? "" : ", " + e.getCountry());
      if (remember) {
        ReferenceData.applyDirectory(props, List.of(e));
        System.out.println("remembered in the sender directory: " + line);
      } else {
        System.out.println(
            "proposed sender-directory entry: " + line + " (add --remember to write it)");
      }
    }

    private void checkThemes(final Map<String, Object> props, final SubmissionClassified input) {
      final String cid = input.getConsultationId();
      final Consultation consultation =
          cid == null ? null : TopicReader.latest(props, Topics.CONSULTATIONS).get(cid);
      add.forEach(t -> Codebook.theme("--add-theme", t, consultation));
      // a theme the input carries may be removed even when the taxonomy no longer has it
      final Set<String> removable = new LinkedHashSet<>(Codebook.themeIds(consultation));
      input.getThemes().stream().map(ThemeTag::getId).forEach(removable::add);
      if (input.getCorrection() != null) {
        removable.addAll(input.getCorrection().getAddThemes());
      }
      for (final String t : remove) {
        if (!removable.contains(t)) {
          throw Refusal.notOneOf(
              "--remove-theme",
              t,
              "a theme of " + Codebook.whose(consultation) + " or of the input",
              new ArrayList<>(removable));
        }
      }
    }

    private int clear(final Map<String, Object> props, final SubmissionClassified input) {
      final String submissionId = input.getId();
      if (TopicReader.latest(props, Topics.SUBMISSION_CORRECTIONS).get(submissionId) == null) {
        System.out.println("no standing correction of " + submissionId + ": nothing to clear");
        return 0;
      }
      final Audit audit = Audit.now("clear", by, reason);
      send(props, submissionId, null, audit.headers());
      System.out.println(
          "cleared the correction of " + submissionId + ": the classifier decides it again");
      audit.log(submissionId);
      return 0;
    }
  }

  @Command(
      name = "withdraw",
      description = "Take an input off the page and feeds (e.g. at the sender's request).",
      mixinStandardHelpOptions = true)
  static final class Withdraw extends Target implements Callable<Integer> {
    @Option(names = "--reason", required = true, description = "Why; kept with the correction.")
    String reason;

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
    @Option(
        names = "--reason",
        defaultValue = "restored by an operator (no reason given)",
        description = "Why; kept with the correction (default: ${DEFAULT-VALUE}).")
    String reason;

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
    @Option(
        names = "--reason",
        defaultValue = "held for review by an operator (no reason given)",
        description = "Why; kept with the correction (default: ${DEFAULT-VALUE}).")
    String reason;

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
    @Option(
        names = "--reason",
        defaultValue = "posted by an operator (no reason given)",
        description = "Why; kept with the correction (default: ${DEFAULT-VALUE}).")
    String reason;

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
