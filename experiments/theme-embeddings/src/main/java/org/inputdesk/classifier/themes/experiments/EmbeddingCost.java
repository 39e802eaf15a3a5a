package org.inputdesk.classifier.themes.experiments;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.inputdesk.classifier.DefaultTaxonomy;
import org.inputdesk.classifier.themes.Example;
import org.inputdesk.classifier.themes.LabelledFile;
import org.inputdesk.classifier.themes.Lexicon;
import org.inputdesk.classifier.themes.Reading;
import org.inputdesk.classifier.themes.ThemeClassifier;

/**
 * What an embedding costs per input of about 5 KB: reads the labelled file, joins its paragraphs
 * into 5 KB English texts, and writes to standard output, per model, the CPU time (all of the
 * process's threads, ONNX runtime's included) and wall time per input, embedded stretch by stretch
 * as the classifier reads a long text, or piece by piece ({@code MODEL@N}, see {@link Pieces});
 * then the throughput of two threads embedding at once, the resident memory the model adds, and
 * today's classifier on the same texts for comparison. Usage: {@code FILE N MODEL[@N][!1]...}.
 */
public final class EmbeddingCost {

  private static final int SIZE = 5 * 1024;

  private EmbeddingCost() {}

  public static void main(final String[] args) throws Exception {
    final List<Example> examples = LabelledFile.read(Path.of(args[0]));
    final int n = Integer.parseInt(args[1]);
    final List<String> texts = texts(examples, n + 10);
    final Lexicon lexicon = new Lexicon(DefaultTaxonomy.oewg());
    final ThemeClassifier today = DefaultTaxonomy.classifierFor(DefaultTaxonomy.oewg());
    System.out.printf(
        Locale.ROOT,
        "%d texts of %d chars on average%n",
        texts.size(),
        (int) texts.stream().mapToInt(String::length).average().orElse(0));
    // today's classifier, warmed up first
    for (int round = 0; round < 20; round++) {
      time("today's ThemeClassifier.predict", texts, t -> today.predict(t, "en"), round == 19);
    }
    for (final String id : List.of(args).subList(2, args.length)) {
      final int piece = EmbeddingExperiment.Variant.piece(id.replace("!1", ""));
      final long rssBefore = rssKb();
      // MODEL!1: a session of one thread that does not spin (Embedder.singleThreaded)
      final Embedder loaded =
          new Embedder(
              Embedder.Kind.of(id.replaceFirst("[@!].*", "")),
              Files.createTempDirectory("embed-cost"));
      final Embedder embedder = id.contains("!1") ? loaded.singleThreaded() : loaded;
      embedder.raw("warm up the session");
      System.out.printf(
          Locale.ROOT,
          "%s: resident memory +%d MB once loaded%n",
          id,
          (rssKb() - rssBefore) / 1024);
      final Work work;
      if (piece > 0) {
        // every piece of the text once: each stretch's vector is the mean of its pieces'
        work =
            t -> {
              final Reading r = new Reading(t, "en", lexicon);
              for (final int[] p : Pieces.of(t, r.sentences(), 0, t.length(), piece)) {
                embedder.raw(t.substring(p[0], p[1]));
              }
            };
      } else {
        // each of the classifier's stretches once (the model may read only the start of each)
        work =
            t -> {
              final Reading r = new Reading(t, "en", lexicon);
              for (final int[] c : EmbeddingExperiment.chunks(r)) {
                embedder.raw(t.substring(c[0], c[1]));
              }
            };
      }
      for (int i = 0; i < 10; i++) {
        work.run(texts.get(i));
      }
      final List<String> measured = texts.subList(10, texts.size());
      time(id + (piece > 0 ? " pieces" : " stretches"), measured, work, true);
      throughput(id, measured, work);
    }
  }

  private interface Work {
    void run(String text) throws Exception;
  }

  private static void time(
      final String what, final List<String> texts, final Work work, final boolean print)
      throws Exception {
    final long cpu0 = processCpuNanos();
    final long wall0 = System.nanoTime();
    for (final String t : texts) {
      work.run(t);
    }
    final double cpu = (processCpuNanos() - cpu0) / 1e6 / texts.size();
    final double wall = (System.nanoTime() - wall0) / 1e6 / texts.size();
    if (print) {
      System.out.printf(
          Locale.ROOT,
          "%-45s CPU %8.2f ms/input, wall %8.2f ms/input (%d inputs, one after another)%n",
          what,
          cpu,
          wall,
          texts.size());
    }
  }

  // two threads at once, as two stream threads would: inputs per second on this machine's two cores
  private static void throughput(final String id, final List<String> texts, final Work work)
      throws Exception {
    final ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      final long cpu0 = processCpuNanos();
      final long wall0 = System.nanoTime();
      final List<Future<?>> done = new ArrayList<>();
      for (final String t : texts) {
        done.add(
            pool.submit(
                () -> {
                  work.run(t);
                  return null;
                }));
      }
      for (final Future<?> f : done) {
        f.get();
      }
      final double seconds = (System.nanoTime() - wall0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-45s %.1f inputs/s with 2 threads, CPU %.2f ms/input%n",
          id + ", 2 threads",
          texts.size() / seconds,
          (processCpuNanos() - cpu0) / 1e6 / texts.size());
    } finally {
      pool.shutdown();
    }
  }

  // paragraphs joined in file order until a text reaches 5 KB
  private static List<String> texts(final List<Example> examples, final int count) {
    final List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (final Example e : examples) {
      if (out.size() == count) {
        break;
      }
      b.append(e.text()).append("\n\n");
      if (b.length() >= SIZE) {
        out.add(b.substring(0, SIZE));
        b = new StringBuilder();
      }
    }
    return out;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long rssKb() throws IOException {
    for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
