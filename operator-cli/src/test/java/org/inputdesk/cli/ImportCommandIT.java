package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.FreePorts;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.SharedKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code inputdesk import} against a real broker, as an operator types it. */
@ExtendWith(SharedKafka.class)
class ImportCommandIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = SharedKafka.broker();
  }

  @Test
  void shouldSubmitAnMboxOnceAndSkipItWhenImportedAgain() throws Exception {
    final Path mbox = dir.resolve("archive.mbox");
    Files.writeString(
        mbox,
        "From jane@example.org Mon Jan  1 00:00:00 2024\n"
            // an address no consultation on the module's broker claims: unmatched, numbered IN-
            + "From: Jane <jane@example.org>\nTo: inputs@import.localhost\nSubject: Our input\n"
            + "Message-ID: <a1@example.org>\nDate: Mon, 1 Jan 2024 10:00:00 +0100\n\n"
            + "Our input on capacity-building.\n>From the delegation.\n\n"
            + "From nobody Mon Jan  1 00:00:00 2024\n"
            + "\nnot an email at all\n",
        StandardCharsets.ISO_8859_1);
    final Path report = dir.resolve("report.jsonl");
    // the broker is the module's: count what this import adds to what other tests wrote
    final int receivedBefore = received().size();
    final int dlqBefore = deadLetters().size();

    final CliRun first =
        CliRun.against(
            kafka.bootstrapServers(), "import", "--report", report.toString(), mbox.toString());

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err())
        .contains("import: 2 messages from 1/1 files", "2 messages: 1 accepted, 1 rejected");
    final List<String> lines = Files.readAllLines(report);
    final JsonNode accepted = Json.MAPPER.readTree(lines.get(0));
    assertThat(accepted.path("outcome").asText()).isEqualTo("accepted");
    // IN-000001, or IN-CODE-000001 when another test's import numbered unmatched mail first
    assertThat(accepted.path("trackingNumber").asText()).matches("IN-([A-Z0-9]+-)?000001");
    final String id = accepted.path("id").asText();
    assertThat(id).startsWith("imp-");
    // a committed transaction's markers reach the partitions just after the commit returns
    final List<String> received =
        await("the import's record visible to read_committed readers")
            .atMost(Duration.ofSeconds(10))
            .until(ImportCommandIT::received, r -> r.size() > receivedBefore);
    assertThat(received).hasSize(receivedBefore + 1);
    assertThat(received).containsOnlyOnce(id);
    final var dlq = deadLetters();
    assertThat(dlq).hasSize(dlqBefore + 1);
    assertThat(dlq)
        .filteredOn(value -> new String(value, StandardCharsets.US_ASCII).contains("not an email"))
        .hasSize(1);

    final CliRun second =
        CliRun.against(
            kafka.bootstrapServers(), "import", "--report", report.toString(), mbox.toString());

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.err()).contains("2 already imported");
    assertThat(received()).hasSize(receivedBefore + 1);
    assertThat(deadLetters()).hasSize(dlqBefore + 1);
  }

  private static List<String> received() {
    return kafka
        .readCommitted(
            Topics.SUBMISSIONS_RECEIVED.name(),
            Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer())
        .stream()
        .map(r -> ((SubmissionReceived) r.value()).getId())
        .toList();
  }

  private static List<byte[]> deadLetters() {
    return kafka.readCommitted(Topics.SUBMISSIONS_DLQ.name(), new ByteArrayDeserializer()).stream()
        .map(r -> r.value())
        .toList();
  }

  @Test
  void shouldSayWhenTheBrokerCannotBeReached() throws Exception {
    final Path mail = dir.resolve("one.eml");
    Files.writeString(mail, "From: a@example.org\nSubject: x\n\nText.\n");
    final CliRun run = CliRun.against("127.0.0.1:" + FreePorts.next(), "import", mail.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach Kafka at 127.0.0.1:");
  }
}
