package org.inputdesk.classifier.themes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Precision, recall and F1 per theme, micro and macro, of predicted theme sets against labelled
 * ones. Macro-F1 averages the themes that occur in the labels or the predictions.
 */
public final class Evaluation {

  /** Counts of one theme (or of all, for micro). */
  public record Score(String theme, int truePositives, int falsePositives, int falseNegatives) {
    public double precision() {
      return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
      return ratio(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
      return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    public int support() {
      return truePositives + falseNegatives;
    }
  }

  /** The figures of one evaluation. */
  public record Report(List<Score> perTheme, Score micro, double macroF1, int passages) {

    /** A plain-text table: one line per theme, then micro and macro. */
    public String table() {
      final StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "%-24s %9s %9s %9s %8s%n",
              "theme",
              "precision",
              "recall",
              "F1",
              "support"));
      for (final Score s : perTheme) {
        out.append(line(s.theme(), s));
      }
      out.append(line("micro", micro));
      out.append(String.format(Locale.ROOT, "%-24s %9s %9s %9.3f%n", "macro", "", "", macroF1));
      out.append(String.format(Locale.ROOT, "%d passages%n", passages));
      return out.toString();
    }

    private static String line(final String name, final Score s) {
      return String.format(
          Locale.ROOT,
          "%-24s %9.3f %9.3f %9.3f %8d%n",
          name,
          s.precision(),
          s.recall(),
          s.f1(),
          s.support());
    }
  }

  private Evaluation() {}

  /** Tags each example with {@code classifier} and compares with its labels. */
  public static Report of(final ThemeClassifier classifier, final List<Example> examples) {
    final Map<String, Set<String>> predicted = new java.util.concurrent.ConcurrentHashMap<>();
    examples.parallelStream()
        .forEach(e -> predicted.put(e.id(), classifier.predict(e.text(), e.language())));
    final List<String> themes =
        classifier.lexicon().themes().stream().map(org.inputdesk.schemas.Theme::getId).toList();
    return of(themes, examples, predicted);
  }

  /** Compares predictions (by example id) with the examples' labels, over the given themes. */
  public static Report of(
      final List<String> themes,
      final List<Example> examples,
      final Map<String, Set<String>> predicted) {
    final List<Score> perTheme = new ArrayList<>();
    int tp = 0;
    int fp = 0;
    int fn = 0;
    double macro = 0;
    int counted = 0;
    for (final String theme : themes) {
      int a = 0;
      int b = 0;
      int c = 0;
      for (final Example e : examples) {
        final boolean truth = e.themes().contains(theme);
        final boolean said = predicted.getOrDefault(e.id(), Set.of()).contains(theme);
        if (truth && said) {
          a++;
        } else if (said) {
          b++;
        } else if (truth) {
          c++;
        }
      }
      final Score s = new Score(theme, a, b, c);
      perTheme.add(s);
      tp += a;
      fp += b;
      fn += c;
      if (a + b + c > 0) {
        macro += s.f1();
        counted++;
      }
    }
    return new Report(
        perTheme,
        new Score("micro", tp, fp, fn),
        counted == 0 ? 0 : macro / counted,
        examples.size());
  }

  private static double ratio(final int a, final int b) {
    return b == 0 ? 0 : (double) a / b;
  }
}
