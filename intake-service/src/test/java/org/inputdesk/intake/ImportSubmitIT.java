package org.inputdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.embedded.FreePorts;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import through intake's commit path, and tracking numbers across mailboxes and imports. */
class ImportSubmitIT {

  private static final String INBOX = "inputs@oewg.example.org";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, IntakeService.TOPICS, (short) 1);
    }
    produceConsultation("imp1", "IMP1-2026", "imp1@oewg.example.org", "2030-01-01T00:00:00Z");
    produceConsultation("shared", "SH-2026", "shared@oewg.example.org", "2030-01-01T00:00:00Z");
    produceConsultation("closed", "CL-2020", "closed@oewg.example.org", "2020-01-01T00:00:00Z");
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void shouldSubmitImportedMailAsIntakeDoesAndSkipItWhenImportedAgain() throws Exception {
    final Path in = Files.createDirectories(dir.resolve("archive"));
    Files.write(
        in.resolve("a-good.eml"),
        TestMail.withPdf(
            "Jane Doe <jane@example.org>",
            "imp1@oewg.example.org",
            "Input from Ruritania",
            "Please find our input attached.",
            TestMail.pdf("Our proposal on capacity building")));
    final String mbox =
        "From jane@example.org Mon Jan  1 00:00:00 2024\n"
            + new String(
                TestMail.plain(
                    "Sam <sam@example.net>",
                    "closed@oewg.example.org",
                    "Late input",
                    "",
                    "Sorry we are late.\r\n>From the delegation."),
                StandardCharsets.ISO_8859_1)
            + "\n\nFrom nobody Mon Jan  1 00:00:00 2024\n"
            + "\r\n\r\nnot an email at all\r\n";
    Files.writeString(in.resolve("b-box.mbox"), mbox, StandardCharsets.ISO_8859_1);

    final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    final StringWriter report = new StringWriter();
    final ImportRunner.Summary first = importAll("archive-2024", List.of(in), report, progress);

    assertThat(first.messages()).isEqualTo(3);
    assertThat(first.accepted()).isEqualTo(2);
    assertThat(first.rejected()).isEqualTo(1);
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("import: 3 messages from 2/2 files");
    assertThat(report.toString()).contains("\"trackingNumber\":\"IMP1-2026-000001\"");

    final List<SubmissionReceived> submitted = submissions("/archive/");
    assertThat(submitted).hasSize(2);
    final SubmissionReceived good =
        submitted.stream().filter(s -> "imp1".equals(s.getConsultationId())).findFirst().get();
    assertThat(good.getSource().getKind()).isEqualTo(SourceKind.IMPORT);
    assertThat(good.getSource().getMailbox()).endsWith("a-good.eml");
    assertThat(good.getTrackingNumber()).isEqualTo("IMP1-2026-000001");
    assertThat(good.getLate()).isFalse();
    assertThat(good.getId())
        .isEqualTo(
            SubmissionIds.ofImport("archive-2024", Files.readAllBytes(in.resolve("a-good.eml"))));
    final SubmissionReceived late =
        submitted.stream().filter(s -> "closed".equals(s.getConsultationId())).findFirst().get();
    assertThat(late.getLate()).isTrue();
    assertThat(late.getTrackingNumber()).isEqualTo("CL-2020-000001");
    assertThat(
            kafka.readCommitted(
                Topics.SUBMISSION_ATTACHMENTS.name(),
                Topics.SUBMISSION_ATTACHMENTS.valueSerde().deserializer()))
        .extracting(r -> ((Attachment) r.value()).getFirstSubmissionId())
        .contains(good.getId());
    final List<ConsumerRecord<byte[], byte[]>> dlq = deadLetters("archive-2024");
    assertThat(dlq).hasSize(1);
    assertThat(header(dlq.get(0), "stage")).isEqualTo("intake");
    assertThat(header(dlq.get(0), "error")).contains("no mail headers");
    assertThat(header(dlq.get(0), "file")).endsWith("b-box.mbox#2");
    assertThat(new String(dlq.get(0).value(), StandardCharsets.US_ASCII)).contains("not an email");

    // The same archive again: nothing new on the topics, every message reported as skipped.
    final StringWriter again = new StringWriter();
    final ImportRunner.Summary second =
        importAll("archive-2024", List.of(in), again, new ByteArrayOutputStream());
    assertThat(second.skipped()).isEqualTo(3);
    assertThat(second.accepted()).isZero();
    assertThat(again.toString()).contains("\"outcome\":\"skipped\"");
    assertThat(submissions("/archive/")).hasSize(2);
    assertThat(deadLetters("archive-2024")).hasSize(1);
  }

  @Test
  void shouldNeverHandOutTheSameTrackingNumberFromTwoMailboxesAndAnImport() throws Exception {
    final List<String> numbers = new ArrayList<>();
    try (EmbeddedMail first = EmbeddedMail.start(INBOX, "secret");
        EmbeddedMail second = EmbeddedMail.start("geneva@oewg.example.org", "secret")) {
      // The first mailbox numbers the consultation first: plain numbers.
      try (IntakeService a = IntakeService.start(IntakeConfig.from(config(first, "inputs-a")))) {
        first.sendRaw(TestMail.plain("a@example.org", "shared@oewg.example.org", "One", "", "x"));
        IntakeServiceIT.await(() -> a.submissionCount() == 1, "first mailbox's input");
      }
      // A second mailbox feeding the same consultation: its name's letters in its numbers.
      try (IntakeService b =
              IntakeService.start(IntakeConfig.from(config(second, "geneva@oewg.example.org")));
          IntakeService a = IntakeService.start(IntakeConfig.from(config(first, "inputs-a")))) {
        second.sendRaw(TestMail.plain("b@example.org", "shared@oewg.example.org", "Two", "", "x"));
        first.sendRaw(TestMail.plain("c@example.org", "shared@oewg.example.org", "Three", "", "x"));
        IntakeServiceIT.await(
            () -> b.submissionCount() == 1 && a.submissionCount() == 1, "both mailboxes' inputs");
      }
    }
    // An import into the same consultation: the import's name in its numbers.
    final Path file = dir.resolve("shared.eml");
    Files.write(file, TestMail.plain("d@example.org", "shared@oewg.example.org", "Four", "", "x"));
    importAll("scans", List.of(file), new StringWriter(), new ByteArrayOutputStream());

    for (final SubmissionReceived s : submissions("")) {
      if ("shared".equals(s.getConsultationId())) {
        numbers.add(s.getTrackingNumber());
      }
    }
    assertThat(numbers)
        .containsExactlyInAnyOrder(
            "SH-2026-000001", "SH-2026-000002", "SH-2026-GENEVA-000001", "SH-2026-SCANS-000001")
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldSayWhichBrokerCannotBeReached() {
    final Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", "127.0.0.1:" + FreePorts.next());
    props.put("default.api.timeout.ms", "2000");
    assertThatThrownBy(
            () ->
                ImportSubmitter.open(
                    props,
                    new ImportSubmitter.Settings(
                        "x", "", "", Duration.ofSeconds(1), (short) 1, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot reach Kafka at 127.0.0.1:");
  }

  // ------------------------------------------------------------------ helpers

  private static ImportRunner.Summary importAll(
      final String name,
      final List<Path> inputs,
      final StringWriter report,
      final ByteArrayOutputStream progress)
      throws Exception {
    final Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers());
    final MimeReader reader =
        new MimeReader(
            new MimeReader.Limits(15_000_000, 40_000_000),
            new AttachmentExtractor(Duration.ofSeconds(30), 200_000));
    try (ImportSubmitter submitter =
        ImportSubmitter.open(
            props,
            new ImportSubmitter.Settings(
                "" + name, "", "", Duration.ofSeconds(5), (short) 1, null))) {
      return new ImportRunner(reader, Duration.ofSeconds(30), name)
          .run(inputs, report, submitter, new PrintStream(progress, true, StandardCharsets.UTF_8));
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
    m.put("imap.poll.interval.ms", "500");
    m.put("imap.idle", "false");
    m.put("intake.mailbox.name", mailbox);
    m.put("receipt.enabled", "false");
    m.put("ops.http.port", "-1");
    return m;
  }

  /** The submissions whose source (mailbox or file) contains {@code source}. */
  private static List<SubmissionReceived> submissions(final String source) {
    final List<SubmissionReceived> out = new ArrayList<>();
    for (final var r :
        kafka.readCommitted(
            Topics.SUBMISSIONS_RECEIVED.name(),
            Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer())) {
      if (r.value().getSource().getMailbox().contains(source)) {
        out.add(r.value());
      }
    }
    return out;
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLetters(final String importName) {
    return kafka.readCommitted(Topics.SUBMISSIONS_DLQ.name(), new ByteArrayDeserializer()).stream()
        .filter(r -> r.headers().lastHeader("import") != null)
        .filter(r -> header(r, "import").equals(importName))
        .toList();
  }

  private static String header(final ConsumerRecord<byte[], byte[]> r, final String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static void produceConsultation(
      final String id, final String prefix, final String address, final String deadline) {
    final Consultation c =
        Consultation.newBuilder()
            .setId(id)
            .setTitle("Consultation " + id)
            .setAddresses(List.of(address))
            .setSubjectTags(List.of())
            .setDeadline(Instant.parse(deadline))
            .setTimeZone("Europe/Geneva")
            .setTrackingPrefix(prefix)
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
}
