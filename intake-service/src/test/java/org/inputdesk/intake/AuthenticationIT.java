package org.inputdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
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
import org.inputdesk.schemas.MailAuthentication;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real mailbox and broker: intake records what the trusted receiving server said of
 * each sender's domain, ignores what a sender wrote below that server's Received header, and sends
 * no receipt to a From that failed DMARC.
 */
class AuthenticationIT {

  private static final String INBOX = "inputs@un.example";
  private static final String MAILBOX = "it-authentication";
  private static final String OUR_MX = "mx.un.example";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, IntakeService.TOPICS, (short) 1);
    }
    final Consultation c =
        Consultation.newBuilder()
            .setId("oewg8")
            .setTitle("Eighth session of the working group")
            .setAddresses(List.of(INBOX))
            .setSubjectTags(List.of())
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
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void shouldRecordTheTrustedVerdictIgnoreAHeaderBelowTheHopAndReceiptNoDmarcFailure() {
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "secret")) {
      final Map<String, Object> values = config(mail);
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        // as our MX stores mail: its verdict on top, then its Received header
        mail.deliver(
            message(
                authenticationResults("dmarc=pass (p=reject dis=none) header.from=mfa.gov.sg")
                    + ourReceived(),
                "Verified input"));
        // the same verdict, but written below our MX's Received header: the sender's own words
        mail.deliver(
            message(
                ourReceived()
                    + authenticationResults(
                        "dmarc=pass (p=reject dis=none) header.from=mfa.gov.sg"),
                "Input claiming a verdict"));
        mail.deliver(
            message(
                authenticationResults("dmarc=fail (p=reject dis=none) header.from=mfa.gov.sg")
                    + ourReceived(),
                "Forged input"));

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> submissions().size() == 3 && service.receiptCount() == 2);
        final MailAuthentication verified = authenticationOf("Verified input");
        assertThat(verified.getVerdict()).isEqualTo("pass");
        assertThat(verified.getVerifiedBy()).isEqualTo(OUR_MX);
        assertThat(verified.getFromDomain()).isEqualTo("mfa.gov.sg");
        assertThat(verified.getDmarc()).isEqualTo("pass");
        final MailAuthentication claimed = authenticationOf("Input claiming a verdict");
        assertThat(claimed.getVerdict()).isEqualTo("not-verified");
        assertThat(claimed.getVerifiedBy()).isNull();
        assertThat(authenticationOf("Forged input").getVerdict()).isEqualTo("fail");

        assertThat(receiptsAbout(mail, "Verified input")).hasSize(1);
        await()
            .during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(5))
            .until(() -> receiptsAbout(mail, "Forged input").isEmpty());
        assertThat(service.receiptCount()).isEqualTo(2);
        assertThat(service.receiptsSkipped(ReceiptGate.Skip.DMARC_FAIL)).isEqualTo(1);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, Object> config(final EmbeddedMail mail) {
    final Map<String, Object> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    m.put("imap.host", mail.host());
    m.put("imap.port", String.valueOf(mail.imapPort()));
    m.put("imap.protocol", "imap");
    m.put("imap.user", mail.user());
    m.put("imap.password", mail.password());
    m.put("imap.poll.interval.ms", "500");
    m.put("intake.mailbox.name", MAILBOX);
    m.put("auth.trusted.authserv.ids", OUR_MX);
    m.put("auth.trusted.received.hops", "1");
    m.put("receipt.enabled", "true");
    m.put("smtp.host", mail.host());
    m.put("smtp.port", String.valueOf(mail.smtpPort()));
    m.put("smtp.from", INBOX);
    m.put("ops.http.port", "-1");
    return m;
  }

  private static String authenticationResults(final String results) {
    return "Authentication-Results: " + OUR_MX + ";\r\n\t" + results + "\r\n";
  }

  private static String ourReceived() {
    return "Received: from mail.mfa.gov.sg (mail.mfa.gov.sg [203.0.113.25])\r\n"
        + "\tby "
        + OUR_MX
        + " (Postfix) with ESMTPS id 4TqXyZ1abc\r\n"
        + "\tfor <"
        + INBOX
        + ">; Mon,  4 Mar 2024 02:15:03 +0000 (UTC)\r\n";
  }

  /** An input from the Singapore mission, under the receiving server's header lines. */
  private static byte[] message(final String receivedBlock, final String subject) {
    return (receivedBlock
            + "Received: from [10.1.2.3] (desk.mfa.gov.sg [10.1.2.3])\r\n"
            + "\tby mail.mfa.gov.sg with ESMTPSA; Mon, 4 Mar 2024 10:15:01 +0800\r\n"
            + new String(
                TestMail.plain(
                    "Permanent Mission of Singapore <desk@mfa.gov.sg>",
                    INBOX,
                    subject,
                    "",
                    "Singapore's input on capacity-building."),
                StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static List<SubmissionReceived> submissions() {
    final List<SubmissionReceived> out = new ArrayList<>();
    for (final var r :
        kafka.readCommitted(
            Topics.SUBMISSIONS_RECEIVED.name(),
            Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer())) {
      if (r.value().getSource().getMailbox().equals(MAILBOX)) {
        out.add(r.value());
      }
    }
    return out;
  }

  private static MailAuthentication authenticationOf(final String subject) {
    return submissions().stream()
        .filter(s -> s.getSubject().equals(subject))
        .findFirst()
        .orElseThrow()
        .getAuthentication();
  }

  /** Receipts GreenMail took in for the input with this subject. */
  private static List<MimeMessage> receiptsAbout(final EmbeddedMail mail, final String subject) {
    final List<MimeMessage> out = new ArrayList<>();
    for (final MimeMessage m : mail.greenMail().getReceivedMessages()) {
      try {
        if (m.getSubject().startsWith("Received: ") && m.getSubject().endsWith(" " + subject)) {
          out.add(m);
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }
}
