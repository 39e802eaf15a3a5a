package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.FreePorts;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inputdesk import} against a real broker, as an operator types it. */
class ImportCommandIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void shouldSubmitAnMboxOnceAndSkipItWhenImportedAgain() throws Exception {
    final Path mbox = dir.resolve("archive.mbox");
    Files.writeString(
        mbox,
        "From jane@example.org Mon Jan  1 00:00:00 2024\n"
            + "From: Jane <jane@example.org>\nTo: inputs@oewg.localhost\nSubject: Our input\n"
            + "Message-ID: <a1@example.org>\nDate: Mon, 1 Jan 2024 10:00:00 +0100\n\n"
            + "Our input on capacity-building.\n>From the delegation.\n\n"
            + "From nobody Mon Jan  1 00:00:00 2024\n"
            + "\nnot an email at all\n",
        StandardCharsets.ISO_8859_1);
    final Path report = dir.resolve("report.jsonl");

    final CliRun first =
        CliRun.against(
            kafka.bootstrapServers(), "import", "--report", report.toString(), mbox.toString());

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err())
        .contains("import: 2 messages from 1/1 files", "2 messages: 1 accepted, 1 rejected");
    final List<String> lines = Files.readAllLines(report);
    final JsonNode accepted = Json.MAPPER.readTree(lines.get(0));
    assertThat(accepted.path("outcome").asText()).isEqualTo("accepted");
    assertThat(accepted.path("trackingNumber").asText()).isEqualTo("IN-000001");
    final String id = accepted.path("id").asText();
    assertThat(id).startsWith("imp-");
    final var received =
        kafka.readCommitted(
            Topics.SUBMISSIONS_RECEIVED.name(),
            Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer());
    assertThat(received)
        .extracting(r -> ((SubmissionReceived) r.value()).getId())
        .containsExactly(id);
    final var dlq = kafka.readCommitted(Topics.SUBMISSIONS_DLQ.name(), new ByteArrayDeserializer());
    assertThat(dlq).hasSize(1);
    assertThat(new String(dlq.get(0).value(), StandardCharsets.US_ASCII)).contains("not an email");

    final CliRun second =
        CliRun.against(
            kafka.bootstrapServers(), "import", "--report", report.toString(), mbox.toString());

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.err()).contains("2 already imported");
    assertThat(
            kafka.readCommitted(
                Topics.SUBMISSIONS_RECEIVED.name(),
                Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer()))
        .hasSize(1);
    assertThat(kafka.readCommitted(Topics.SUBMISSIONS_DLQ.name(), new ByteArrayDeserializer()))
        .hasSize(1);
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
