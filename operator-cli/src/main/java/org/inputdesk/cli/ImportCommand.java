package org.inputdesk.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.intake.errors.FatalIntakeException;
import org.inputdesk.intake.imports.ImportRunner;
import org.inputdesk.intake.imports.ImportSubmitter;
import org.inputdesk.intake.mime.AttachmentExtractor;
import org.inputdesk.intake.mime.MimeReader;
import org.inputdesk.intake.receipts.Receipts;
import org.inputdesk.schemas.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inputdesk import}: reads email files, directories, mbox files and maildirs through
 * intake's own MIME code and submits each message to Kafka exactly as the IMAP intake does ({@link
 * ImportSubmitter}); with {@code --dry-run} only reports what each would become, without a broker.
 */
@Command(
    name = "import",
    description = {
      "Read email files, directories, mbox files or maildirs through intake's MIME code and submit"
          + " each message to Kafka as the mailbox intake does (consultation, tracking number, late"
          + " flag, attachments; unreadable mail to submissions-dlq). Reports each message's"
          + " outcome as JSON lines, then a summary line; progress goes to standard error.",
      "Ids come from the import name and the message bytes: importing the same mail again under"
          + " the same --name skips it. No receipts unless --receipts.",
      "Settings beyond --bootstrap-servers come from the intake's environment variables"
          + " (INPUTDESK_INTAKE_DEFAULT_CONSULTATION, INPUTDESK_SMTP_HOST, INPUTDESK_SMTP_FROM, ...)."
    },
    mixinStandardHelpOptions = true)
public final class ImportCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR|MBOX|MAILDIR")
  List<Path> inputs;

  @Mixin KafkaOptions kafka;

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

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = "import",
      description =
          "Name of this import: part of every id (so the same mail imported again under the same"
              + " name is skipped), of its checkpoint import:NAME and its Kafka transactional id"
              + " (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--tracking-code",
      paramLabel = "CODE",
      defaultValue = "",
      description =
          "Code in the tracking numbers of consultations a mailbox already numbers"
              + " (PREFIX-CODE-000001); default: the name's letters in upper case.")
  String trackingCode;

  @Option(
      names = "--consultation",
      paramLabel = "ID",
      description =
          "Consultation for mail no address or subject tag matches (default:"
              + " INPUTDESK_INTAKE_DEFAULT_CONSULTATION, else none).")
  String consultation;

  @Option(
      names = "--receipts",
      description =
          "Send each sender a receipt with the tracking number, as the intake does (needs"
              + " INPUTDESK_SMTP_HOST and INPUTDESK_SMTP_FROM). Off by default: old mail is not"
              + " acknowledged again.")
  boolean receipts;

  @Override
  public Integer call() throws IOException {
    for (final Path input : inputs) {
      if (!Files.exists(input)) {
        System.err.println("inputdesk import: no such file or directory: " + input);
        return 2;
      }
    }
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      System.err.println(
          "inputdesk import: --name must be 1 to 64 letters, digits, dots, dashes or underscores");
      return 2;
    }
    if (!trackingCode.matches("[A-Za-z0-9]{0,8}")) {
      System.err.println("inputdesk import: --tracking-code must be 1 to 8 letters or digits");
      return 2;
    }
    final Map<String, Object> values = new HashMap<>(Settings.fromEnvironment(System.getenv()));
    // the import reads no mailbox: the intake's required IMAP keys do not apply
    values.putIfAbsent(IntakeConfig.IMAP_HOST, "import");
    values.putIfAbsent(IntakeConfig.IMAP_USER, "import");
    if (consultation != null) {
      values.put(IntakeConfig.DEFAULT_CONSULTATION, consultation);
    }
    final IntakeConfig config;
    try {
      config = IntakeConfig.from(values);
    } catch (RuntimeException e) {
      System.err.println("inputdesk import: " + e.getMessage());
      return 2;
    }
    final MimeReader reader =
        new MimeReader(
            new MimeReader.Limits(config.attachmentMaxBytes(), config.messageMaxBytes()),
            new AttachmentExtractor(config.tikaTimeout(), config.tikaMaxChars()),
            null,
            config.authTrust());
    Receipts receiptSender = null;
    if (receipts && !dryRun) {
      if (config.smtpHost().isBlank() || config.smtpFrom().isBlank()) {
        System.err.println(
            "inputdesk import: --receipts needs INPUTDESK_SMTP_HOST and INPUTDESK_SMTP_FROM");
        return 2;
      }
      receiptSender =
          new Receipts(
              config.smtpHost(),
              config.smtpPort(),
              config.smtpFrom(),
              config.smtpUser(),
              config.smtpPassword().value(),
              new MimeReader.Limits(config.attachmentMaxBytes(), config.messageMaxBytes()));
    }
    final ImportRunner runner = new ImportRunner(reader, Duration.ofSeconds(timeoutSeconds), name);
    final ImportRunner.Summary summary;
    ImportSubmitter submitter = null;
    try {
      if (!dryRun) {
        // an unreachable broker is reported before anything else is said
        final Map<String, Object> props = kafka.clientProps();
        System.err.println("import: connecting to Kafka and reading the ids already submitted");
        submitter =
            ImportSubmitter.open(
                props,
                new ImportSubmitter.Settings(
                    name,
                    trackingCode,
                    config.defaultConsultation(),
                    config.consultationsWait(),
                    config.replicationFactor(),
                    receiptSender,
                    config.receiptMaxPerAddressPerHour()));
      }
      try (Writer out =
          report == null
              ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
              : Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
        summary = runner.run(inputs, out, submitter, dryRun ? null : System.err);
        out.flush();
      }
    } catch (IllegalStateException | KafkaException | FatalIntakeException e) {
      // what was committed stays; running the same import again goes on from there
      System.err.println(
          "inputdesk import: "
              + e.getMessage()
              + (dryRun ? "" : " (messages committed so far stay; run again to go on)"));
      return 1;
    } finally {
      if (submitter != null) {
        submitter.close();
      }
    }
    System.err.printf(
        "%d messages: %d accepted, %d rejected, %d already imported %s%s%n",
        summary.messages(),
        summary.accepted(),
        summary.rejected(),
        summary.skipped(),
        summary.reasons(),
        dryRun ? " (dry run: nothing submitted)" : "");
    if (submitter != null && receiptSender != null) {
      System.err.printf("%d receipts sent%n", submitter.receiptsSent());
    }
    final int unreadable = summary.reasons().getOrDefault("unreadable", 0);
    if (unreadable > 0) {
      System.err.printf(
          "inputdesk import: %d files could not be read (see \"unreadable\" in the report)%n",
          unreadable);
      return 1;
    }
    return 0;
  }
}
