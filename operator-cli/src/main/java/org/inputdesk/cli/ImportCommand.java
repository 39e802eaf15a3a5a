package org.inputdesk.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.inputdesk.intake.AttachmentExtractor;
import org.inputdesk.intake.ImportRunner;
import org.inputdesk.intake.IntakeConfig;
import org.inputdesk.intake.MimeReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inputdesk import --dry-run}: reads email files, directories, mbox files and maildirs
 * through intake's own MIME code and reports what each would become, without a broker.
 */
@Command(
    name = "import",
    description = {
      "Read email files, directories, mbox files or maildirs through intake's MIME code and report"
          + " each message's outcome (accepted or rejected with the reason) as JSON lines, then a"
          + " summary line.",
      "Only --dry-run is available in this version: messages are read and reported, not submitted."
    },
    mixinStandardHelpOptions = true)
public final class ImportCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR|MBOX|MAILDIR")
  List<Path> inputs;

  @Option(names = "--dry-run", description = "Read and report only; needs no broker.")
  boolean dryRun;

  @Option(
      names = "--report",
      paramLabel = "out.jsonl",
      description = "Write the JSON lines here instead of standard output.")
  Path report;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "Longest time one message may take (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws IOException {
    if (!dryRun) {
      System.err.println(
          "inputdesk import: submitting imported mail is not available in this version; use"
              + " --dry-run to check files, or deliver them to the submissions mailbox");
      return 2;
    }
    for (final Path input : inputs) {
      if (!Files.exists(input)) {
        System.err.println("inputdesk import: no such file or directory: " + input);
        return 2;
      }
    }
    final var defaults = IntakeConfig.definition().defaultValues();
    final MimeReader reader =
        new MimeReader(
            new MimeReader.Limits(
                (Long) defaults.get("attachment.max.bytes"),
                (Long) defaults.get("message.max.bytes")),
            new AttachmentExtractor(
                Duration.ofMillis((Long) defaults.get("tika.timeout.ms")),
                ((Number) defaults.get("tika.max.chars")).intValue()));
    final ImportRunner.Summary summary;
    try (Writer out =
        report == null
            ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
            : Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
      summary = new ImportRunner(reader, Duration.ofSeconds(timeoutSeconds)).run(inputs, out);
      out.flush();
    }
    System.err.printf(
        "%d messages: %d accepted, %d rejected %s%n",
        summary.messages(), summary.accepted(), summary.rejected(), summary.reasons());
    return 0;
  }
}
