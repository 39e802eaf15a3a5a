package org.inputdesk.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code inputdesk local}: the whole pipeline on embedded defaults, until Ctrl-C. */
@Command(
    name = "local",
    description = {
      "Start the whole pipeline on embedded defaults: a Kafka broker (KRaft), a mailbox (IMAP and"
          + " SMTP), the intake, classifier and publisher services, with sample submissions.",
      "Prints the page URL and the address to email; Ctrl-C stops it cleanly.",
      "Everything is kept in the data directory (the broker's log, the submissions mailbox, the"
          + " classifier's and publisher's state): started again on the same directory it resumes"
          + " where it stopped, with the inputs received so far, and tracking numbers go on from"
          + " the last one issued. --fresh wipes the directory and starts over."
    },
    mixinStandardHelpOptions = true)
public final class LocalCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      defaultValue = ".inputdesk/local",
      description =
          "Where the broker log, mailbox and service state are kept; an existing one is resumed,"
              + " not wiped (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--fresh",
      description =
          "Wipe the data directory first and start over: every input, tracking number and dead"
              + " letter of earlier runs is gone.")
  boolean fresh;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port of the public page; 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--no-samples", description = "Do not send the sample submissions.")
  boolean noSamples;

  @Override
  public Integer call() throws Exception {
    final long begin = System.nanoTime();
    final CountDownLatch stop = new CountDownLatch(1);
    final LocalStack stack =
        LocalStack.start(
            new LocalStack.Options(dataDir.toAbsolutePath(), port, Map.of(), fresh),
            step -> System.out.println("  " + step + " ..."));
    final Thread hook =
        new Thread(
            () -> {
              System.out.println("\nstopping InputDesk ...");
              KafkaOptions.clearLocalConnection();
              stack.close();
              System.out.println("stopped.");
              stop.countDown();
            },
            "inputdesk-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    KafkaOptions.writeLocalConnection(stack.connection());
    final boolean sendSamples = !noSamples && !stack.samplesSent();
    final int samples = sendSamples ? stack.sendSamples() : 0;
    final long ms = Duration.ofNanos(System.nanoTime() - begin).toMillis();
    System.out.printf(
        "%nInputDesk is running (started in %.1f s).%n%n"
            + "  Page:        %s%n"
            + "  JSON Feed:   %s%n"
            + "  Email to:    %s  (SMTP 127.0.0.1:%d, no login)%n"
            + "  Mailbox:     IMAP 127.0.0.1:%d, user %s%n"
            + "  Operators:   %s  (token %s)%n"
            + "  Kafka:       %s%n"
            + "  Data:        %s%n"
            + "%n  %s%n"
            + "  Operator commands in another terminal reach this broker: ./inputdesk --help%n"
            + "  Press Ctrl-C to stop.%n",
        ms / 1000.0,
        stack.consultationPage(),
        stack.feedUrl(),
        LocalStack.ADDRESS,
        stack.mail().smtpPort(),
        stack.mail().imapPort(),
        stack.mail().user(),
        stack.consoleUrl(),
        stack.opsToken(),
        stack.kafka().bootstrapServers(),
        stack.dataDir() + (stack.resumed() ? "  (resumed; --fresh starts over)" : ""),
        sendSamples
            ? samples + " sample submissions sent; they appear on the page within seconds."
            : stack.resumed()
                ? "Inputs of earlier runs are kept; new mail gets the next tracking numbers."
                : "No sample submissions sent.");
    stop.await();
    return 0;
  }
}
