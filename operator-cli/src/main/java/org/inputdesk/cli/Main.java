package org.inputdesk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code inputdesk} command: the local run and the operators' commands. */
@Command(
    name = "inputdesk",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Takes written inputs by email and publishes them, over Kafka.",
    subcommands = {LocalCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(final String[] args) {
    System.setProperty(
        "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    final int code = new CommandLine(new Main()).execute(args);
    if (code != 0 || !isLongRunning(args)) {
      System.exit(code);
    }
  }

  private static boolean isLongRunning(final String[] args) {
    return args.length > 0 && "local".equals(args[0]);
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
