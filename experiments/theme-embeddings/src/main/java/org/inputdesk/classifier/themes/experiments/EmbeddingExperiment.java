package org.inputdesk.classifier.themes.experiments;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.inputdesk.classifier.DefaultTaxonomy;
import org.inputdesk.classifier.themes.Evaluation;
import org.inputdesk.classifier.themes.Example;
import org.inputdesk.classifier.themes.Features;
import org.inputdesk.classifier.themes.LabelledFile;
import org.inputdesk.classifier.themes.Lexicon;
import org.inputdesk.classifier.themes.ModelTrainer;
import org.inputdesk.classifier.themes.Reading;
import org.inputdesk.common.Languages;
import org.inputdesk.schemas.Theme;

/**
 * Issue 18's experiment: reads a labelled file and cross-validates theme models over several
 * feature sets (today's, sentence embeddings, both, similarity to each theme's positives) with
 * {@code ThemeModelTool cv}'s folds and protocol; writes each variant's table to standard output
 * and to {@code OUT_DIR}. Usage: {@code FILE FOLDS CACHE_DIR OUT_DIR VARIANT...}, a variant being
 * {@code tool} (ModelTrainer itself), {@code baseline} (the same through this harness), or blocks
 * joined by {@code +} then {@code :MODEL[:SCALE]}: {@code words} (today's word features), {@code
 * phrases} (today's phrase and rule features), {@code emb} (the embedding), {@code knn} (similarity
 * to the fold's positives of each theme) (MODEL: all-minilm-l6-v2, all-minilm-l6-v2-q,
 * e5-small-v2-q, each optionally {@code @N}: the text embedded as the mean of its pieces of at most
 * N characters, see {@link Pieces}; SCALE: the embedding block's length, 1 by default, the length
 * of the word block).
 */
public final class EmbeddingExperiment {

  private EmbeddingExperiment() {}

  /** What one variant puts in a sample's features. */
  record Variant(
      String name,
      boolean words,
      boolean phrases,
      double embScale,
      boolean knn,
      Embedder.Kind model,
      int piece) {
    static Variant parse(final String spec) {
      if (spec.equals("baseline")) {
        return new Variant(spec, true, true, 0, false, null, 0);
      }
      final String[] parts = spec.split(":");
      final List<String> blocks = List.of(parts[0].split("\\+"));
      final double scale = parts.length > 2 ? Double.parseDouble(parts[2]) : 1;
      return new Variant(
          spec,
          blocks.contains("words"),
          blocks.contains("phrases"),
          blocks.contains("emb") ? scale : 0,
          blocks.contains("knn"),
          Embedder.Kind.of(parts[1].replaceFirst("@.*", "")),
          piece(parts[1]));
    }

    /**
     * MODEL@N: each text embedded as the mean of its pieces of at most N characters; MODEL: whole.
     */
    static int piece(final String model) {
      final int at = model.indexOf('@');
      return at < 0 ? 0 : Integer.parseInt(model.substring(at + 1));
    }

    String modelSpec() {
      return model.id + (piece > 0 ? "@" + piece : "");
    }
  }

