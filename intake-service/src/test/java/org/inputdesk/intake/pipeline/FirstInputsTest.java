package org.inputdesk.intake.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.junit.jupiter.api.Test;

class FirstInputsTest {

  private static SubmissionReceived s(
      final String id, final String messageId, final String from, final String sha) {
    return SubmissionReceived.newBuilder()
        .setId(id)
        .setSource(new MailSource(SourceKind.IMAP, "inputs", 1L, 1L))
        .setMessageId(messageId)
        .setReceivedAt(Instant.parse("2026-03-02T10:15:00Z"))
        .setFrom(new Address(from, null))
        .setConsultationId("oewg")
        .setTrackingNumber("OEWG-" + id)
        .setContentSha256(sha)
        .build();
  }

  @Test
  void shouldFindTheFirstBySameMessageIdOrSameSenderAndText() {
    final FirstInputs index = new FirstInputs();
    final SubmissionReceived first = s("1", "<a@x>", "jane@example.org", "h1");
    index.stage(first, FirstInputs.of(first));
    index.commit();

    assertThat(index.firstOf(s("2", "<a@x>", "other@example.org", "h2")))
        .hasValueSatisfying(k -> assertThat(k.getTrackingNumber()).isEqualTo("OEWG-1"));
    assertThat(index.firstOf(s("3", "<b@x>", "JANE@example.org", "h1")))
        .hasValueSatisfying(k -> assertThat(k.getSubmissionId()).isEqualTo("1"));
    assertThat(index.firstOf(s("4", "<c@x>", "jane@example.org", "h4"))).isEmpty();
    assertThat(index.firstOf(first)).as("an input is no copy of itself").isEmpty();
  }

  @Test
  void shouldKeepKeysOnlyOfCommittedTransactionsAndSeeCopiesWithinOne() {
    final FirstInputs index = new FirstInputs();
    final SubmissionReceived first = s("1", "<a@x>", "jane@example.org", "h1");
    index.stage(first, FirstInputs.of(first));

    assertThat(index.firstOf(s("2", "<a@x>", "jane@example.org", "h1"))).isPresent();
    index.abort();
    assertThat(index.firstOf(s("2", "<a@x>", "jane@example.org", "h1"))).isEmpty();
  }

  @Test
  void shouldKeepNoAddressInTheKeysAndSeparateConsultations() {
    final SubmissionReceived a = s("1", "<a@x>", "jane@example.org", "h1");
    final SubmissionReceived b =
        SubmissionReceived.newBuilder(a).setId("2").setConsultationId("igf").build();

    assertThat(FirstInputs.keys(a)).hasSize(2).noneMatch(k -> k.contains("jane"));
    assertThat(FirstInputs.keys(a)).doesNotContainAnyElementsOf(FirstInputs.keys(b));
  }
}
