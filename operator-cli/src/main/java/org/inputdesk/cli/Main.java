package org.inputdesk.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code inputdesk} command: the local run and the operators' commands. */
@Command(
    name = "inputdesk",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Takes written inputs by email and publishes them, over Kafka.",
    subcommands = {
      LocalCommand.class,
      ConsultationsCommand.class,
      DirectoryCommand.class,
      CorrectionCommands.Correct.class,
      CorrectionCommands.Withdraw.class,
      CorrectionCommands.Restore.class,
      CorrectionCommands.Hold.class,
      CorrectionCommands.Post.class,
      DumpCommand.class,
      DlqCommand.class,
      StatusCommand.class,
      ReplayCommand.class,
      TopicsCommand.class,
      ConsoleCommand.class,
      ExportCommand.class,
      ConfigCommand.class,
      ImportCommand.class,
      ClassifyCommand.Classify.class,
      ClassifyCommand.Eval.class,
      TrainCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(final String[] args) {
    System.setProperty(
        "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    final int code = commandLine().execute(args);
    if (code != 0 || !isLongRunning(args)) {
      System.exit(code);
    }
  }

  /** The command line with its error handling: a failure prints one clear line, exit code 1. */
  public static CommandLine commandLine() {
    final CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("inputdesk: " + describe(e));
          return 1;
        });
    return cl;
  }

  /** One line: what failed, naming the file, field or value; never a stack trace. */
  static String describe(final Throwable thrown) {
    final Throwable e =
        thrown instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : thrown;
    final String message;
    if (e instanceof NoSuchFileException f) {
      message = "cannot read " + f.getFile() + ": no such file";
    } else if (e instanceof AccessDeniedException f) {
      message = f.getFile() + ": permission denied";
    } else if (e instanceof FileSystemException f) {
      message = f.getFile() + ": " + (f.getReason() == null ? "cannot be used" : f.getReason());
    } else if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
      message =
          e.getMessage()
              + " (is Kafka reachable? set --bootstrap-servers or INPUTDESK_KAFKA_BOOTSTRAP_SERVERS)";
    } else {
      message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static boolean isLongRunning(final String[] args) {
    return args.length > 0 && ("local".equals(args[0]) || "console".equals(args[0]));
  }

  /** Version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      final String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"inputdesk " + (v == null ? "development build" : v)};
    }
  }
}
