package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.inputdesk.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that need no broker: classify, eval, import --dry-run. */
class OfflineCommandsTest {

  @TempDir Path dir;

  private static CliRun run(final String stdin, final String... args) {
    return CliRun.withInput(stdin, args);
  }

  @Test
  void shouldClassifyJsonLinesWithThemesAndSenderType() throws Exception {
    final CliRun run =
        run(
            "{\"id\":\"a\",\"from\":\"mission@mfa.gov.sg\",\"subject\":\"Input\",\"text\":\"Ransomware"
                + " attacks against hospitals threaten critical infrastructure.\"}\n"
                + "not json\n",
            "classify");

    final List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    final JsonNode first = Json.MAPPER.readTree(lines.get(0));
    assertThat(first.path("id").asText()).isEqualTo("a");
    assertThat(first.path("sender_type").asText()).isEqualTo("member-state");
    assertThat(first.path("themes").get(0).path("id").asText()).isEqualTo("threats");
    assertThat(first.path("themes").get(0).path("evidence")).isNotEmpty();
    assertThat(Json.MAPPER.readTree(lines.get(1)).has("error")).isTrue();
    assertThat(run.code()).isEqualTo(1);
  }

  @Test
  void shouldPrintPerThemeScoresAndAverages() throws Exception {
    final Path labels = dir.resolve("labels.jsonl");
    Files.writeString(
        labels,
        "{\"id\":\"1\",\"text\":\"Ransomware attacks on hospitals are a grave threat.\",\"themes\":[\"threats\"]}\n"
            + "{\"id\":\"2\",\"text\":\"We welcome the Global Digital Compact and the Internet Governance Forum.\","
            + "\"themes\":[\"digital-cooperation\"]}\n");
    final CliRun run = run("", "eval", "--labels", labels.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("threats", "digital-cooperation").containsIgnoringCase("micro");
  }

  @Test
  void shouldReportEachMessageOfADryRunImport() throws Exception {
    final Path inbox = Files.createDirectory(dir.resolve("inbox"));
    final Path mail = inbox.resolve("one.eml");
    Files.writeString(
        mail,
        "From: Jane <jane@example.org>\r\nTo: inputs@oewg.localhost\r\nSubject: =?UTF-8?Q?Caf=C3=A9?=\r\n"
            + "Message-ID: <x@example.org>\r\n\r\nOur input on capacity-building.\r\n");
    final Path junk = inbox.resolve("junk.eml");
    Files.writeString(junk, "this is not an email\n");
    final Path report = dir.resolve("report.jsonl");

    final CliRun run =
        run("", "import", "--dry-run", "--report", report.toString(), inbox.toString());

    assertThat(run.code()).as(run.err()).isZero();
    final List<String> lines = Files.readAllLines(report);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"accepted\"").contains("Café"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"rejected\"").contains("junk.eml"));
    assertThat(run.err()).contains("2 messages: 1 accepted, 1 rejected");
  }

  @Test
  void shouldRefuseAnImportOfAMissingFile() {
    final CliRun run = run("", "import", dir.resolve("nothing-here.mbox").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no such file or directory");
  }

  @Test
  void shouldGiveEveryCorpusMessageAnOutcomeInADryRun() throws Exception {
    final Optional<Path> corpus = SharedData.resolve("corpus/mail");
    assumeTrue(corpus.isPresent(), SharedData.absentMessage("corpus/mail"));
    final Path report = dir.resolve("corpus.jsonl");

    final CliRun run =
        run("", "import", "--dry-run", "--report", report.toString(), corpus.get().toString());

    assertThat(run.code()).as(run.err()).isZero();
    final long files;
    try (var walk = Files.walk(corpus.get())) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().equals("MANIFEST.csv"))
              .count();
    }
    final List<String> lines = Files.readAllLines(report);
    final long outcomes = lines.stream().filter(l -> l.contains("\"outcome\"")).count();
    assertThat(outcomes).isGreaterThanOrEqualTo(files);
    assertThat(lines.get(lines.size() - 1))
        .contains("accepted")
        .contains("rejected")
        .contains("reasons");
    System.out.println("corpus dry run: " + run.err().strip());
  }

  @Test
  void shouldListEveryConfigurationKeyAsMarkdown() {
    final CliRun run = run("", "config", "--markdown");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("### intake-service", "### classifier-service", "### publisher-service")
        .contains("`imap.poll.interval.ms` | `INPUTDESK_IMAP_POLL_INTERVAL_MS`")
        .contains("`ops.token`");
  }

  @Test
  void shouldRefuseToServeTheConsoleWithoutAToken() {
    final CliRun run = run("", "console", "--bootstrap-servers", "127.0.0.1:1");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("give --token or set INPUTDESK_OPS_TOKEN");
  }

  @Test
  void shouldDescribeTheLocalRunAndEveryCommandInHelp() {
    final CliRun help = run("", "--help");
    assertThat(help.code()).isZero();
    for (final String command :
        java.util.List.of(
            "local",
            "consultations",
            "directory",
            "correct",
            "withdraw",
            "restore",
            "hold",
            "post",
            "dump",
            "dlq",
            "status",
            "replay",
            "topics",
            "console",
            "export",
            "config",
            "import",
            "classify",
            "eval")) {
      assertThat(help.out()).as(command).contains("  " + command + " ");
    }
    assertThat(run("", "local", "--help").out()).contains("--port", "--data-dir", "--no-samples");
  }
}
