package org.inputdesk.cli;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inputdesk.schemas.DeadLetterStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inputdesk dlq resolve N} and {@code discard N}: an operator settles a letter by hand;
 * reads the letter and writes its new state, with who and why, to {@code dlq-states}.
 */
abstract class DlqSettleCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Parameters(paramLabel = "N")
  long n;

  @Mixin DlqCommand.Who who;

  abstract DeadLetterStatus to();

  abstract String reason();

  @Override
  public Integer call() throws Exception {
    final Map<String, Object> props = kafka.clientProps();
    final DeadLetterLedger.Letter l = DeadLetterStore.read(props).get(n);
    DeadLetterStore.write(
        props, l.key(), DeadLetterLedger.settle(l, to(), who.by, reason(), Instant.now()));
    System.out.println("dead letter " + n + " " + DeadLetterLedger.label(to()));
    return 0;
  }

  @Command(
      name = "resolve",
      description =
          "Mark a dead letter resolved: its cause is fixed and nothing more is to be done (for"
              + " example after a retry that went through).",
      mixinStandardHelpOptions = true)
  static final class Resolve extends DlqSettleCommand {
    @Option(names = "--reason", description = "Why; kept with the letter's state.")
    String reason;

    @Override
    DeadLetterStatus to() {
      return DeadLetterStatus.RESOLVED;
    }

    @Override
    String reason() {
      return reason;
    }
  }

  @Command(
      name = "discard",
      description = "Mark a dead letter discarded: it is not to be retried (spam, a test, a copy).",
      mixinStandardHelpOptions = true)
  static final class Discard extends DlqSettleCommand {
    @Option(names = "--reason", required = true, description = "Why; kept with the letter's state.")
    String reason;

    @Override
    DeadLetterStatus to() {
      return DeadLetterStatus.DISCARDED;
    }

    @Override
    String reason() {
      return reason;
    }
  }
}
