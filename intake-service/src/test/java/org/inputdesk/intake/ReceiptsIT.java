package org.inputdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts that tell the truth, through GreenMail and the broker: a copy names the first input's
 * tracking number, an empty message is told it will not be posted and why, an annex not kept is
 * named with the limit and what to do, and automatic mail still gets no receipt.
 */
class ReceiptsIT {

  private static final String INBOX = "inputs@oewg.example.org";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, IntakeService.TOPICS, (short) 1);
    }
    final Consultation c =
        Consultation.newBuilder()
            .setId("oewg8")
            .setTitle("Eighth session of the working group")
            .setAddresses(List.of(INBOX))
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

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static Map<String, Object> config(final EmbeddedMail mail) {
    final Map<String, Object> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    m.put("imap.host", mail.host());
    m.put("imap.port", String.valueOf(mail.imapPort()));
    m.put("imap.protocol", "imap");
    m.put("imap.user", mail.user());
    m.put("imap.password", mail.password());
    m.put("imap.poll.interval.ms", "500");
    m.put("receipt.enabled", "true");
    m.put("smtp.host", mail.host());
    m.put("smtp.port", String.valueOf(mail.smtpPort()));
    m.put("smtp.from", INBOX);
    m.put("attachment.max.bytes", "100000");
    m.put("ops.http.port", "-1");
    return m;
  }

  @Test
  void shouldTellEachSenderWhatBecomesOfTheirInput() throws Exception {
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret");
        IntakeService service = IntakeService.start(IntakeConfig.from(config(mail)))) {
      final byte[] input =
          TestMail.plain(
              "Jane Doe <jane@example.org>",
              INBOX,
              "[OEWG8] Our input",
              "",
              "We ask for training on incident response.");
      mail.sendRaw(input);
      await().atMost(Duration.ofSeconds(20)).until(() -> submissions().size() == 1);
      // the same mail delivered twice, and sent again under a new Message-ID
      mail.sendRaw(input);
      mail.sendRaw(
          new String(input, StandardCharsets.UTF_8)
              .replaceFirst("Message-ID: <[^>]+>", "Message-ID: <resend-1@example.org>")
              .getBytes(StandardCharsets.UTF_8));
      mail.sendRaw(TestMail.plain("Bob <bob@example.org>", INBOX, "[OEWG8] Input", "", ""));
      mail.sendRaw(
          TestMail.withPdf(
              "Carol <carol@example.org>",
              INBOX,
              "[OEWG8] Input with annex",
              "Please find our annex attached.",
              big()));
      mail.sendRaw(
          TestMail.plain(
              "Robot <robot@example.org>",
              INBOX,
              "Out of office",
              "Auto-Submitted: auto-replied\r\n",
              "I am away."));
      await().atMost(Duration.ofSeconds(30)).until(() -> submissions().size() == 6);
      await().atMost(Duration.ofSeconds(10)).until(() -> service.receiptCount() == 5);
      final String first =
          submissions().stream()
              .filter(s -> s.getFrom().getAddress().equals("jane@example.org"))
              .findFirst()
              .orElseThrow()
              .getTrackingNumber();

      final List<MimeMessage> toJane = receiptsTo(mail, "jane@example.org");
      assertThat(toJane).hasSize(3);
      assertThat(toJane.get(0).getSubject()).isEqualTo("Received: " + first + " [OEWG8] Our input");
      for (final MimeMessage copy : toJane.subList(1, 3)) {
        assertThat(copy.getSubject())
            .isEqualTo("Already received: " + first + " [OEWG8] Our input");
        assertThat(text(copy))
            .contains("tracking number " + first, "will not be posted a second time");
      }

      final List<MimeMessage> toBob = receiptsTo(mail, "bob@example.org");
      assertThat(toBob).hasSize(1);
      assertThat(toBob.get(0).getSubject()).startsWith("Received, not to be posted: ");
      assertThat(text(toBob.get(0))).contains("will not be posted: it has no text");

      final List<MimeMessage> toCarol = receiptsTo(mail, "carol@example.org");
      assertThat(toCarol).hasSize(1);
      assertThat(text(toCarol.get(0)))
          .contains(
              "input.pdf (",
              "NOT KEPT: it is larger than the 98 KB we accept per file",
              "as a link",
              "parts of at most 98 KB");

      assertThat(receiptsTo(mail, "robot@example.org")).isEmpty();
    }
  }

  /** A PDF over the test's 100 KB per-file limit. */
  private static byte[] big() {
    final StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      text.append("Annex paragraph ").append(i).append(' ');
    }
    final byte[] pdf = TestMail.pdf(text.toString());
    final byte[] padded = new byte[pdf.length + 150_000];
    System.arraycopy(pdf, 0, padded, 0, pdf.length);
    return padded;
  }

  private static List<SubmissionReceived> submissions() {
    final List<SubmissionReceived> out = new ArrayList<>();
    kafka
        .readCommitted(
            Topics.SUBMISSIONS_RECEIVED.name(),
            Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer())
        .forEach(r -> out.add(r.value()));
    out.sort((a, b) -> a.getSource().getUid().compareTo(b.getSource().getUid()));
    return out;
  }

  private static List<MimeMessage> receiptsTo(final EmbeddedMail mail, final String address)
      throws MessagingException {
    final List<MimeMessage> out = new ArrayList<>();
    for (final MimeMessage m : mail.greenMail().getReceivedMessages()) {
      final String to = m.getHeader("To", ",");
      if (to != null && to.contains(address) && m.getHeader("Auto-Submitted") != null) {
        out.add(m);
      }
    }
    return out;
  }

  private static String text(final MimeMessage m) throws MessagingException, IOException {
    return String.valueOf(m.getContent());
  }
}
