package org.inputdesk.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;

/**
 * Measures the theme tagger offline: reads labelled JSON lines ({@code id}, {@code text}, {@code
 * themes}) and writes precision, recall and F1 per theme with micro and macro averages.
 */
public final class ThemeEvaluator {

  /** Counts and scores of one theme. */
  public record Score(String theme, int truePositives, int falsePositives, int falseNegatives) {

    public double precision() {
      return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
      return ratio(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
      final double p = precision();
      final double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /** Per-theme scores and the averages. */
  public record Report(List<Score> perTheme, Score micro, double macroF1, int passages) {

    /** A fixed-width table for people. */
    public String table() {
      final StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "%-24s %5s %5s %5s %9s %6s %6s%n",
              "theme",
              "tp",
              "fp",
              "fn",
              "precision",
              "recall",
              "f1"));
      for (final Score s : perTheme) {
        out.append(line(s.theme(), s));
      }
      out.append(line("micro", micro));
      out.append(String.format(Locale.ROOT, "%-24s %48.3f%n", "macro-f1", macroF1));
      out.append("passages: ").append(passages).append('\n');
      return out.toString();
    }

    private static String line(final String name, final Score s) {
      return String.format(
          Locale.ROOT,
          "%-24s %5d %5d %5d %9.3f %6.3f %6.3f%n",
          name,
          s.truePositives(),
          s.falsePositives(),
          s.falseNegatives(),
          s.precision(),
          s.recall(),
          s.f1());
    }
  }

  /** One labelled passage. */
  public record Labelled(String id, String text, Set<String> themes) {}

  private final ThemeTagger tagger;
  private final List<String> themeIds;

  public ThemeEvaluator(final List<Theme> taxonomy) {
    this.tagger = new ThemeTagger(taxonomy);
    this.themeIds = taxonomy.stream().map(Theme::getId).toList();
  }

  /** Reads a JSON-lines file of labelled passages. */
  public static List<Labelled> read(final Path file) throws IOException {
    final ObjectMapper json = new ObjectMapper();
    final List<Labelled> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        final JsonNode node = json.readTree(line);
        final Set<String> themes = new LinkedHashSet<>();
        node.path("themes").forEach(t -> themes.add(t.asText()));
        out.add(new Labelled(node.path("id").asText(), node.path("text").asText(), themes));
      }
    }
    return out;
  }

  /** The themes the tagger gives a passage. */
  public Set<String> predict(final String text) {
    final String language = LanguageDetector.detect(text);
    return tagger.tag(List.of(new ThemeTagger.Segment("body", text, language))).stream()
        .map(ThemeTag::getId)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Scores the tagger against the labels. */
  public Report evaluate(final List<Labelled> passages) {
    final Map<String, int[]> counts = new LinkedHashMap<>();
    themeIds.forEach(id -> counts.put(id, new int[3]));
    for (final Labelled passage : passages) {
      final Set<String> predicted = predict(passage.text());
      for (final String id : themeIds) {
        final boolean p = predicted.contains(id);
        final boolean g = passage.themes().contains(id);
        final int[] c = counts.get(id);
        if (p && g) {
          c[0]++;
        } else if (p) {
          c[1]++;
        } else if (g) {
          c[2]++;
        }
      }
    }
    final List<Score> scores = new ArrayList<>();
    int tp = 0;
    int fp = 0;
    int fn = 0;
    double macro = 0;
    for (final Map.Entry<String, int[]> e : counts.entrySet()) {
      final int[] c = e.getValue();
      final Score s = new Score(e.getKey(), c[0], c[1], c[2]);
      scores.add(s);
      tp += c[0];
      fp += c[1];
      fn += c[2];
      macro += s.f1();
    }
    return new Report(
        scores,
        new Score("micro", tp, fp, fn),
        scores.isEmpty() ? 0 : macro / scores.size(),
        passages.size());
  }

  private static double ratio(final int a, final int b) {
    return b == 0 ? 0 : (double) a / b;
  }

  /** Prints the report for a labels file: {@code ThemeEvaluator FILE}. */
  public static void main(final String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ThemeEvaluator LABELS.jsonl");
      System.exit(2);
    }
    final ThemeEvaluator evaluator = new ThemeEvaluator(DefaultTaxonomy.oewg());
    System.out.print(evaluator.evaluate(read(Path.of(args[0]))).table());
  }
}
