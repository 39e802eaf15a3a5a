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
import org.inputdesk.schemas.Settings;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inputdesk dlq list|show N|retry N|retry --all}: the dead letters, with the reason each
 * stage gave, and their retry once the cause is fixed. N is the dead letter's offset.
 */
@Command(
    name = "dlq",
    description = "Dead letters: list them with reasons, show one, retry after the cause is fixed.",
    mixinStandardHelpOptions = true,
    subcommands = {DlqCommand.ListCommand.class, DlqCommand.Show.class, DlqCommand.Retry.class})
public final class DlqCommand {

  private DlqCommand() {}

  static List<TopicReader.Entry<byte[], byte[]>> all(final Map<String, Object> kafka) {
    return TopicReader.read(kafka, Topics.SUBMISSIONS_DLQ, null, 0, e -> true);
  }

  static TopicReader.Entry<byte[], byte[]> find(final Map<String, Object> kafka, final long n) {
    return all(kafka).stream()
        .filter(e -> e.offset() == n)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException("no dead letter " + n + " (see inputdesk dlq list)"));
  }

  /**
   * Retries dead letter {@code n} as {@code dlq retry N} does; a mail goes back to the mailbox the
   * environment names, else to {@code mailbox} (imap.host, imap.port, imap.protocol, imap.user,
   * imap.password). Returns the stage that had given it up.
   */
  public static String retry(
      final Map<String, Object> kafka, final long n, final Map<String, String> mailbox)
      throws InterruptedException, MessagingException, java.io.IOException {
    final TopicReader.Entry<byte[], byte[]> e = find(kafka, n);
    Retry.retryOne(kafka, e, new MailboxOptions(), mailbox);
    return e.headers().getOrDefault("stage", "?");
  }

  public static String source(final TopicReader.Entry<byte[], byte[]> e) {
    final Map<String, String> h = e.headers();
    if (h.containsKey("source.topic")) {
      return h.get("source.topic") + "/" + h.get("source.partition") + "@" + h.get("source.offset");
    }
    if (h.containsKey("uid")) {
      return "mailbox uid " + h.get("uid") + " (uidvalidity " + h.get("uidvalidity") + ")";
    }
    if (h.containsKey("import")) {
      return "import " + h.get("import") + " file " + h.get("file");
    }
    return "?";
  }

  @Command(
      name = "list",
      description = "One line per dead letter: N, time, stage, source, reason.",
      mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--json", description = "One JSON object a line.")
    boolean json;

    @Override
    public Integer call() {
      final var entries = all(kafka.clientProps());
      for (final var e : entries) {
        if (json) {
          final ObjectNode line = Json.object();
          line.put("n", e.offset());
          line.put("timestamp", e.timestamp().toString());
          line.put("bytes", e.value() == null ? 0 : e.value().length);
          final ObjectNode headers = line.putObject("headers");
          e.headers().forEach(headers::put);
          System.out.println(line);
        } else {
          System.out.printf(
              "%6d  %s  %-10s  %-34s  %s%n",
              e.offset(),
              e.timestamp(),
              e.headers().getOrDefault("stage", "?"),
              source(e),
              e.headers().getOrDefault("error", ""));
        }
      }
      if (!json) {
        System.out.println(entries.size() + " dead letters");
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      description = "A dead letter's headers and a preview of its bytes.",
      mixinStandardHelpOptions = true)
  static final class Show implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(paramLabel = "N")
    long n;

    @Override
    public Integer call() {
      final var e = find(kafka.clientProps(), n);
      System.out.println("dead letter " + e.offset() + " at " + e.timestamp());
      e.headers().forEach((k, v) -> System.out.println("  " + k + ": " + v));
      final byte[] bytes = e.value() == null ? new byte[0] : e.value();
      System.out.println(
          "  key: " + (e.key() == null ? "-" : new String(e.key(), StandardCharsets.UTF_8)));
      System.out.println("  " + bytes.length + " bytes; first lines:");
      new String(bytes, 0, Math.min(bytes.length, 600), StandardCharsets.UTF_8)
          .lines()
          .limit(12)
          .forEach(l -> System.out.println("    " + l.replaceAll("\\p{Cntrl}", "?")));
      return 0;
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
  }

  @Command(
      name = "retry",
      description = {
        "Retry dead letters once their cause is fixed. A mail that intake could not take is put back"
            + " into the submissions mailbox (password from INPUTDESK_IMAP_PASSWORD), so intake reads"
            + " it again; a record a later stage could not take is written again to its source topic.",
      },
      mixinStandardHelpOptions = true)
  static final class Retry implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
      @Parameters(paramLabel = "N")
      Long n;

      @Option(names = "--all", description = "Every dead letter.")
      boolean all;
    }

    @ArgGroup(exclusive = false, heading = "Submissions mailbox:%n")
    MailboxOptions mailbox = new MailboxOptions();

    @Override
    public Integer call() throws Exception {
      final Map<String, Object> props = kafka.clientProps();
      final List<TopicReader.Entry<byte[], byte[]>> targets =
          which.all ? all(props) : List.of(find(props, which.n));
      int retried = 0;
      for (final var e : targets) {
        retryOne(props, e, mailbox, KafkaOptions.localMailbox());
        retried++;
        System.out.println(
            "retried " + e.offset() + " (" + e.headers().getOrDefault("stage", "?") + ")");
      }
      System.out.println(retried + " dead letters retried");
      return 0;
    }

    private static void retryOne(
        final Map<String, Object> props,
        final TopicReader.Entry<byte[], byte[]> e,
        final MailboxOptions mailbox,
        final Map<String, String> localMailbox)
        throws InterruptedException, MessagingException, java.io.IOException {
      if ("intake".equals(e.headers().get("stage"))) {
        appendToMailbox(mailbox, localMailbox, e.value());
      } else {
        writeBack(props, e);
      }
    }

    private static void writeBack(
        final Map<String, Object> props, final TopicReader.Entry<byte[], byte[]> e)
        throws InterruptedException {
      final String topic = e.headers().get("source.topic");
      if (topic == null) {
        throw new IllegalArgumentException(
            "dead letter " + e.offset() + " does not say its source topic");
      }
      final Map<String, Object> p = new HashMap<>(props);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      try (var producer =
          new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(topic, e.key(), e.value())).get();
      } catch (ExecutionException x) {
        throw new IllegalStateException("Kafka refused the retry: " + x.getCause().getMessage());
      }
    }

    private static void appendToMailbox(
        final MailboxOptions mailbox, final Map<String, String> local, final byte[] raw)
        throws MessagingException, java.io.IOException {
      final Map<String, String> env = Settings.fromEnvironment(System.getenv());
      final String host = first(mailbox.host, env.get("imap.host"), local.get("imap.host"));
      final String user = first(mailbox.user, env.get("imap.user"), local.get("imap.user"));
      final String password =
          first(
              mailbox.passwordFile == null
                  ? null
                  : java.nio.file.Files.readString(mailbox.passwordFile).strip(),
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
}
