package org.inputdesk.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.inputdesk.schemas.DeadLetterStatus;
import org.inputdesk.schemas.DeadLetters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code inputdesk dlq list}: reads the dead letters and their states from Kafka and writes one
 * line (or one JSON object) per letter, then the counts by state.
 */
@Command(
    name = "list",
    description = "One line per dead letter: N, time, state, stage, source, reason.",
    mixinStandardHelpOptions = true)
final class DlqListCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--json", description = "One JSON object a line.")
  boolean json;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description = "Only letters in this state: new, retried, resolved, discarded.")
  String stateName;

  @Override
  public Integer call() {
    final DeadLetterStatus state = stateName == null ? null : DeadLetterLedger.parse(stateName);
    final DeadLetterLedger ledger = DeadLetterStore.read(kafka.clientProps());
    int shown = 0;
    for (final var l : ledger.letters()) {
      if (state != null && l.status() != state) {
        continue;
      }
      shown++;
      System.out.println(json ? json(l) : line(l));
    }
    if (!json) {
      final StringBuilder counts = new StringBuilder();
      ledger
          .counts()
          .forEach(
              (s, n) -> {
                if (n > 0) {
                  counts.append(counts.length() == 0 ? "" : ", ");
                  counts.append(n).append(' ').append(DeadLetterLedger.label(s));
                }
              });
      System.out.println(
          shown + " dead letters" + (counts.length() == 0 ? "" : " (" + counts + ")"));
    }
    return 0;
  }

  private static String line(final DeadLetterLedger.Letter l) {
    final var e = l.entry();
    return String.format(
        "%6d  %s  %-28s  %-10s  %-34s  %s",
        e.offset(),
        e.timestamp(),
        DeadLetterLedger.summary(l),
        SafeText.line(l.stage(), 20),
        SafeText.line(DlqCommand.source(e), 60),
        SafeText.line(e.headers().getOrDefault(DeadLetters.ERROR, ""), DlqCommand.MAX_LINE));
  }

  private static ObjectNode json(final DeadLetterLedger.Letter l) {
    final var e = l.entry();
    final ObjectNode line = Json.object();
    line.put("n", e.offset());
    line.put("key", l.key());
    line.put("timestamp", e.timestamp().toString());
    line.put("bytes", e.value() == null ? 0 : e.value().length);
    line.put("state", DeadLetterLedger.label(l.status()));
    line.put("retries", l.retries());
    if (l.state() != null) {
      line.put("stateAt", l.state().getAt().toString());
      line.put("stateBy", l.state().getBy());
      if (l.state().getReason() != null) {
        line.put("stateReason", l.state().getReason());
      }
    }
    if (l.repeatOf() != null) {
      line.put("repeatOf", l.repeatOf());
    }
    final var repeats = line.putArray("repeatedBy");
    l.repeatedBy().forEach(repeats::add);
    final ObjectNode headers = line.putObject("headers");
    e.headers().forEach(headers::put);
    return line;
  }
}
