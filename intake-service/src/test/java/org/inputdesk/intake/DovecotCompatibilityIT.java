package org.inputdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.Settings;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.EmbeddedDovecot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake service against a real Dovecot (Debian's dovecot-imapd run as a child process) and a
 * real Kafka broker: IDLE, polling, a killed intake, a UIDVALIDITY reset, flag and move after
 * commit, and a server outage. Each test has its own Dovecot user, so its own mailbox.
 */
class DovecotCompatibilityIT {

  private static final Logger LOG = LoggerFactory.getLogger(DovecotCompatibilityIT.class);

  private static final String SECRET = "secret";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static EmbeddedDovecot dovecot;

  @BeforeAll
  static void start() {
    assumeTrue(EmbeddedDovecot.available(), EmbeddedDovecot.absentMessage());
    dovecot = EmbeddedDovecot.start("inputs", SECRET);
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, IntakeService.TOPICS, (short) 1);
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
    if (dovecot != null) {
      dovecot.close();
    }
  }

  private static Map<String, Object> config(final String user) {
    dovecot.addUser(user, SECRET);
    final Map<String, Object> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    m.put("imap.host", dovecot.host());
    m.put("imap.port", String.valueOf(dovecot.imapPort()));
    m.put("imap.protocol", "imap");
    m.put("imap.user", user);
    m.put("imap.password", SECRET);
    m.put("imap.poll.interval.ms", "1000");
    m.put("imap.reconnect.backoff.ms", "100");
    m.put("imap.reconnect.backoff.max.ms", "500");
    m.put("imap.timeout.ms", "5000");
    m.put("intake.mailbox.name", "dovecot-" + user);
    m.put("intake.consultations.wait.ms", "0");
    m.put("receipt.enabled", "false");
    // no fixed port: other test runs on this machine bind 9401 too
    m.put("ops.http.port", "-1");
    return m;
  }

  private static byte[] mail(final String subject) {
    return TestMail.plain("someone@example.org", "inputs@example.org", subject, "", subject + ".");
  }

  @Test
  void shouldDeliverByIdleWithinSecondsAndFlagSeenAfterCommit() throws Exception {
    final String user = "idle";
    final Map<String, Object> values = config(user);
    // a 60 s poll interval: only IDLE can explain a delivery within seconds
    values.put("imap.poll.interval.ms", "60000");
    try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
      assertThat(service.isConnected()).isTrue();
      Thread.sleep(300); // let the reader enter IDLE
      final long sent = System.nanoTime();
      append(user, "INBOX", mail("By IDLE"));
      await(() -> submissions(user).size() == 1, "the submission");
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(10));
      await(() -> seenFlags(user, "INBOX").equals(List.of(true)), "\\Seen after commit");
    }
    assertThat(submissions(user).get(0).getSubject()).isEqualTo("By IDLE");
  }

  @Test
  void shouldPollWithoutIdleAndMoveMessagesToTheProcessedFolderAfterCommit() throws Exception {
    final String user = "poll";
    final Map<String, Object> values = config(user);
    values.put("imap.idle", "false");
    values.put("imap.poll.interval.ms", "300");
    values.put("imap.after.commit", "move");
    values.put("imap.processed.folder", "Done");
    try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
      append(user, "INBOX", mail("Polled one"), mail("Polled two"));
      await(() -> submissions(user).size() == 2, "two submissions");
      await(
          () -> folderSize(user, "INBOX") == 0 && folderSize(user, "Done") == 2,
          "both moved to Done");
      append(user, "INBOX", mail("Polled three"));
      await(() -> submissions(user).size() == 3, "the third");
      Thread.sleep(700); // a second read of a moved message would show up here
    }
    assertThat(submissions(user))
        .extracting(SubmissionReceived::getSubject)
        .containsExactly("Polled one", "Polled two", "Polled three");
  }

  @Test
  void shouldLoseAndDuplicateNothingWhenTheIntakeIsKilledMidBatchAndRestarted() throws Exception {
    final String user = "killed";
    final int count = 200;
    final Map<String, Object> values = config(user);
    values.put("intake.batch.size", "50");
    // 200 KB attachments: sending a batch to Kafka takes a while, so the kill lands inside it
    final byte[] blob = new byte[200_000];
    new java.util.Random(1).nextBytes(blob);
    dovecot.maildir(user, "INBOX");
    dovecot.deliver(
        user,
        "INBOX",
        IntStream.rangeClosed(1, count)
            .mapToObj(
                i ->
                    TestMail.withPdf(
                        "someone@example.org",
                        "inputs@example.org",
                        "Message " + i,
                        "Message " + i + ".",
                        blob)));

    // The intake in its own JVM, killed with SIGKILL as soon as a read_uncommitted consumer sees
    // a record of its second batch: that transaction is open, part of the batch sent.
    final Process child = startChildIntake(values, Path.of("target", "killed-intake.log"));
    final int seenAtKill;
    try {
      seenAtKill = awaitUncommitted("dovecot-" + user, 51, Duration.ofSeconds(60));
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    final int committedAtKill = submissionIds(user).size();
    LOG.info(
        "Killed the intake when {} records were readable uncommitted; {} were committed",
        seenAtKill,
        committedAtKill);
    // records readable but not committed: the kill hit an open transaction
    assertThat(committedAtKill).as("committed at the kill").isLessThan(seenAtKill);

    try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
      await(() -> submissionIds(user).size() >= count, "every message", 60);
      Thread.sleep(1000); // a late duplicate would show up here
    }
    final List<String> ids = submissionIds(user);
    assertThat(ids).hasSize(count).doesNotHaveDuplicates();
    final Set<String> subjects = new HashSet<>();
    submissions(user).forEach(s -> subjects.add(s.getSubject()));
    assertThat(subjects).hasSize(count).contains("Message 1", "Message " + count);
    assertThat(checkpoint(user).getLastUid()).isEqualTo(count);
  }

  @Test
  void shouldResyncAfterTheServerResetUidValidityWithoutDuplicates() throws Exception {
    final String user = "reset";
    final Map<String, Object> values = config(user);
    append(user, "INBOX", mail("Before reset one"), mail("Before reset two"));
    try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
      await(() -> submissions(user).size() == 2, "two submissions");
      final long before = checkpoint(user).getUidValidity();
      // the server forgets the folder's UIDs under a connected intake
      final long after = dovecot.resetUidValidity(user, SECRET, "INBOX");
      assertThat(after).isNotEqualTo(before);
      append(user, "INBOX", mail("After reset"));
      await(
          () -> checkpoint(user).getUidValidity() == after && submissions(user).size() >= 3,
          "re-synced at the new UIDVALIDITY");
      Thread.sleep(1000);
      assertThat(service.isRunning()).isTrue();
    }
    assertThat(submissions(user))
        .extracting(SubmissionReceived::getSubject)
        .containsExactlyInAnyOrder("Before reset one", "Before reset two", "After reset");
    assertThat(checkpoint(user).getLastUid()).isEqualTo(3);
  }

  @Test
  void shouldLoseNothingWhenTheServerIsDownAndComesBack() throws Exception {
    final String user = "outage";
    final Map<String, Object> values = config(user);
    try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
      append(user, "INBOX", mail("Before the outage"));
      await(() -> submissions(user).size() == 1, "first submission");
      dovecot.stop();
      await(() -> !service.isConnected(), "the outage noticed");
      // the delivery agent keeps writing to the maildir while IMAP is down
      dovecot.deliver(user, "INBOX", List.of(mail("During the outage")).stream());
      dovecot.restart();
      append(user, "INBOX", mail("After the outage"));
      await(() -> submissions(user).size() >= 3, "all three after reconnect");
      assertThat(service.isRunning()).isTrue();
      Thread.sleep(700);
    }
    assertThat(submissions(user))
        .extracting(SubmissionReceived::getSubject)
        // Dovecot numbers the maildir delivery when it next syncs: maybe after the APPEND
        .containsExactlyInAnyOrder("Before the outage", "During the outage", "After the outage");
    assertThat(seenFlags(user, "INBOX")).containsOnly(true);
  }

  // ------------------------------------------------------------------ helpers

  private static Process startChildIntake(final Map<String, Object> values, final Path log)
      throws Exception {
    final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    final ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    final Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith(Settings.ENV_PREFIX));
    values.forEach((k, v) -> env.put(Settings.toEnv(k), String.valueOf(v)));
    return pb.start();
  }

  /** Counts a mailbox's submission records read_uncommitted until {@code atLeast}; the count. */
  private static int awaitUncommitted(final String mailbox, final int atLeast, final Duration max) {
    final Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    final var values = Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer();
    final String topic = Topics.SUBMISSIONS_RECEIVED.name();
    int seen = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      final long deadline = System.nanoTime() + max.toNanos();
      while (seen < atLeast) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the child intake sent only " + seen + " records");
        }
        for (final var r : consumer.poll(Duration.ofMillis(10))) {
          if (values.deserialize(topic, r.value()).getSource().getMailbox().equals(mailbox)) {
            seen++;
          }
        }
      }
    }
    return seen;
  }

  private static void append(final String user, final String folder, final byte[]... messages) {
    dovecot.append(user, SECRET, folder, List.of(messages));
  }

  private static List<SubmissionReceived> submissions(final String user) {
    final String mailbox = "dovecot-" + user;
    final List<SubmissionReceived> out = new ArrayList<>();
    final var values = Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer();
    for (final byte[] v : readAll(Topics.SUBMISSIONS_RECEIVED.name())) {
      final SubmissionReceived s = values.deserialize(Topics.SUBMISSIONS_RECEIVED.name(), v);
      if (s.getSource().getMailbox().equals(mailbox)) {
        out.add(s);
      }
    }
    out.sort((a, b) -> Long.compare(a.getSource().getUid(), b.getSource().getUid()));
    return out;
  }

  private static List<String> submissionIds(final String user) {
    return submissions(user).stream().map(SubmissionReceived::getId).toList();
  }

  private static MailboxCheckpoint checkpoint(final String user) {
    final String mailbox = "dovecot-" + user;
    final var values = Topics.INTAKE_CHECKPOINTS.valueSerde().deserializer();
    MailboxCheckpoint last = null;
    for (final byte[] v : readAll(Topics.INTAKE_CHECKPOINTS.name())) {
      final MailboxCheckpoint c = values.deserialize(Topics.INTAKE_CHECKPOINTS.name(), v);
      if (c != null && c.getMailbox().equals(mailbox)) {
        last = c;
      }
    }
    return last;
  }

  /** Every committed value of a topic, read to its end. */
  private static List<byte[]> readAll(final String topic) {
    return kafka.readCommitted(topic, new ByteArrayDeserializer()).stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  private static int folderSize(final String user, final String name) {
    try {
      final Store store = dovecot.connect(user, SECRET);
      try {
        final Folder folder = store.getFolder(name);
        return folder.exists() ? folder.getMessageCount() : -1;
      } finally {
        store.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Boolean> seenFlags(final String user, final String name) {
    try {
      final Store store = dovecot.connect(user, SECRET);
      try {
        final Folder folder = store.getFolder(name);
        folder.open(Folder.READ_ONLY);
        final List<Boolean> out = new ArrayList<>();
        for (final Message m : folder.getMessages()) {
          out.add(m.isSet(Flags.Flag.SEEN));
        }
        folder.close(false);
        return out;
      } finally {
        store.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(final BooleanSupplier condition, final String what)
      throws InterruptedException {
    await(condition, what, 30);
  }

  private static void await(final BooleanSupplier condition, final String what, final int seconds)
      throws InterruptedException {
    final long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
