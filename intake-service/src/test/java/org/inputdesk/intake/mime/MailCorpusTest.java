package org.inputdesk.intake.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.inputdesk.intake.imports.ImportRunner;
import org.inputdesk.testsupport.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MailCorpusTest {

  @Test
  void shouldGiveEveryCorpusFileASubmissionOrAReasonWithoutCrashOrHang() throws Exception {
    final var corpus = SharedData.resolve("corpus/mail");
    Assumptions.assumeTrue(corpus.isPresent(), SharedData.absentMessage("corpus/mail"));
    final List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus.get())) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    final List<String> failures = new ArrayList<>();
    final Map<String, Integer> reasons = new TreeMap<>();
    final List<String> rejected = new ArrayList<>();
    int accepted = 0;
    final ExecutorService pool = Executors.newSingleThreadExecutor(r -> daemon(r));
    try (AttachmentExtractor extractor = new AttachmentExtractor(Duration.ofSeconds(10), 100_000)) {
      final MimeReader reader =
          new MimeReader(new MimeReader.Limits(15L << 20, 40L << 20), extractor);
      for (final Path file : files) {
        final Future<String> outcome =
            pool.submit(
                () -> {
                  try {
                    reader.read(Files.readAllBytes(file), null);
                    return null;
                  } catch (MimeReader.RejectedException e) {
                    return e.getMessage();
                  }
                });
        try {
          final String reason = outcome.get(30, TimeUnit.SECONDS);
          if (reason == null) {
            accepted++;
          } else {
            assertThat(reason).as(file.toString()).isNotBlank();
            reasons.merge(reason.replaceAll(":.*", ""), 1, Integer::sum);
            rejected.add(corpus.get().relativize(file) + "\t" + reason);
          }
        } catch (TimeoutException e) {
          outcome.cancel(true);
          failures.add(file + ": hung");
        } catch (java.util.concurrent.ExecutionException e) {
          failures.add(file + ": " + e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Files.write(Path.of("target", "corpus-rejected.txt"), rejected);
    System.out.printf(
        "corpus: %d files, %d accepted, rejected %s%n", files.size(), accepted, reasons);
    assertThat(failures).isEmpty();
    assertThat(accepted).isGreaterThan(files.size() / 2);
  }

  private static Thread daemon(final Runnable r) {
    final Thread t = new Thread(r, "corpus-reader");
    t.setDaemon(true);
    return t;
  }

  @Test
  void shouldDryRunImportTheWholeCorpusWithAnOutcomePerMessageAndASummary() throws Exception {
    final var corpus = SharedData.resolve("corpus/mail");
    Assumptions.assumeTrue(corpus.isPresent(), SharedData.absentMessage("corpus/mail"));
    final Path report = Path.of("target", "corpus-import.jsonl");
    final ImportRunner.Summary summary;
    try (AttachmentExtractor extractor = new AttachmentExtractor(Duration.ofSeconds(10), 100_000);
        var out = Files.newBufferedWriter(report)) {
      final MimeReader reader =
          new MimeReader(new MimeReader.Limits(15L << 20, 40L << 20), extractor);
      summary = new ImportRunner(reader, Duration.ofSeconds(30)).run(List.of(corpus.get()), out);
    }
    final List<String> lines = Files.readAllLines(report);
    assertThat(lines).hasSize(summary.messages() + 1);
    assertThat(summary.accepted() + summary.rejected()).isEqualTo(summary.messages());
    assertThat(summary.reasons().keySet())
        .noneMatch(r -> r.startsWith("error") || r.startsWith("timeout"));
    assertThat(lines.get(lines.size() - 1)).contains("\"summary\":true");
  }
}
