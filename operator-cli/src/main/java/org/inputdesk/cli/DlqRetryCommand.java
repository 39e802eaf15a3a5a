package org.inputdesk.cli;

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
import org.inputdesk.schemas.DeadLetters;
import org.inputdesk.schemas.Settings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inputdesk dlq retry N|--all}: reads the dead letters and their states, records each one
 * retried on {@code dlq-states} (who and why), then puts a mail back into the submissions mailbox
 * or writes a record back to its source topic, naming the letter so a repeat is not retried in a
 * loop.
 */
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
final class DlqRetryCommand implements Callable<Integer> {
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

  @Mixin KafkaOptions kafka;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  static final class Which {
    @Parameters(paramLabel = "N")
    Long n;

    @Option(names = "--all", description = "Every new dead letter that is not a repeat.")
    boolean all;
  }

  @Mixin DlqCommand.Who who;

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
                ? ", " + skipped + " left alone (retried before, resolved, discarded, or a repeat)"
                : ""));
    return failed > 0 ? 1 : 0;
  }

  /**
   * Records the letter as retried before putting it back, so that two operators' retries never put
   * it back twice; when putting it back fails, records it as new again with the error.
   */
  boolean retryOne(final Map<String, Object> props, final DeadLetterLedger.Letter l)
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
            + (l.repeatOf() == null ? "" : ", a repeat of " + DeadLetterLedger.number(l.repeatOf()))
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
      final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, e.key(), e.value());
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
