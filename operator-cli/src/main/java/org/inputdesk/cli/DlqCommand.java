package org.inputdesk.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inputdesk.intake.pipeline.RetryMarker;
import org.inputdesk.schemas.DeadLetterStatus;
import org.inputdesk.schemas.DeadLetters;
import org.inputdesk.schemas.Settings;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
      DlqCommand.ListCommand.class,
      DlqCommand.Show.class,
      DlqCommand.Retry.class,
      DlqCommand.Resolve.class,
      DlqCommand.Discard.class
    })
public final class DlqCommand {

  /** Longest header value and preview line shown. */
  private static final int MAX_LINE = 160;

  /** Most preview lines shown. */
  private static final int MAX_LINES = 40;

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

  @Command(
      name = "list",
      description = "One line per dead letter: N, time, state, stage, source, reason.",
      mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
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
          SafeText.line(source(e), 60),
          SafeText.line(e.headers().getOrDefault(DeadLetters.ERROR, ""), MAX_LINE));
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

  @Command(
      name = "show",
      description = {
        "A dead letter's state, headers and a safe preview of its bytes: control characters and"
            + " undecodable bytes replaced, at most "
            + MAX_LINES
            + " lines, binary content not shown.",
        "With --raw, its bytes exactly, for a file: inputdesk dlq show N --raw > letter.eml"
      },
      mixinStandardHelpOptions = true)
  static final class Show implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(paramLabel = "N")
    long n;

