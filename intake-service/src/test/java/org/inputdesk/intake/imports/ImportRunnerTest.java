package org.inputdesk.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.inputdesk.intake.TestMail;
import org.inputdesk.intake.mime.AttachmentExtractor;
import org.inputdesk.intake.mime.MimeReader;
import org.inputdesk.intake.pipeline.SubmissionIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportRunnerTest {

  @TempDir Path dir;

  @Test
  void shouldReportEveryMessageOfFilesMboxAndMaildirWithASummary() throws Exception {
    final Path eml = dir.resolve("one.eml");
    Files.write(
        eml,
        TestMail.withPdf(
            "a@example.org",
            "inputs@example.org",
            "With PDF",
            "Body.",
            TestMail.pdf("Words in a PDF")));
    final Path mbox = dir.resolve("archive.mbox");
    Files.writeString(
        mbox,
        "From a@example.org Mon Mar  4 10:00:00 2024\n"
            + "From: a@example.org\nSubject: First\n\nHello\n>From the start\n\n"
            + "From b@example.org Mon Mar  4 11:00:00 2024\n"
            + "Subject: no sender\n\nBye\n",
        StandardCharsets.ISO_8859_1);
    final Path maildir = dir.resolve("Maildir");
    Files.createDirectories(maildir.resolve("cur"));
    Files.createDirectories(maildir.resolve("new"));
    Files.createDirectories(maildir.resolve("tmp"));
    Files.write(
        maildir.resolve("new").resolve("1.host"),
        TestMail.plain(
            "c@example.org",
            "x@example.org",
            "Maildir",
            "",
            "Nous soutenons le renforcement des capacités et la coopération internationale"
                + " dans le domaine de la sécurité numérique."));

    final StringWriter report = new StringWriter();
    try (AttachmentExtractor extractor = new AttachmentExtractor(Duration.ofSeconds(20), 10_000)) {
      final ImportRunner runner =
          new ImportRunner(
              new MimeReader(
                  new MimeReader.Limits(15L << 20, 40L << 20),
                  extractor,
                  org.inputdesk.common.Languages::detect),
              Duration.ofSeconds(30));
      final ImportRunner.Summary summary = runner.run(List.of(eml, mbox, maildir), report);
      assertThat(summary.messages()).isEqualTo(4);
      assertThat(summary.accepted()).isEqualTo(3);
      assertThat(summary.rejected()).isEqualTo(1);
      assertThat(summary.reasons())
          .containsEntry("no sender address (From, Sender and Return-Path empty)", 1);
    }
    final List<String> lines = report.toString().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0))
        .contains(
            "\"outcome\":\"accepted\"",
            "\"subject\":\"With PDF\"",
            "\"name\":\"input.pdf\"",
            "\"type\":\"application/pdf\"")
        .doesNotContain("\"extractedLength\":0");
    assertThat(lines.get(1)).contains("archive.mbox#1", "\"subject\":\"First\"");
    assertThat(lines.get(3)).contains("\"language\":\"fr\"");
    assertThat(lines.get(2)).contains("archive.mbox#2", "\"outcome\":\"rejected\"");
    assertThat(lines.get(4)).contains("\"summary\":true", "\"accepted\":3", "\"rejected\":1");
    assertThat(ImportRunner.splitMbox(Files.readAllBytes(mbox)).get(0))
        .asString(StandardCharsets.ISO_8859_1)
        .contains("\nFrom the start");
  }

  @Test
  void shouldReportAnUnreadableFileAndGiveIdsFromTheImportNameAndTheBytes() throws Exception {
    final Path eml = dir.resolve("good.eml");
    final byte[] bytes =
        TestMail.plain("a@example.org", "inputs@example.org", "Hello", "", "Text.");
    Files.write(eml, bytes);
    final StringWriter report = new StringWriter();
    try (AttachmentExtractor extractor = new AttachmentExtractor(Duration.ofSeconds(20), 10_000)) {
      final ImportRunner runner =
          new ImportRunner(
              new MimeReader(new MimeReader.Limits(15L << 20, 40L << 20), extractor),
              Duration.ofSeconds(30),
              "scans");
      final ImportRunner.Summary summary =
          runner.run(List.of(eml, dir.resolve("gone.eml")), report);
      assertThat(summary.accepted()).isEqualTo(1);
      assertThat(summary.reasons()).containsEntry("unreadable", 1);
    }
    assertThat(report.toString())
        .contains("\"id\":\"" + SubmissionIds.ofImport("scans", bytes) + "\"")
        .contains("gone.eml\",\"outcome\":\"rejected\",\"reason\":\"unreadable: ");
    assertThat(SubmissionIds.ofImport("scans", bytes))
        .startsWith("imp-")
        .hasSize(36)
        .isNotEqualTo(SubmissionIds.ofImport("other", bytes));
  }
}