  public static void main(final String[] args) throws IOException {
    final Path file = Path.of(args[0]);
    final int folds = Integer.parseInt(args[1]);
    final Path cacheDir = Path.of(args[2]);
    final Path outDir = Path.of(args[3]);
    Files.createDirectories(outDir);
    final List<Theme> taxonomy = DefaultTaxonomy.oewg();
    final Lexicon lexicon = new Lexicon(taxonomy);
    final List<Example> examples = withLanguages(LabelledFile.read(file));
    final List<FoldedTrainer.Sample> samples =
        examples.parallelStream()
            .map(
                e -> {
                  final Reading r = new Reading(e.text(), e.language(), lexicon);
                  return new FoldedTrainer.Sample(e, r, chunks(r));
                })
            .toList();
    System.out.printf(
        Locale.ROOT,
        "%d samples, %d not detected as English, %d read in more than one stretch%n",
        samples.size(),
        samples.stream().filter(s -> !s.reading().language().equals("en")).count(),
        samples.stream().filter(s -> s.chunks().size() > 1).count());
    final List<Map<String, Double>> wordsWhole =
        samples.stream().map(s -> Features.of(s.reading())).toList();
    final Map<String, Embedded> embedded = new HashMap<>();
    final Map<String, Evaluation.Report> reports = new LinkedHashMap<>();
    // 17 is ModelTrainer's own seed (ThemeModelTool cv's folds); -Dseed=N cuts other folds to see
    // the spread
    final long seed = Long.getLong("seed", 17L);
    final FoldedTrainer trainer = new FoldedTrainer(lexicon, seed);
    for (final String spec : List.of(args).subList(4, args.length)) {
      final long start = System.nanoTime();
      final Evaluation.Report report;
      if (spec.equals("tool")) {
        report = new ModelTrainer(lexicon, seed).crossValidate(examples, folds).report();
      } else {
        final Variant v = Variant.parse(spec);
        if (v.model() != null && !embedded.containsKey(v.modelSpec())) {
          embedded.put(
              v.modelSpec(), Embedded.of(new Embedder(v.model(), cacheDir), samples, v.piece()));
        }
        final Embedded emb = v.model() == null ? null : embedded.get(v.modelSpec());
        report =
            trainer
                .crossValidate(
                    samples,
                    folds,
                    trainAt -> features(v, samples, wordsWhole, emb, lexicon, trainAt))
                .report();
      }
      final String table =
          report.table()
              + String.format(
                  Locale.ROOT,
                  "%s: %d-fold cross-validation by group in %.1f s%n",
                  spec,
                  folds,
                  (System.nanoTime() - start) / 1e9);
      System.out.print("== " + spec + "\n" + table);
      Files.writeString(
          outDir.resolve(spec.replace(':', '_').replace('+', '-') + "-seed" + seed + ".txt"),
          table);
      reports.put(spec, report);
    }
    final StringBuilder summary =
        new StringBuilder(
            String.format(Locale.ROOT, "%-40s %8s %8s%n", "variant", "micro", "macro"));
    reports.forEach(
        (name, r) ->
            summary.append(
                String.format(
                    Locale.ROOT, "%-40s %8.3f %8.3f%n", name, r.micro().f1(), r.macroF1())));
    System.out.print(summary);
    Files.writeString(outDir.resolve("summary-" + System.currentTimeMillis() + ".txt"), summary);
  }

  /** Each sample's embedding, whole and per stretch. */
  record Embedded(List<float[]> whole, List<List<float[]>> stretches) {
    static Embedded of(
        final Embedder embedder, final List<FoldedTrainer.Sample> samples, final int piece)
        throws IOException {
      final List<float[]> whole = new ArrayList<>();
      final List<List<float[]>> stretches = new ArrayList<>();
      for (final FoldedTrainer.Sample s : samples) {
        final float[] w = embed(embedder, s, 0, s.reading().text().length(), piece);
        whole.add(w);
        final List<float[]> each = new ArrayList<>();
        for (final int[] c : s.chunks()) {
          each.add(s.chunks().size() == 1 ? w : embed(embedder, s, c[0], c[1], piece));
        }
        stretches.add(each);
      }
      System.out.println(embedder.stats());
      return new Embedded(whole, stretches);
    }

    // the stretch whole (the model may read only its start), or the unit mean of its pieces
    static float[] embed(
        final Embedder embedder,
        final FoldedTrainer.Sample s,
        final int start,
        final int end,
        final int piece)
        throws IOException {
      final String text = s.reading().text();
      if (piece <= 0) {
        return embedder.embed(text.substring(start, end));
      }
      double[] sum = null;
      for (final int[] p : Pieces.of(text, s.reading().sentences(), start, end, piece)) {
        final float[] v = embedder.embed(text.substring(p[0], p[1]));
        if (sum == null) {
          sum = new double[v.length];
        }
        for (int k = 0; k < v.length; k++) {
          sum[k] += v[k];
        }
      }
      double norm = 0;
      for (final double x : sum) {
        norm += x * x;
      }
      final float[] out = new float[sum.length];
      for (int k = 0; k < sum.length; k++) {
        out[k] = (float) (sum[k] / Math.sqrt(norm));
      }
      return out;
    }
  }

