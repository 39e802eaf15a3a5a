package org.inputdesk.intake.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.MailAuthentication;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.junit.jupiter.api.Test;

class ReceiptGateTest {

  private static final Consultation ANY_SENDER = consultation(false);
  private static final Consultation VERIFIED_ONLY = consultation(true);

  private static Consultation consultation(final boolean verifiedOnly) {
    return Consultation.newBuilder()
        .setId("oewg8")
        .setTitle("Eighth session")
        .setAddresses(List.of("oewg8@un.example"))
        .setSubjectTags(List.of())
        .setDeadline(Instant.parse("2030-01-01T00:00:00Z"))
        .setTrackingPrefix("OEWG8")
        .setPolicy(PublicationPolicy.newBuilder().setReceiptsToVerifiedOnly(verifiedOnly).build())
        .setUpdatedAt(Instant.now())
        .build();
  }

  private static SubmissionReceived submission(
      final String from, final String verdict, final String fromDomain) {
    return submission(from, verdict, fromDomain, Map.of());
  }

  private static SubmissionReceived submission(
      final String from,
      final String verdict,
      final String fromDomain,
      final Map<String, String> headers) {
    return SubmissionReceived.newBuilder()
        .setId("s1")
        .setSource(new MailSource(SourceKind.IMAP, "inputs", 1L, 1L))
        .setReceivedAt(Instant.now())
        .setFrom(new Address(from, null))
        .setHeaders(headers)
        .setContentSha256("x")
        .setAuthentication(
            MailAuthentication.newBuilder()
                .setFromDomain(fromDomain)
                .setVerdict(verdict)
                .setVerifiedBy("mail.un.example")
                .build())
        .build();
  }

  private static ReceiptGate gate(final int perHour) {
    return new ReceiptGate(new ReceiptLimiter(perHour));
  }

  @Test
  void shouldReceiptAVerifiedSenderAndAnUnverifiedOneWhenThePolicyAllows() {
    final ReceiptGate gate = gate(3);
    assertThat(gate.refusal(submission("desk@mfa.gov.sg", "pass", "mfa.gov.sg"), VERIFIED_ONLY))
        .isNull();
    assertThat(
            gate.refusal(submission("jane@example.org", "not-verified", "example.org"), ANY_SENDER))
        .isNull();
    assertThat(gate.refusal(submission("jane@example.org", "not-verified", "example.org"), null))
        .isNull();
  }

  @Test
  void shouldNeverReceiptASenderWhoseDomainFailedDmarc() {
    final ReceiptGate.Refusal r =
        gate(3).refusal(submission("desk@mfa.gov.sg", "fail", "mfa.gov.sg"), ANY_SENDER);
    assertThat(r.skip()).isEqualTo(ReceiptGate.Skip.DMARC_FAIL);
    assertThat(r.reason()).doesNotContain("desk@");
  }

  @Test
  void shouldReceiptOnlyVerifiedSendersWhenThePolicySaysSo() {
    final ReceiptGate.Refusal r =
        gate(3)
            .refusal(submission("jane@example.org", "not-verified", "example.org"), VERIFIED_ONLY);
    assertThat(r.skip()).isEqualTo(ReceiptGate.Skip.NOT_VERIFIED);
  }

  @Test
  void shouldNotTakeAForwardersVerdictForTheOriginalSender() {
    // the forwarder's domain passed; the receipt would go to the sender inside, not verified
    final ReceiptGate.Refusal r =
        gate(3).refusal(submission("jane@example.org", "pass", "mfa.gov.sg"), VERIFIED_ONLY);
    assertThat(r.skip()).isEqualTo(ReceiptGate.Skip.NOT_VERIFIED);
  }

  @Test
  void shouldStopReceiptingAnAddressPastTheHourlyLimit() {
    final ReceiptGate gate = gate(2);
    final SubmissionReceived s = submission("jane@example.org", "not-verified", "example.org");
    assertThat(gate.refusal(s, ANY_SENDER)).isNull();
    assertThat(gate.refusal(s, ANY_SENDER)).isNull();
    assertThat(gate.refusal(s, ANY_SENDER).skip()).isEqualTo(ReceiptGate.Skip.RATE_LIMITED);
  }

  @Test
  void shouldNotSpendTheHourlyLimitOnMailThatGetsNoReceiptAnyway() {
    final ReceiptGate gate = gate(1);
    final SubmissionReceived auto =
        submission(
            "jane@example.org",
            "not-verified",
            "example.org",
            Map.of("Auto-Submitted", "auto-replied"));
    assertThat(gate.refusal(auto, ANY_SENDER).skip()).isEqualTo(ReceiptGate.Skip.AUTOMATIC);
    assertThat(
            gate.refusal(submission("jane@example.org", "fail", "example.org"), ANY_SENDER).skip())
        .isEqualTo(ReceiptGate.Skip.DMARC_FAIL);
    assertThat(
            gate.refusal(submission("jane@example.org", "not-verified", "example.org"), ANY_SENDER))
        .isNull();
  }
}
