package org.inputdesk.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inputdesk dlq show N [--raw]}: reads one dead letter and writes its state, headers and a
 * safe preview of its bytes, or its bytes exactly for a file.
 */
@Command(
    name = "show",
    description = {
      "A dead letter's state, headers and a safe preview of its bytes: control characters and"
          + " undecodable bytes replaced, at most "
          + DlqCommand.MAX_LINES
          + " lines, binary content not shown.",
      "With --raw, its bytes exactly, for a file: inputdesk dlq show N --raw > letter.eml"
    },
    mixinStandardHelpOptions = true)
final class DlqShowCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Parameters(paramLabel = "N")
  long n;

  @Option(
      names = "--raw",
      description = "Write the letter's bytes to standard output, unchanged (redirect to a file).")
  boolean raw;

  @Override
  public Integer call() {
    final DeadLetterLedger.Letter l = DeadLetterStore.read(kafka.clientProps()).get(n);
    final byte[] bytes = l.entry().value() == null ? new byte[0] : l.entry().value();
    if (raw) {
      if (System.console() != null) {
        throw new IllegalArgumentException(
            "not writing "
                + bytes.length
                + " raw bytes to the terminal: redirect them, e.g. inputdesk dlq show "
                + n
                + " --raw > letter.eml");
      }
      System.out.write(bytes, 0, bytes.length);
      System.out.flush();
      return 0;
    }
    print(l, bytes);
    return 0;
  }

  private void print(final DeadLetterLedger.Letter l, final byte[] bytes) {
    final var e = l.entry();
    System.out.println("dead letter " + e.offset() + " (" + l.key() + ") at " + e.timestamp());
    System.out.println("  state: " + DeadLetterLedger.summary(l) + stateDetail(l));
    e.headers()
        .forEach(
            (k, v) ->
                System.out.println(
                    "  "
                        + SafeText.line(k, 40)
                        + ": "
                        + SafeText.line(v, DlqCommand.MAX_LINE * 4)));
    System.out.println(
        "  key: "
            + (e.key() == null
                ? "-"
                : SafeText.line(new String(e.key(), StandardCharsets.UTF_8), DlqCommand.MAX_LINE)));
    final SafeText.Preview preview =
        SafeText.preview(bytes, DlqCommand.MAX_LINES, DlqCommand.MAX_LINE);
    if (preview.binary()) {
      System.out.println(
          "  "
              + bytes.length
              + " bytes, binary: not shown. Write them to a file with: inputdesk dlq show "
              + e.offset()
              + " --raw > letter.bin");
      return;
    }
    System.out.println(
        "  " + bytes.length + " bytes; " + (preview.truncated() ? "first lines:" : "text:"));
    preview.lines().forEach(line -> System.out.println("    " + line));
    if (preview.truncated()) {
      System.out.println(
          "    [...] the rest: inputdesk dlq show " + e.offset() + " --raw > letter.eml");
    }
  }

  private static String stateDetail(final DeadLetterLedger.Letter l) {
    if (l.state() == null) {
      return "";
    }
    final var s = l.state();
    return " (at "
        + s.getAt()
        + " by "
        + SafeText.line(s.getBy(), 60)
        + ", retries "
        + s.getRetries()
        + (s.getReason() == null ? "" : ": " + SafeText.line(s.getReason(), DlqCommand.MAX_LINE))
        + ")";
  }
}
