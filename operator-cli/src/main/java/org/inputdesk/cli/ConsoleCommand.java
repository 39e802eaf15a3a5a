package org.inputdesk.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.inputdesk.cli.console.Console;
import org.inputdesk.cli.console.ConsoleActions;
import org.inputdesk.cli.console.ConsoleReader;
import org.inputdesk.cli.console.ConsoleState;
import org.inputdesk.cli.console.DeskNotifier;
import org.inputdesk.schemas.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code inputdesk console}: the operator console (status, chart, queues, dead letters, and the
 * operators' actions on them), until Ctrl-C.
 */
@Command(
    name = "console",
    description = {
      "Serve the operator console: counts, inputs per day per theme, the inputs held for review,"
          + " each desk's queue, dead letters; hold, post, withdraw, restore or correct an input and"
          + " retry a dead letter, each with a reason, recorded with the operator's name. Every page"
          + " needs the operator token: log in at /ops/login, or give it as Bearer or as the"
          + " password of the browser's login prompt.",
      "A mail dead letter is retried into the mailbox INPUTDESK_IMAP_HOST, INPUTDESK_IMAP_USER and"
          + " INPUTDESK_IMAP_PASSWORD name.",
      "With --notify-desks, also email each desk that has an address when an input is routed to it."
    },
    mixinStandardHelpOptions = true)
public final class ConsoleCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Interface (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8081",
      description = "Port; 0 for any (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--token", description = "Operator token (default: INPUTDESK_OPS_TOKEN).")
  String token;

  @Option(names = "--notify-desks", description = "Email desks of new inputs routed to them.")
  boolean notify;

  @Option(
      names = "--smtp-host",
      description = "SMTP server for desk notifications (default: INPUTDESK_SMTP_HOST).")
  String smtpHost;

  @Option(
      names = "--smtp-port",
      defaultValue = "25",
      description = "SMTP port (default: ${DEFAULT-VALUE}).")
  int smtpPort;

  @Option(
      names = "--smtp-from",
      description = "From address of notifications (default: INPUTDESK_SMTP_FROM).")
  String smtpFrom;

  @Override
  public Integer call() throws Exception {
    final var env = Settings.fromEnvironment(System.getenv());
    final String t = token != null ? token : env.get("ops.token");
    if (t == null || t.isBlank()) {
      System.err.println(
          "inputdesk console: give --token or set INPUTDESK_OPS_TOKEN: operator pages never answer without one");
      return 2;
    }
    final ConsoleState state = new ConsoleState();
    final ConsoleReader reader = new ConsoleReader(kafka.clientProps(), state);
    final DeskNotifier notifier;
    if (notify) {
      final String h = smtpHost != null ? smtpHost : env.get("smtp.host");
      final String f = smtpFrom != null ? smtpFrom : env.get("smtp.from");
      if (h == null || f == null) {
        reader.close();
        System.err.println("inputdesk console: --notify-desks needs --smtp-host and --smtp-from");
        return 2;
      }
      notifier =
          new DeskNotifier(kafka.clientProps(), state, new DeskNotifier.Smtp(h, smtpPort, f));
    } else {
      notifier = null;
    }
    final Console console =
        Console.start(
            state,
            new ConsoleActions(kafka.clientProps(), state, KafkaOptions.localMailbox()),
            host,
            port,
            t);
    final CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  console.close();
                  if (notifier != null) {
                    notifier.close();
                  }
                  reader.close();
                  stop.countDown();
                },
                "console-shutdown"));
    System.out.printf(
        "Operator console at http://%s:%d/ops/ (Ctrl-C stops it)%n", host, console.port());
    stop.await();
    return 0;
  }
}
