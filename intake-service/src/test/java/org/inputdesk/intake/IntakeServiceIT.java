package org.inputdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntakeServiceIT {

  private static final String INBOX = "inputs@oewg.example.org";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, IntakeService.TOPICS, (short) 1);
    }
    produceConsultation();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  private static void produceConsultation() {
    final Consultation c =
        Consultation.newBuilder()
            .setId("oewg8")
            .setTitle("Eighth session of the working group")
            .setAddresses(List.of("oewg8@oewg.example.org"))
            .setSubjectTags(List.of("[OEWG8]"))
            .setDeadline(Instant.parse("2030-01-01T00:00:00Z"))
            .setTimeZone("Europe/Geneva")
            .setTrackingPrefix("OEWG8-2024")
            .setPolicy(PublicationPolicy.newBuilder().build())
            .setUpdatedAt(Instant.now())
            .build();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            Topics.CONSULTATIONS.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.CONSULTATIONS.name(), c.getId(), c));
      producer.flush();
    }
  }

  private static Map<String, Object> config(final EmbeddedMail mail, final String mailbox) {
    final Map<String, Object> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    m.put("imap.host", mail.host());
    m.put("imap.port", String.valueOf(mail.imapPort()));
    m.put("imap.protocol", "imap");
    m.put("imap.user", mail.user());
    m.put("imap.password", mail.password());
    m.put("imap.poll.interval.ms", "1000");
    m.put("imap.reconnect.backoff.ms", "100");
    m.put("imap.reconnect.backoff.max.ms", "1000");
    m.put("intake.mailbox.name", mailbox);
    m.put("receipt.enabled", "false");
    // no fixed port: other test runs on this machine bind 9401 too
    m.put("ops.http.port", "-1");
    return m;
  }

  @Test
  void shouldTurnAMailIntoOneMatchedSubmissionAndFlagItOnlyAfterCommitAndNeverTwiceAcrossRestarts()
      throws Exception {
    final String mailbox = "it-exactly-once";
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret")) {
      final byte[] pdf = TestMail.pdf("Our proposal on capacity building");
      final Map<String, Object> values = config(mail, mailbox);
      // other tests' mailboxes number oewg8 too: a code of its own keeps the numbers distinct
      values.put("intake.tracking.code", "EO");
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        assertThat(service.isConnected()).isTrue();
        mail.sendRaw(
            TestMail.withPdf(
                "Jane Doe <jane@example.org>",
                INBOX,
                "[OEWG8] Input from Ruritania",
                "Please find our input attached.",
                pdf));
        await(() -> submissions(mailbox).size() == 1, "one submission");
        await(() -> seenFlags(mail).equals(List.of(true)), "message flagged \\Seen");
      }
      final SubmissionReceived s = submissions(mailbox).get(0);
      assertThat(s.getConsultationId()).isEqualTo("oewg8");
      assertThat(s.getTrackingNumber()).isEqualTo("OEWG8-2024-EO-000001");
      assertThat(s.getLate()).isFalse();
      assertThat(s.getFrom().getAddress()).isEqualTo("jane@example.org");
      assertThat(s.getAttachments()).hasSize(1);
      assertThat(s.getAttachments().get(0).getStatus()).isEqualTo(AttachmentStatus.OK);
      assertThat(s.getAttachments().get(0).getText()).contains("capacity building");
      final List<ConsumerRecord<byte[], Attachment>> attachments =
          readAll(
              Topics.SUBMISSION_ATTACHMENTS.name(),
              Topics.SUBMISSION_ATTACHMENTS.valueSerde().deserializer());
      assertThat(attachments)
          .anySatisfy(
              r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8))
                    .isEqualTo(s.getAttachments().get(0).getSha256());
                assertThat(r.value().getSize()).isEqualTo(pdf.length);
                assertThat(r.value().getFirstSubmissionId()).isEqualTo(s.getId());
              });

      // A restart resumes from the checkpoint: the first message is not read again.
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        mail.sendRaw(
            TestMail.plain(
                "Sam <sam@example.net>", "oewg8@oewg.example.org", "Second input", "", "Text."));
        await(() -> submissions(mailbox).size() == 2, "two submissions");
        Thread.sleep(1500); // a late duplicate would show up here
      }
      final List<SubmissionReceived> all = submissions(mailbox);
      assertThat(all).extracting(SubmissionReceived::getId).doesNotHaveDuplicates().hasSize(2);
      assertThat(all)
          .extracting(SubmissionReceived::getTrackingNumber)
          .containsExactly("OEWG8-2024-EO-000001", "OEWG8-2024-EO-000002");
      final MailboxCheckpoint checkpoint = checkpoint(mailbox);
      assertThat(checkpoint.getLastUid()).isEqualTo(all.get(1).getSource().getUid());
      assertThat(checkpoint.getTrackingSequences()).containsEntry("oewg8#EO", 2L);
    }
  }

  @Test
  void shouldReadABacklogInPipelinedBatchesAndCommitItInUidOrderOnceEach() throws Exception {
    final String mailbox = "it-pipeline";
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret")) {
      final int n = 40;
      for (int i = 1; i <= n; i++) {
        mail.deliver(
            i == 17
                ? "garbage without headers".getBytes(StandardCharsets.US_ASCII)
                : TestMail.plain(
                    "Sender " + i + " <s" + i + "@example.org>",
                    "oewg8@oewg.example.org",
                    "Input " + i,
                    "",
                    "Text of input " + i + "."));
      }
      final Map<String, Object> values = config(mail, mailbox);
      values.put("intake.batch.size", "3"); // 14 batches: fetched, read and committed overlapping
      values.put("intake.tracking.code", "PL");
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        await(() -> service.submissionCount() + service.deadLetterCount() == n, "all committed");
        await(() -> seenFlags(mail).stream().allMatch(b -> b), "all flagged \\Seen");
        assertThat(service.deadLetterCount()).isEqualTo(1);
      }
      final List<SubmissionReceived> all = new ArrayList<>(submissions(mailbox));
      all.sort((a, b) -> Long.compare(a.getSource().getUid(), b.getSource().getUid()));
      assertThat(all).hasSize(n - 1);
      assertThat(all).extracting(SubmissionReceived::getId).doesNotHaveDuplicates();
      // numbers follow the mailbox order, whatever thread read which message
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).getSubject()).isEqualTo("Input " + (i < 16 ? i + 1 : i + 2));
        assertThat(all.get(i).getTrackingNumber())
            .isEqualTo(String.format("OEWG8-2024-PL-%06d", i + 1));
      }
      assertThat(checkpoint(mailbox).getLastUid()).isEqualTo(all.get(n - 2).getSource().getUid());
    }
  }

  @Test
  void shouldSendWhatCannotBeReadToTheDeadLetterTopicAndMoveOn() throws Exception {
    final String mailbox = "it-dlq";
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret")) {
      mail.deliver("\r\n\r\nnot an email at all\r\n".getBytes(StandardCharsets.US_ASCII));
      mail.sendRaw(TestMail.plain("a@example.org", INBOX, "After the bad one", "", "Fine."));
      final Map<String, Object> values = config(mail, mailbox);
      values.put("intake.tracking.code", "DLQ");
      values.put("imap.idle", "false"); // the polling path
      values.put("imap.poll.interval.ms", "300");
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        await(() -> submissions(mailbox).size() == 1, "the good message");
        await(() -> service.deadLetterCount() == 1, "the bad message dead-lettered");
      }
      final var dlq = readAll(Topics.SUBMISSIONS_DLQ.name(), new ByteArrayDeserializer());
      assertThat(dlq)
          .anySatisfy(
              r -> {
                assertThat(
                        new String(
                            r.headers().lastHeader("mailbox").value(), StandardCharsets.UTF_8))
                    .isEqualTo(mailbox);
                assertThat(
                        new String(r.headers().lastHeader("stage").value(), StandardCharsets.UTF_8))
                    .isEqualTo("intake");
                assertThat(
                        new String(r.headers().lastHeader("error").value(), StandardCharsets.UTF_8))
                    .contains("no mail headers");
                assertThat(new String(r.value(), StandardCharsets.US_ASCII))
                    .contains("not an email");
              });
      assertThat(submissions(mailbox).get(0).getConsultationId()).isNull();
      assertThat(submissions(mailbox).get(0).getTrackingNumber()).isEqualTo("IN-DLQ-000001");
    }
  }

  @Test
  void shouldReceiptTheSenderButNeverAnAutoReply() throws Exception {
    final String mailbox = "it-receipts";
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret")) {
      final Map<String, Object> values = config(mail, mailbox);
      values.put("imap.auth", "xoauth2"); // GreenMail takes the password as the bearer token
      values.put("receipt.enabled", "true");
      values.put("smtp.host", mail.host());
      values.put("smtp.port", String.valueOf(mail.smtpPort()));
      values.put("smtp.from", INBOX);
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        mail.sendRaw(
            TestMail.plain("Jane <jane@example.org>", INBOX, "[OEWG8] Our input", "", "Text."));
        mail.sendRaw(
            TestMail.plain(
                "Robot <robot@example.org>",
                INBOX,
                "Out of office",
                "Auto-Submitted: auto-replied\r\n",
                "I am away."));
        await(() -> submissions(mailbox).size() == 2, "two submissions");
        await(() -> service.receiptCount() == 1, "one receipt");
      }
      final List<MimeMessage> toJane = new ArrayList<>();
      final List<MimeMessage> toRobot = new ArrayList<>();
      for (final MimeMessage m : mail.greenMail().getReceivedMessages()) {
        final String to = m.getHeader("To", ",");
        if (to.contains("jane@example.org")) {
          toJane.add(m);
        } else if (to.contains("robot@example.org")) {
          toRobot.add(m);
        }
      }
      assertThat(toJane).hasSize(1);
      assertThat(toJane.get(0).getSubject()).contains("OEWG8-2024-");
      assertThat(toJane.get(0).getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
      assertThat(toRobot).isEmpty();
    }
  }

  @Test
  void shouldReconnectAfterTheServerDroppedAndGoOnWithoutLossOrDuplicates() throws Exception {
    final String mailbox = "it-reconnect";
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret")) {
      try (IntakeService service = IntakeService.start(IntakeConfig.from(config(mail, mailbox)))) {
        mail.sendRaw(TestMail.plain("a@example.org", INBOX, "Before the drop", "", "One."));
        await(() -> submissions(mailbox).size() == 1, "first submission");
        mail.greenMail().stop();
        await(() -> !service.isConnected(), "the drop noticed");
        mail.greenMail().start();
        if (mail.greenMail().getUserManager().getUser(INBOX) == null) {
          mail.greenMail().setUser(INBOX, INBOX, "secret");
        }
        mail.sendRaw(TestMail.plain("b@example.org", INBOX, "After the drop", "", "Two."));
        await(() -> submissions(mailbox).size() >= 2, "second submission after reconnect");
        assertThat(service.isRunning()).isTrue();
        Thread.sleep(1500);
      }
      assertThat(submissions(mailbox))
          .extracting(SubmissionReceived::getSubject)
          .containsExactlyInAnyOrder("Before the drop", "After the drop");
    }
  }

  @Test
  void shouldResyncAfterAUidValidityChangeWithoutDuplicates() throws Exception {
    final String mailbox = "it-uidvalidity";
    final byte[] first = TestMail.plain("a@example.org", INBOX, "First", "", "One.");
    final byte[] second = TestMail.plain("b@example.org", INBOX, "Second", "", "Two.");
    final byte[] third = TestMail.plain("c@example.org", INBOX, "Third", "", "Three.");
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret")) {
      final Map<String, Object> values = config(mail, mailbox);
      values.put("imap.folder", "Submissions");
      final long before = recreateFolder(mail, first, second);
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        await(() -> submissions(mailbox).size() == 2, "two submissions");
      }
      Thread.sleep(1100); // the server derives UIDVALIDITY from the clock
      final long after = recreateFolder(mail, first, second, third);
      assertThat(after).isNotEqualTo(before);
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        await(
            () -> checkpoint(mailbox).getUidValidity() == after,
            "checkpoint at the new UIDVALIDITY");
        await(() -> submissions(mailbox).size() >= 3, "the new message");
        Thread.sleep(1500);
      }
      assertThat(submissions(mailbox))
          .extracting(SubmissionReceived::getSubject)
          .containsExactlyInAnyOrder("First", "Second", "Third");
      assertThat(checkpoint(mailbox).getLastUid()).isEqualTo(3);
    }
  }

  @Test
  void shouldMatchAConsultationPublishedAfterStartAndMoveTheMessageAfterCommit() throws Exception {
    final String mailbox = "it-move";
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret")) {
      final Map<String, Object> values = config(mail, mailbox);
      values.put("imap.after.commit", "move");
      values.put("imap.processed.folder", "Done");
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        final Consultation late =
            Consultation.newBuilder()
                .setId("wsis")
                .setTitle("WSIS review")
                .setAddresses(List.of("wsis@oewg.example.org"))
                .setDeadline(Instant.parse("2024-01-01T00:00:00Z"))
                .setTrackingPrefix("WSIS")
                .setPolicy(PublicationPolicy.newBuilder().build())
                .setUpdatedAt(Instant.now())
                .build();
        try (var producer =
            new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                Topics.CONSULTATIONS.valueSerde().serializer())) {
          producer
              .send(new ProducerRecord<>(Topics.CONSULTATIONS.name(), late.getId(), late))
              .get();
        }
        mail.sendRaw(
            TestMail.plain("a@example.org", "wsis@oewg.example.org", "Input", "", "Words."));
        await(() -> submissions(mailbox).size() == 1, "the submission");
        await(() -> folderSize(mail, "INBOX") == 0 && folderSize(mail, "Done") == 1, "moved");
      }
      final SubmissionReceived s = submissions(mailbox).get(0);
      assertThat(s.getConsultationId()).isEqualTo("wsis");
      assertThat(s.getTrackingNumber()).isEqualTo("WSIS-000001");
      assertThat(s.getLate()).isTrue();
    }
  }

  private static int folderSize(final EmbeddedMail mail, final String name) {
    try {
      final Store store = Session.getInstance(new Properties()).getStore("imap");
      store.connect(mail.host(), mail.imapPort(), mail.user(), mail.password());
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

  @Test
  void shouldAbortWhatACrashedInstanceLeftUncommittedAndResumeFromTheLastCommit() throws Exception {
    final String mailbox = "it-crash";
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret")) {
      final Map<String, Object> values = config(mail, mailbox);
      values.put("imap.after.commit", "leave"); // and reading must not set \Seen either
      final IntakeConfig config = IntakeConfig.from(values);
      mail.sendRaw(TestMail.plain("a@example.org", INBOX, "Committed", "", "One."));
      try (IntakeService service = IntakeService.start(config)) {
        await(() -> submissions(mailbox).size() == 1, "first submission");
      }
      // An instance dies mid-batch: records and a checkpoint sent, the transaction never committed.
      final Map<String, Object> props = new HashMap<>();
      props.put("bootstrap.servers", kafka.bootstrapServers());
      props.put("transactional.id", config.transactionalId());
      final var zombie =
          new KafkaProducer<>(
              props,
              new org.apache.kafka.common.serialization.ByteArraySerializer(),
              new org.apache.kafka.common.serialization.ByteArraySerializer());
      zombie.initTransactions();
      zombie.beginTransaction();
      final SubmissionReceived ghost =
          SubmissionReceived.newBuilder(submissions(mailbox).get(0)).setId("ghost").build();
      zombie.send(
          new ProducerRecord<>(
              Topics.SUBMISSIONS_RECEIVED.name(),
              "ghost".getBytes(StandardCharsets.UTF_8),
              Topics.SUBMISSIONS_RECEIVED.valueSerde().serializer().serialize("", ghost)));
      final MailboxCheckpoint far =
          MailboxCheckpoint.newBuilder(checkpoint(mailbox)).setLastUid(99).build();
      zombie.send(
          new ProducerRecord<>(
              Topics.INTAKE_CHECKPOINTS.name(),
              mailbox.getBytes(StandardCharsets.UTF_8),
              Topics.INTAKE_CHECKPOINTS.valueSerde().serializer().serialize("", far)));
      zombie.flush();

      mail.sendRaw(TestMail.plain("b@example.org", INBOX, "After the crash", "", "Two."));
      try (IntakeService service = IntakeService.start(config)) {
        await(() -> submissions(mailbox).size() >= 2, "second submission");
        Thread.sleep(1000);
      }
      zombie.close(Duration.ZERO);
      assertThat(submissions(mailbox))
          .extracting(SubmissionReceived::getSubject)
          .containsExactly("Committed", "After the crash");
      assertThat(checkpoint(mailbox).getLastUid()).isEqualTo(2);
      assertThat(seenFlags(mail)).containsExactly(false, false);
    }
  }

  /** Deletes and creates the folder Submissions with the messages; returns its UIDVALIDITY. */
  private static long recreateFolder(final EmbeddedMail mail, final byte[]... messages)
      throws Exception {
    final Session session = Session.getInstance(new Properties());
    final Store store = session.getStore("imap");
    store.connect(mail.host(), mail.imapPort(), mail.user(), mail.password());
    try {
      // GreenMail fails deleting a folder once selected (listeners of closed sessions): rename it
      final var user = mail.greenMail().getUserManager().getUser(INBOX);
      final var host = mail.greenMail().getManagers().getImapHostManager();
      if (store.getFolder("Submissions").exists()) {
        host.renameMailbox(user, "Submissions", "Old-" + System.nanoTime());
      }
      host.createMailbox(user, "Submissions");
      final Folder folder = store.getFolder("Submissions");
      final List<Message> list = new ArrayList<>();
      for (final byte[] m : messages) {
        list.add(new MimeMessage(session, new java.io.ByteArrayInputStream(m)));
      }
      folder.appendMessages(list.toArray(Message[]::new));
      folder.open(Folder.READ_ONLY);
      final long uidValidity = ((jakarta.mail.UIDFolder) folder).getUIDValidity();
      folder.close(false);
      return uidValidity;
    } finally {
      store.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  private static List<SubmissionReceived> submissions(final String mailbox) {
    final List<SubmissionReceived> out = new ArrayList<>();
    for (final var r :
        readAll(
            Topics.SUBMISSIONS_RECEIVED.name(),
            Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer())) {
      if (r.value().getSource().getMailbox().equals(mailbox)) {
        out.add(r.value());
      }
    }
    out.sort((a, b) -> Long.compare(a.getSource().getUid(), b.getSource().getUid()));
    return out;
  }

  private static MailboxCheckpoint checkpoint(final String mailbox) {
    MailboxCheckpoint last = null;
    for (final var r :
        readAll(
            Topics.INTAKE_CHECKPOINTS.name(),
            Topics.INTAKE_CHECKPOINTS.valueSerde().deserializer())) {
      if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(mailbox)) {
        last = r.value();
      }
    }
    return last;
  }

  /** Every committed record of a topic, read to its end. */
  static <V> List<ConsumerRecord<byte[], V>> readAll(
      final String topic, final Deserializer<V> values) {
    return kafka.readCommitted(topic, values);
  }

  private static List<Boolean> seenFlags(final EmbeddedMail mail) {
    try {
      final Store store = Session.getInstance(new Properties()).getStore("imap");
      store.connect(mail.host(), mail.imapPort(), mail.user(), mail.password());
      try {
        final Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        final List<Boolean> out = new ArrayList<>();
        for (final Message m : inbox.getMessages()) {
          out.add(m.isSet(Flags.Flag.SEEN));
        }
        inbox.close(false);
        return out;
      } finally {
        store.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void await(final BooleanSupplier condition, final String what)
      throws InterruptedException {
    final long deadline = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