  static FoldedTrainer.FoldFeatures features(
      final Variant v,
      final List<FoldedTrainer.Sample> samples,
      final List<Map<String, Double>> wordsWhole,
      final Embedded emb,
      final Lexicon lexicon,
      final List<Integer> trainAt) {
    final Map<String, List<Integer>> positives = new HashMap<>();
    if (v.knn()) {
      for (final Theme t : lexicon.themes()) {
        positives.put(
            t.getId(),
            trainAt.stream()
                .filter(i -> samples.get(i).example().themes().contains(t.getId()))
                .toList());
      }
    }
    return new FoldedTrainer.FoldFeatures() {
      @Override
      public Map<String, Double> training(final int i) {
        return build(wordsWhole.get(i), emb == null ? null : emb.whole().get(i), i);
      }

      @Override
      public Map<String, Double> stretch(final int i, final int c) {
        final FoldedTrainer.Sample s = samples.get(i);
        final Map<String, Double> words =
            s.chunks().size() == 1
                ? wordsWhole.get(i)
                : Features.of(s.reading(), s.chunks().get(c)[0], s.chunks().get(c)[1]);
        return build(words, emb == null ? null : emb.stretches().get(i).get(c), -1);
      }

      // self: the training sample's own index, left out of its similarity to the positives
      private Map<String, Double> build(
          final Map<String, Double> words, final float[] e, final int self) {
        final Map<String, Double> out = new HashMap<>();
        words.forEach(
            (name, value) -> {
              if (name.startsWith("w:") ? v.words() : v.phrases()) {
                out.put(name, value);
              }
            });
        if (v.embScale() > 0) {
          for (int k = 0; k < e.length; k++) {
            out.put(String.format(Locale.ROOT, "e:%03d", k), v.embScale() * e[k]);
          }
        }
        if (v.knn()) {
          positives.forEach((theme, at) -> similarity(theme, at, e, self, out));
        }
        return out;
      }

      private void similarity(
          final String theme,
          final List<Integer> at,
          final float[] e,
          final int self,
          final Map<String, Double> out) {
        final double[] top = new double[3];
        java.util.Arrays.fill(top, -1);
        final double[] centroid = new double[e.length];
        int n = 0;
        for (final int j : at) {
          if (j == self) {
            continue;
          }
          final float[] p = emb.whole().get(j);
          double dot = 0;
          for (int k = 0; k < e.length; k++) {
            dot += e[k] * p[k];
            centroid[k] += p[k];
          }
          n++;
          if (dot > top[2]) {
            // top holds the three highest similarities, highest first
            top[2] = dot;
            for (int k = 2; k > 0 && top[k] > top[k - 1]; k--) {
              final double swap = top[k - 1];
              top[k - 1] = top[k];
              top[k] = swap;
            }
          }
        }
        if (n == 0) {
          return;
        }
        double sum = 0;
        int counted = 0;
        for (final double t : top) {
          if (t > -1) {
            sum += t;
            counted++;
          }
        }
        out.put("k:" + theme, sum / counted);
        double dot = 0;
        double norm = 0;
        for (int k = 0; k < e.length; k++) {
          dot += e[k] * centroid[k];
          norm += centroid[k] * centroid[k];
        }
        out.put("c:" + theme, norm == 0 ? 0 : dot / Math.sqrt(norm));
      }
    };
  }

  // as ModelTrainer: detected where not given, English where unclear
  static List<Example> withLanguages(final List<Example> examples) {
    return examples.parallelStream()
        .map(
            e -> {
              if (e.language() != null) {
                return e;
              }
              final String detected = Languages.detect(e.text());
              return new Example(
                  e.id(), e.group(), e.text(), detected == null ? "en" : detected, e.themes());
            })
        .toList();
  }

  /**
   * The classifier's own stretches of a text ({@code Chunks}, package-private, so called
   * reflectively).
   */
  @SuppressWarnings("unchecked")
  static List<int[]> chunks(final Reading reading) {
    try {
      final Method m =
          Class.forName("org.inputdesk.classifier.themes.Chunks")
              .getDeclaredMethod("of", String.class, List.class);
      m.setAccessible(true);
      return (List<int[]>) m.invoke(null, reading.text(), reading.sentences());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Chunks.of changed", e);
    }
  }
}