    @Option(
        names = "--raw",
        description =
            "Write the letter's bytes to standard output, unchanged (redirect to a file).")
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
                      "  " + SafeText.line(k, 40) + ": " + SafeText.line(v, MAX_LINE * 4)));
      System.out.println(
          "  key: "
              + (e.key() == null
                  ? "-"
                  : SafeText.line(new String(e.key(), StandardCharsets.UTF_8), MAX_LINE)));
      final SafeText.Preview preview = SafeText.preview(bytes, MAX_LINES, MAX_LINE);
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
          + (s.getReason() == null ? "" : ": " + SafeText.line(s.getReason(), MAX_LINE))
          + ")";
    }
  }

  /**
   * Where a retried mail goes back: the submissions mailbox, so intake reads it as it read it
   * first.
   */
  static final class MailboxOptions {
    @Option(
        names = "--imap-host",
        description = "Submissions mailbox host (default: INPUTDESK_IMAP_HOST).")
    String host;

    @Option(
        names = "--imap-port",
        description = "Port (default: INPUTDESK_IMAP_PORT, else 993/143).")
    Integer port;

    @Option(
        names = "--imap-protocol",
        description = "imaps or imap (default: INPUTDESK_IMAP_PROTOCOL, else imaps).")
    String protocol;

    @Option(names = "--imap-user", description = "Login (default: INPUTDESK_IMAP_USER).")
    String user;

    @Option(
        names = "--imap-folder",
        description = "Folder (default: INPUTDESK_IMAP_FOLDER, else INBOX).")
    String folder;

    @Option(
        names = "--imap-password-file",
        paramLabel = "FILE",
        description = "File holding the password (default: INPUTDESK_IMAP_PASSWORD).")
    java.nio.file.Path passwordFile;

    // given by the operator console, which knows its mailbox; never an option
    String password;
  }

  /**
   * Retries dead letter {@code n} as {@code inputdesk dlq retry N} does, recorded on dlq-states with
   * who and why; {@code mailbox} (imap.host, imap.port, imap.protocol, imap.user, imap.password)
   * says where a mail goes back when the environment names no mailbox. Returns the letter's stage.
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
    final Retry retry = new Retry();
    retry.who = new Who();
    retry.who.by = by;
    retry.reason = reason;
    retry.mailbox = new MailboxOptions();
    retry.mailbox.host = mailbox.get("imap.host");
    retry.mailbox.port = mailbox.containsKey("imap.port") ? Integer.valueOf(mailbox.get("imap.port")) : null;
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

  @Command(
      name = "retry",
      description = {
        "Retry dead letters once their cause is fixed. A mail that intake could not take is put back"
            + " into the submissions mailbox (password from INPUTDESK_IMAP_PASSWORD), so intake reads"
            + " it again; a record a later stage could not take is written again to its source topic.",
        "Only new letters are retried, each at most once: a letter that fails again comes back as"
            + " a new letter marked as a repeat of the first, which --all leaves alone (retry it by"
            + " its number once its cause is fixed)."
      },
      mixinStandardHelpOptions = true)
  static final class Retry implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
      @Parameters(paramLabel = "N")
      Long n;

      @Option(names = "--all", description = "Every new dead letter that is not a repeat.")
      boolean all;
    }

    @Mixin Who who;

    @Option(names = "--reason", description = "Why (e.g. the fix); kept with the letter's state.")
    String reason;

    @ArgGroup(exclusive = false, heading = "Submissions mailbox:%n")
    MailboxOptions mailbox = new MailboxOptions();

    @Override
    public Integer call() throws Exception {
      final Map<String, Object> props = kafka.clientProps();
      final DeadLetterLedger ledger = DeadLetterStore.read(props);
      final List<DeadLetterLedger.Letter> targets;
      if (which.all) {
        targets = ledger.retryable();
      } else {
        final DeadLetterLedger.Letter letter = ledger.get(which.n);
        final var refusal = ledger.whyNotRetry(letter);
        if (refusal.isPresent()) {
          throw new IllegalArgumentException(refusal.get());
        }
        targets = List.of(letter);
      }
      int retried = 0;
      int failed = 0;
      for (final var l : targets) {
        if (retryOne(props, l)) {
          retried++;
        } else {
          failed++;
        }
      }
      final int skipped = which.all ? ledger.letters().size() - targets.size() : 0;
      System.out.println(
          retried
              + " dead letters retried"
              + (failed > 0 ? ", " + failed + " failed" : "")
              + (which.all
                  ? ", "
                      + skipped
                      + " left alone (retried before, resolved, discarded, or a repeat)"
                  : ""));
      return failed > 0 ? 1 : 0;
    }

    /**
     * Records the letter as retried before putting it back, so that two operators' retries never
     * put it back twice; when putting it back fails, records it as new again with the error.
     */
    private boolean retryOne(final Map<String, Object> props, final DeadLetterLedger.Letter l)
        throws InterruptedException {
      final String by = who.by;
      DeadLetterStore.write(props, l.key(), DeadLetterLedger.retried(l, by, reason, Instant.now()));
      try {
        if ("intake".equals(l.stage())) {
          appendToMailbox(RetryMarker.mark(l.entry().value(), l.key()));
        } else {
          writeBack(props, l);
        }
      } catch (Exception e) {
        final String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        DeadLetterStore.write(
            props, l.key(), DeadLetterLedger.retryFailed(l, by, error, Instant.now()));
        System.err.println("dead letter " + l.n() + " not retried: " + error);
        return false;
      }
      System.out.println(
          "retried "
              + l.n()
              + " ("
              + l.stage()
              + (l.repeatOf() == null
                  ? ""
                  : ", a repeat of " + DeadLetterLedger.number(l.repeatOf()))
              + ")");
      return true;
    }

    private void writeBack(final Map<String, Object> props, final DeadLetterLedger.Letter l)
        throws InterruptedException {
      final var e = l.entry();
      final String topic = e.headers().get(DeadLetters.SOURCE_TOPIC);
      if (topic == null) {
        throw new IllegalArgumentException(
            "dead letter " + e.offset() + " does not say its source topic");
      }
      final Map<String, Object> p = new HashMap<>(props);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      try (var producer =
          new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
        final ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(topic, e.key(), e.value());
        // a stage that fails on it again names this letter, so the repeat is not retried in a loop
        record.headers().add(DeadLetters.RETRY_OF, l.key().getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
      } catch (ExecutionException x) {
        throw new IllegalStateException("Kafka refused the retry: " + x.getCause().getMessage());
      }
    }

    private void appendToMailbox(final byte[] raw) throws MessagingException, java.io.IOException {
      final Map<String, String> env = Settings.fromEnvironment(System.getenv());
      final Map<String, String> local = KafkaOptions.localMailbox();
      final String host = first(mailbox.host, env.get("imap.host"), local.get("imap.host"));
      final String user = first(mailbox.user, env.get("imap.user"), local.get("imap.user"));
      final String password =
          first(
              mailbox.passwordFile == null
                  ? null
                  : java.nio.file.Files.readString(mailbox.passwordFile).strip(),
              mailbox.password,
              env.get("imap.password"),
              local.get("imap.password"));
      final String protocol =
          first(mailbox.protocol, env.get("imap.protocol"), local.get("imap.protocol"), "imaps");
      final String folderName = first(mailbox.folder, env.get("imap.folder"), "INBOX");
      final String portText =
          first(
              mailbox.port == null ? null : String.valueOf(mailbox.port),
              env.get("imap.port"),
              local.get("imap.port"),
              "0");
      if (host == null || user == null) {
        throw new IllegalArgumentException(
            "a mail dead letter goes back to the submissions mailbox: give --imap-host and --imap-user"
                + " (password in INPUTDESK_IMAP_PASSWORD)");
      }
      final int port = Integer.parseInt(portText);
      final Session session = Session.getInstance(new Properties());
      try (Store store = session.getStore(protocol)) {
        store.connect(host, port == 0 ? -1 : port, user, password);
        final Folder folder = store.getFolder(folderName);
        folder.open(Folder.READ_WRITE);
        final MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        message.setFlags(new Flags(Flags.Flag.SEEN), false);
        folder.appendMessages(new MimeMessage[] {message});
        folder.close(false);
      }
    }

    private static String first(final String... values) {
      for (final String v : values) {
        if (v != null && !v.isBlank()) {
          return v;
        }
      }
      return null;
    }
  }

  /** Resolve and discard: an operator settles a letter by hand, with who and why. */
  abstract static class Settle implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(paramLabel = "N")
    long n;

    @Mixin Who who;

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
  }

  @Command(
      name = "resolve",
      description =
          "Mark a dead letter resolved: its cause is fixed and nothing more is to be done (for"
              + " example after a retry that went through).",
      mixinStandardHelpOptions = true)
  static final class Resolve extends Settle {
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
  static final class Discard extends Settle {
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
