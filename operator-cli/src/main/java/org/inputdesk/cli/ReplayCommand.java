package org.inputdesk.cli;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code inputdesk replay}: sends a consultation's received inputs through the classifier again,
 * after a taxonomy or directory change, while the pipeline keeps serving. Each input goes on {@code
 * submissions-replay} under its own id; the classifier takes it as a new version of the same input,
 * so the classified topic, the page and the feeds are updated in place, never duplicated. It
 * streams in bounded batches (memory flat at any size) and resumes where an interrupted run stopped
 * ({@link ReplayJob}).
 */
@Command(
    name = "replay",
    description = {
      "Run a consultation's received inputs through the classifier again (after a taxonomy or"
          + " directory change), while the pipeline keeps serving. Inputs are updated in place on"
          + " the page and feeds; none is duplicated."
    },
    mixinStandardHelpOptions = true)
public final class ReplayCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--consultation",
      required = true,
      paramLabel = "ID",
      description = "The consultation whose inputs to replay.")
  String consultation;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      converter = TimeArg.class,
      description = "Only inputs received at or after TIME (2026-11-20T10:00:00Z, 2026-11-20, 2h).")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      converter = TimeArg.class,
      description = "Only inputs received before TIME.")
  Instant to;

  @Option(names = "--dry-run", description = "Count what would be replayed; send nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    final Map<String, Object> props = kafka.clientProps();
    final Map<String, Consultation> consultations = TopicReader.latest(props, Topics.CONSULTATIONS);
    final ReplayJob job = new ReplayJob(props, consultation, from, this::selected);
    if (dryRun) {
      final long n = job.run(true, () -> false, () -> {}).replayed();
      if (!consultations.containsKey(consultation) && n == 0) {
        throw ConsultationsCommand.unknown(consultations, consultation);
      }
      System.out.println(n + " inputs of " + consultation + " would be replayed");
      return 0;
    }
    if (!consultations.containsKey(consultation) && !job.hasInputs()) {
      throw ConsultationsCommand.unknown(consultations, consultation);
    }
    final AtomicBoolean stop = new AtomicBoolean();
    final CountDownLatch ended = new CountDownLatch(1);
    // Ctrl-C or SIGTERM: end the batch in hand and its transaction, then say where it stopped
    final Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                ended.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "replay-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    final Progress progress = new Progress(System.err, "replayed", 0);
    try {
      final ReplayJob.Outcome outcome = job.run(false, stop::get, progress::step);
      progress.finish();
      // the final line is written before the stop hook lets the JVM end
      if (!outcome.finished()) {
        System.out.println(
            "replay of "
                + consultation
                + " interrupted after "
                + outcome.replayed()
                + " inputs; run the same command again to resume where it stopped");
        return 130;
      }
      final String again = outcome.resumed() ? " (resumed an interrupted replay)" : "";
      System.out.println("replayed " + outcome.replayed() + " inputs of " + consultation + again);
      return 0;
    } finally {
      System.out.flush();
      ended.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it ends once this method returns
      }
    }
  }

  private boolean selected(final SubmissionReceived r) {
    return (from == null || !r.getReceivedAt().isBefore(from))
        && (to == null || r.getReceivedAt().isBefore(to));
  }
}
