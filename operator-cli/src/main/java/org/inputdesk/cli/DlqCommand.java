package org.inputdesk.cli;

import java.util.List;
import java.util.Map;
import org.inputdesk.schemas.DeadLetters;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inputdesk dlq list|show N|retry N|retry --all|resolve N|discard N}: the dead letters with
 * the reason each stage gave and where operators stand with each (new, retried, resolved,
 * discarded; kept on {@code dlq-states}), and their retry once the cause is fixed. N is the dead
 * letter's offset. A letter is retried at most once; one that fails again comes back as a repeat
 * naming it, and {@code retry --all} leaves repeats alone, so a record that always fails does not
 * loop.
 */
@Command(
    name = "dlq",
    description = {
      "Dead letters: list them with reasons and states, show one, retry after the cause is fixed,"
          + " resolve or discard.",
      "States: new (not handled yet), retried (put back once; a repeat names it if it fails"
          + " again), resolved, discarded."
    },
    mixinStandardHelpOptions = true,
    subcommands = {
      DlqListCommand.class,
      DlqShowCommand.class,
      DlqRetryCommand.class,
      DlqSettleCommand.Resolve.class,
      DlqSettleCommand.Discard.class
    })
public final class DlqCommand {

  /** Longest header value and preview line shown. */
  static final int MAX_LINE = 160;

  /** Most preview lines shown. */
  static final int MAX_LINES = 40;

  private DlqCommand() {}

  /** Every dead letter, without its state. */
  static List<TopicReader.Entry<byte[], byte[]>> all(final Map<String, Object> kafka) {
    return TopicReader.read(kafka, Topics.SUBMISSIONS_DLQ, null, 0, e -> true);
  }

  public static String source(final TopicReader.Entry<byte[], byte[]> e) {
    final Map<String, String> h = e.headers();
    if (h.containsKey(DeadLetters.SOURCE_TOPIC)) {
      return h.get(DeadLetters.SOURCE_TOPIC)
          + "/"
          + h.get(DeadLetters.SOURCE_PARTITION)
          + "@"
          + h.get(DeadLetters.SOURCE_OFFSET);
    }
    if (h.containsKey("uid")) {
      return "mailbox uid " + h.get("uid") + " (uidvalidity " + h.get("uidvalidity") + ")";
    }
    if (h.containsKey("import")) {
      return "import " + h.get("import") + " file " + h.get("file");
    }
    return "?";
  }

  /** Who an operator's action is recorded as. */
  static final class Who {
    @Option(names = "--by", description = "Who (default: the system user).")
    String by = System.getProperty("user.name");
  }

  /**
   * Retries dead letter {@code n} as {@code inputdesk dlq retry N} does, recorded on dlq-states
   * with who and why; {@code mailbox} (imap.host, imap.port, imap.protocol, imap.user,
   * imap.password) says where a mail goes back when the environment names no mailbox. Returns the
   * letter's stage.
   *
   * @throws IllegalArgumentException when the letter is not one to retry (retried, settled)
   */
  public static String retry(
      final Map<String, Object> kafka,
      final long n,
      final Map<String, String> mailbox,
      final String by,
      final String reason)
      throws InterruptedException {
    final DlqRetryCommand retry = new DlqRetryCommand();
    retry.who = new Who();
    retry.who.by = by;
    retry.reason = reason;
    retry.mailbox = new DlqRetryCommand.MailboxOptions();
    retry.mailbox.host = mailbox.get("imap.host");
    retry.mailbox.port =
        mailbox.containsKey("imap.port") ? Integer.valueOf(mailbox.get("imap.port")) : null;
    retry.mailbox.protocol = mailbox.get("imap.protocol");
    retry.mailbox.user = mailbox.get("imap.user");
    retry.mailbox.password = mailbox.get("imap.password");
    final DeadLetterLedger ledger = DeadLetterStore.read(kafka);
    final DeadLetterLedger.Letter letter = ledger.get(n);
    final var refusal = ledger.whyNotRetry(letter);
    if (refusal.isPresent()) {
      throw new IllegalArgumentException(refusal.get());
    }
    if (!retry.retryOne(kafka, letter)) {
      throw new IllegalStateException("dead letter " + n + " could not be put back (see the log)");
    }
    return letter.stage();
  }
}
