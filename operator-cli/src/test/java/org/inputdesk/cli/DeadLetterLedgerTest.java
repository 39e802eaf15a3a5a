package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inputdesk.schemas.DeadLetterState;
import org.inputdesk.schemas.DeadLetterStatus;
import org.junit.jupiter.api.Test;

class DeadLetterLedgerTest {

  private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

  private static TopicReader.Entry<byte[], byte[]> letter(
      final long offset, final String repeatOf) {
    final Map<String, String> headers = new LinkedHashMap<>();
    headers.put("stage", "intake");
    headers.put("error", "kafka refused the records");
    if (repeatOf != null) {
      headers.put("repeat.of", repeatOf);
    }
    return new TopicReader.Entry<>(
        ("sub-" + offset).getBytes(),
        "mail".getBytes(),
        null,
        "submissions-dlq",
        0,
        offset,
        AT,
        headers);
  }

  private static DeadLetterState state(final DeadLetterStatus s, final int retries) {
    return DeadLetterState.newBuilder()
        .setState(s)
        .setAt(AT)
        .setBy("ana")
        .setReason("topic limit raised")
        .setRetries(retries)
        .build();
  }

  @Test
  void shouldRetryWithAllOnlyNewLettersThatAreNotRepeats() {
    final Map<String, DeadLetterState> states = new HashMap<>();
    states.put("submissions-dlq/0/1", state(DeadLetterStatus.RETRIED, 1));
    states.put("submissions-dlq/0/5", state(DeadLetterStatus.DISCARDED, 0));
    final DeadLetterLedger ledger =
        new DeadLetterLedger(
            List.of(
                letter(1, null),
                letter(3, null),
                letter(5, null),
                letter(7, "submissions-dlq/0/1")),
            states);

    assertThat(ledger.retryable()).extracting(DeadLetterLedger.Letter::n).containsExactly(3L);
    assertThat(ledger.get(1).repeatedBy()).containsExactly(7L);
    assertThat(DeadLetterLedger.summary(ledger.get(1))).isEqualTo("retried, failed again: 7");
    assertThat(DeadLetterLedger.summary(ledger.get(7))).isEqualTo("new, repeat of 1");
    assertThat(ledger.counts())
        .containsEntry(DeadLetterStatus.NEW, 2)
        .containsEntry(DeadLetterStatus.RETRIED, 1)
        .containsEntry(DeadLetterStatus.DISCARDED, 1);
  }

  @Test
  void shouldRefuseToRetryALetterTwiceOrOneSettled() {
    final DeadLetterLedger ledger =
        new DeadLetterLedger(
            List.of(letter(1, null), letter(2, null), letter(4, "submissions-dlq/0/1")),
            Map.of(
                "submissions-dlq/0/1", state(DeadLetterStatus.RETRIED, 1),
                "submissions-dlq/0/2", state(DeadLetterStatus.RESOLVED, 0)));

    assertThat(ledger.whyNotRetry(ledger.get(1)))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("retried already", "by ana", "failed again as dead letter 4"));
    assertThat(ledger.whyNotRetry(ledger.get(2)))
        .hasValueSatisfying(w -> assertThat(w).contains("is resolved"));
    assertThat(ledger.whyNotRetry(ledger.get(4))).as("a repeat, asked for by number").isEmpty();
    assertThatThrownBy(() -> ledger.get(3)).hasMessageContaining("no dead letter 3");
  }

  @Test
  void shouldCountRetriesAndKeepThemWhenAPutBackFails() {
    final DeadLetterLedger ledger = new DeadLetterLedger(List.of(letter(1, null)), Map.of());
    final DeadLetterLedger.Letter l = ledger.get(1);

    final DeadLetterState retried = DeadLetterLedger.retried(l, "ana", null, AT);
    final DeadLetterState failed = DeadLetterLedger.retryFailed(l, "ana", "IMAP refused", AT);

    assertThat(retried.getState()).isEqualTo(DeadLetterStatus.RETRIED);
    assertThat(retried.getRetries()).isEqualTo(1);
    assertThat(failed.getState()).isEqualTo(DeadLetterStatus.NEW);
    assertThat(failed.getReason()).isEqualTo("retry failed: IMAP refused");
  }

  @Test
  void shouldSettleWithWhoAndWhyButNotTwiceTheSame() {
    final DeadLetterLedger ledger =
        new DeadLetterLedger(
            List.of(letter(1, null)),
            Map.of("submissions-dlq/0/1", state(DeadLetterStatus.DISCARDED, 0)));

    final DeadLetterState resolved =
        DeadLetterLedger.settle(ledger.get(1), DeadLetterStatus.RESOLVED, "bo", "sent by hand", AT);

    assertThat(resolved.getBy()).isEqualTo("bo");
    assertThat(resolved.getReason()).isEqualTo("sent by hand");
    assertThatThrownBy(
            () ->
                DeadLetterLedger.settle(
                    ledger.get(1), DeadLetterStatus.DISCARDED, "bo", "spam", AT))
        .hasMessageContaining("discarded already");
    assertThat(DeadLetterLedger.parse("Retried")).isEqualTo(DeadLetterStatus.RETRIED);
    assertThatThrownBy(() -> DeadLetterLedger.parse("done")).hasMessageContaining("one of new");
  }
}
