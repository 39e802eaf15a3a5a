package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.intake.IntakeService;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters with a life cycle, against the real broker and mailbox: a mail that always fails
 * comes back once as a repeat and is not retried in a loop; letters are resolved and discarded with
 * who and why; a binary letter never reaches the terminal raw.
 */
class DeadLetterLifecycleIT {

  private static final String INBOX = "inputs@oewg.localhost";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    // a broker of its own, not SharedKafka's: it lowers a topic's max.message.bytes and retries
    // every dead letter on the broker (--all), which other tests' letters would change
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
      // submissions over 20 KB are refused, so a long mail always ends as a dead letter
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, Topics.SUBMISSIONS_RECEIVED.name()),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("max.message.bytes", "20000"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(15, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static CliRun cli(final String... args) {
    return CliRun.against(kafka.bootstrapServers(), args);
  }

  private static List<JsonNode> letters() {
    final CliRun run = cli("dlq", "list", "--json");
    assertThat(run.code()).as(run.err()).isZero();
    final List<JsonNode> out = new ArrayList<>();
    for (final String line : run.out().lines().toList()) {
      try {
        out.add(Json.MAPPER.readTree(line));
      } catch (Exception e) {
        throw new AssertionError(line, e);
      }
    }
    return out;
  }

  private static List<JsonNode> lettersAbout(final String error) {
    return letters().stream()
        .filter(l -> l.path("headers").path("error").asText().contains(error))
        .toList();
  }

  private static JsonNode letter(final long n) {
    return letters().stream().filter(l -> l.path("n").asLong() == n).findFirst().orElseThrow();
  }

  private static byte[] longMail(final String subject) {
    return ("From: Research Institute <secretariat@think-tank.example>\r\n"
            + "To: "
            + INBOX
            + "\r\n"
            + "Subject: "
            + subject
            + "\r\n"
            + "Date: Mon, 02 Mar 2026 10:15:00 +0100\r\n"
            + "Message-ID: <"
            + subject.hashCode()
            + "@think-tank.example>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "\r\n"
            + "Capacity-building and training, a long study.\r\n"
            + ("The working group should fund regional training centres. ".repeat(20) + "\r\n")
                .repeat(40))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Object> intakeConfig(final EmbeddedMail mail) {
    final Map<String, Object> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    m.put("imap.host", mail.host());
    m.put("imap.port", String.valueOf(mail.imapPort()));
    m.put("imap.protocol", "imap");
    m.put("imap.user", mail.user());
    m.put("imap.password", mail.password());
    m.put("imap.poll.interval.ms", "500");
    m.put("receipt.enabled", "false");
    m.put("ops.http.port", "-1");
    return m;
  }

  @Test
  void shouldRetryAMailOnceAndBringItBackOnceAsARepeatWhenItFailsAgain() throws Exception {
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "local-only");
        IntakeService intake = IntakeService.start(IntakeConfig.from(intakeConfig(mail)))) {
      final Path password = dir.resolve("imap-password");
      Files.writeString(password, mail.password());
      final String[] mailbox = {
        "--imap-host", mail.host(),
        "--imap-port", String.valueOf(mail.imapPort()),
        "--imap-protocol", "imap",
        "--imap-user", mail.user(),
        "--imap-password-file", password.toString()
      };
      mail.sendRaw(longMail("[OEWG] Long study one"));
      mail.sendRaw(longMail("[OEWG] Long study two"));
      await("two dead letters from intake")
          .atMost(Duration.ofSeconds(30))
          .until(() -> lettersAbout("kafka refused").size() == 2);
      final long first = lettersAbout("kafka refused").get(0).path("n").asLong();

      final CliRun retry =
          cli(concat(new String[] {"dlq", "retry", String.valueOf(first)}, mailbox));
      assertThat(retry.code()).as(retry.err()).isZero();
      await("the retried mail fails again, as a repeat")
          .atMost(Duration.ofSeconds(30))
          .until(() -> lettersAbout("kafka refused").size() == 3);
      final JsonNode repeat = lettersAbout("kafka refused").get(2);
      assertThat(repeat.path("repeatOf").asText()).isEqualTo("submissions-dlq/0/" + first);
      assertThat(repeat.path("headers").path("repeat.of").asText())
          .isEqualTo("submissions-dlq/0/" + first);
      assertThat(letter(first).path("state").asText()).isEqualTo("retried");
      assertThat(letter(first).path("retries").asInt()).isEqualTo(1);

      final CliRun again =
          cli(concat(new String[] {"dlq", "retry", String.valueOf(first)}, mailbox));
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.err()).contains("was retried already", "failed again as dead letter");

      final CliRun all = cli(concat(new String[] {"dlq", "retry", "--all"}, mailbox));
      assertThat(all.code()).as(all.err()).isZero();
      assertThat(all.out()).contains("1 dead letters retried", "2 left alone");
      await("the second mail fails again once")
          .atMost(Duration.ofSeconds(30))
          .until(() -> lettersAbout("kafka refused").size() == 4);

      final CliRun allAgain = cli(concat(new String[] {"dlq", "retry", "--all"}, mailbox));
      assertThat(allAgain.out()).contains("0 dead letters retried");
      await("nothing loops: four letters stay four")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> lettersAbout("kafka refused").size() == 4);
      final CliRun list = cli("dlq", "list");
      assertThat(list.out())
          .contains("retried, failed again", "new, repeat of " + first)
          .contains("4 dead letters (2 new, 2 retried)");
    }
  }

  @Test
  void shouldPutARecordBackNamingItsLetterAndRefuseASecondRetry() throws Exception {
    final long n =
        produceLetter(
            "classifier-late".getBytes(StandardCharsets.UTF_8),
            Map.of(
                "stage", "classifier",
                "error", "store unavailable",
                "source.topic", Topics.SUBMISSIONS_REPLAY.name(),
                "source.partition", "0",
                "source.offset", "3"));

    final CliRun retry =
        cli("dlq", "retry", String.valueOf(n), "--by", "ana", "--reason", "store back");
    assertThat(retry.code()).as(retry.err()).isZero();

    final List<ConsumerRecord<byte[], byte[]>> back =
        kafka.readCommitted(Topics.SUBMISSIONS_REPLAY.name(), new ByteArrayDeserializer());
    assertThat(back)
        .anySatisfy(
            r -> {
              assertThat(new String(r.value(), StandardCharsets.UTF_8))
                  .isEqualTo("classifier-late");
              assertThat(
                      new String(
                          r.headers().lastHeader("retry.of").value(), StandardCharsets.UTF_8))
                  .isEqualTo("submissions-dlq/0/" + n);
            });
    final JsonNode state = letter(n);
    assertThat(state.path("state").asText()).isEqualTo("retried");
    assertThat(state.path("stateBy").asText()).isEqualTo("ana");
    assertThat(state.path("stateReason").asText()).isEqualTo("store back");
    assertThat(cli("dlq", "retry", String.valueOf(n)).code()).isEqualTo(1);
  }

  @Test
  void shouldDiscardAndResolveWithWhoAndWhyAndNotRetrySettledLetters() throws Exception {
    final long spam =
        produceLetter(
            "spam".getBytes(StandardCharsets.UTF_8),
            Map.of("stage", "intake", "error", "no mail headers"));
    final long fixed =
        produceLetter(
            "fixed".getBytes(StandardCharsets.UTF_8),
            Map.of("stage", "intake", "error", "no mail headers"));

    assertThat(cli("dlq", "discard", String.valueOf(spam)).code())
        .as("a discard needs its reason")
        .isEqualTo(2);
    final CliRun discard =
        cli("dlq", "discard", String.valueOf(spam), "--reason", "spam", "--by", "bo");
    assertThat(discard.code()).as(discard.err()).isZero();
    assertThat(cli("dlq", "resolve", String.valueOf(fixed), "--reason", "sent by hand").code())
        .isZero();

    assertThat(letter(spam).path("state").asText()).isEqualTo("discarded");
    assertThat(letter(spam).path("stateBy").asText()).isEqualTo("bo");
    assertThat(letter(fixed).path("state").asText()).isEqualTo("resolved");
    final CliRun retry = cli("dlq", "retry", String.valueOf(spam));
    assertThat(retry.code()).isEqualTo(1);
    assertThat(retry.err()).contains("is discarded", "spam");
    assertThat(cli("dlq", "list", "--state", "discarded").out())
        .contains(" " + spam + " ")
        .doesNotContain(" " + fixed + " ");
    assertThat(cli("dlq", "show", String.valueOf(fixed)).out())
        .contains("state: resolved", "sent by hand");
  }

  @Test
  void shouldShowABinaryLetterSafelyAndWriteItsBytesOnlyWhenAskedForRaw() throws Exception {
    final byte[] binary = new byte[4096];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 31 + 7);
    }
    binary[10] = 0x1b; // ESC: an escape sequence must not reach the terminal
    binary[11] = (byte) 0x9b; // C1 CSI
    final long n =
        produceLetter(
            binary, Map.of("stage", "publisher", "error", "bad \u001b[2J record\r\nsecond line"));

    final CliRun show = cli("dlq", "show", String.valueOf(n));

    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).contains("4096 bytes, binary: not shown", "--raw > ");
    assertThat(SafeTextTest.terminalSafe(show.out())).as(show.out()).isTrue();
    assertThat(show.out().length()).isLessThan(2000);
    assertThat(
            raw(
                "dlq",
                "show",
                String.valueOf(n),
                "--raw",
                "--bootstrap-servers=" + kafka.bootstrapServers()))
        .isEqualTo(binary);
  }

  @Test
  void shouldShowALongTextLetterBoundedAndReplaceControlCharacters() throws Exception {
    final String text =
        "Subject: \u001b]0;owned\u0007 hi\r\n\r\n"
            + ("A line of text. ".repeat(30) + "\r\n").repeat(1000);
    final long n =
        produceLetter(
            text.getBytes(StandardCharsets.UTF_8), Map.of("stage", "intake", "error", "too big"));

    final CliRun show = cli("dlq", "show", String.valueOf(n));

    assertThat(SafeTextTest.terminalSafe(show.out())).isTrue();
    assertThat(show.out()).contains("Subject: ?]0;owned? hi", "[...] the rest");
    assertThat(show.out().length()).isLessThan(10_000);
  }

  private static String[] concat(final String[] a, final String[] b) {
    final String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static long produceLetter(final byte[] value, final Map<String, String> headers)
      throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      final ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              Topics.SUBMISSIONS_DLQ.name(), "key".getBytes(StandardCharsets.UTF_8), value);
      headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      return producer.send(record).get().offset();
    }
  }

  /** Runs the command and returns exactly the bytes it wrote to standard output. */
  private static byte[] raw(final String... args) {
    final PrintStream out = System.out;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true));
    try {
      assertThat(Main.commandLine().execute(args)).isZero();
    } finally {
      System.setOut(out);
    }
    return bytes.toByteArray();
  }
}
