package org.inputdesk.intake.consultations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inputdesk.intake.receipts.Receipts;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.junit.jupiter.api.Test;

class ConsultationMatcherTest {

  private static Consultation consultation(
      final String id, final String address, final String tag) {
    return Consultation.newBuilder()
        .setId(id)
        .setTitle(id)
        .setAddresses(List.of(address))
        .setSubjectTags(List.of(tag))
        .setDeadline(Instant.parse("2024-04-01T21:59:59Z"))
        .setTimeZone("Europe/Geneva")
        .setTrackingPrefix(id.toUpperCase(java.util.Locale.ROOT))
        .setPolicy(PublicationPolicy.newBuilder().build())
        .setUpdatedAt(Instant.EPOCH)
        .build();
  }

  private static SubmissionReceived submission(
      final String to, final List<String> deliveredTo, final String subject, final String headers) {
    return SubmissionReceived.newBuilder()
        .setId("x")
        .setSource(new MailSource(SourceKind.IMAP, "m", 1L, 1L))
        .setReceivedAt(Instant.parse("2024-04-01T22:00:00Z"))
        .setFrom(new Address("jane@example.org", null))
        .setTo(List.of(new Address(to, null)))
        .setDeliveredTo(deliveredTo)
        .setSubject(subject)
        .setHeaders(headers == null ? Map.of() : Map.of("Auto-Submitted", headers))
        .setContentSha256("0")
        .build();
  }

  @Test
  void shouldMatchByRecipientThenSubjectTagThenDefault() {
    final ConsultationMatcher m = new ConsultationMatcher("general");
    m.update("oewg8", consultation("oewg8", "OEWG8@un.example.org", "[OEWG8]"));
    m.update("wsis", consultation("wsis", "wsis@un.example.org", "[WSIS]"));
    m.update("general", consultation("general", "general@un.example.org", "[GEN]"));

    assertThat(m.match(submission("oewg8@un.example.org", List.of(), "Hello", null)))
        .map(Consultation::getId)
        .contains("oewg8");
    assertThat(
            m.match(submission("inbox@un.example.org", List.of("wsis@un.example.org"), "Hi", null)))
        .map(Consultation::getId)
        .contains("wsis");
    assertThat(
            m.match(submission("inbox@un.example.org", List.of(), "Re: [oewg8] our input", null)))
        .map(Consultation::getId)
        .contains("oewg8");
    assertThat(m.match(submission("inbox@un.example.org", List.of(), "Nothing", null)))
        .map(Consultation::getId)
        .contains("general");
    m.update("general", null);
    assertThat(m.match(submission("inbox@un.example.org", List.of(), "Nothing", null))).isEmpty();
  }

  @Test
  void shouldMatchNoNewMailToARetiredConsultationSoItFallsToTheDefaultOrNone() {
    final ConsultationMatcher m = new ConsultationMatcher("general");
    m.update("general", consultation("general", "general@un.example.org", "[GEN]"));
    m.update("oewg8", retired(consultation("oewg8", "oewg8@un.example.org", "[OEWG8]")));

    assertThat(m.match(submission("oewg8@un.example.org", List.of(), "Hello", null)))
        .map(Consultation::getId)
        .contains("general");
    assertThat(m.match(submission("inbox@un.example.org", List.of(), "[OEWG8] late input", null)))
        .map(Consultation::getId)
        .contains("general");
    assertThat(m.get("oewg8")).as("still known, for its receipts and page").isPresent();
    assertThat(m.defaultId()).contains("general");

    m.update("general", retired(consultation("general", "general@un.example.org", "[GEN]")));
    assertThat(m.match(submission("oewg8@un.example.org", List.of(), "Hello", null))).isEmpty();
    assertThat(m.defaultId()).as("a retired default takes no mail either").isEmpty();
  }

  private static Consultation retired(final Consultation c) {
    return Consultation.newBuilder(c)
        .setRetiredAt(Instant.parse("2024-05-01T00:00:00Z"))
        .setRetiredBy("ana")
        .setRetiredReason("closed")
        .build();
  }

  @Test
  void shouldFlagMailAfterTheDeadlineAsLateAndNumberPerConsultation() {
    final Consultation c = consultation("oewg8", "a@b.org", "[X]");
    assertThat(ConsultationMatcher.isLate(c, Instant.parse("2024-04-01T22:00:00Z"))).isTrue();
    assertThat(ConsultationMatcher.isLate(c, Instant.parse("2024-04-01T21:59:59Z"))).isFalse();
    assertThat(ConsultationMatcher.trackingNumber("OEWG8-2024", 123))
        .isEqualTo("OEWG8-2024-000123");
  }

  @Test
  void shouldNeverReceiptAutoRepliesButReceiptPeople() {
    assertThat(Receipts.refusal(submission("a@b.org", List.of(), "x", "auto-replied"))).isNotNull();
    assertThat(Receipts.refusal(submission("a@b.org", List.of(), "x", "no"))).isNull();
    assertThat(Receipts.refusal(submission("a@b.org", List.of(), "x", null))).isNull();
  }
}
