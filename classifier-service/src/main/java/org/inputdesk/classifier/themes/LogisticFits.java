package org.inputdesk.classifier.themes;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One theme's L2-regularised logistic regression (LIBLINEAR): its C and tagging threshold chosen by
 * inner cross-validation, its fit and its probabilities. Shared by {@link ModelTrainer} and the
 * experiments that train models the same way on other features; reads and writes nothing.
 */
public final class LogisticFits {

  /** Regularisation strengths tried per theme. */
  static final double[] CS = {0.5, 2, 8};

  /** Folds of the inner cross-validation that chooses C and the threshold. */
  public static final int INNER_FOLDS = 5;

  private static final double[] THRESHOLDS = thresholds();

  private LogisticFits() {}

  /**
   * Chooses C and the tagging threshold for one theme by cross-validation over {@code fold}: the
   * pair with the best F1, as {c, threshold, f1}; with fewer than three positives or negatives, the
   * middle C and 0.5 (f1 NaN).
   */
  public static double[] choose(
      final Feature[][] rows,
      final double[] y,
      final int[] fold,
      final int n,
      final int positives) {
    if (positives < 3 || positives > y.length - 3) {
      return new double[] {CS[1], 0.5, Double.NaN};
    }
    double[] best = {CS[1], 0.5, -1};
    for (final double c : CS) {
      final double[] p = new double[y.length];
      for (int f = 0; f < INNER_FOLDS; f++) {
        final List<Integer> trainAt = new ArrayList<>();
        for (int r = 0; r < y.length; r++) {
          if (fold[r] != f) {
            trainAt.add(r);
          }
        }
        if (trainAt.size() == y.length) {
          continue;
        }
        final Feature[][] x = new Feature[trainAt.size()][];
        final double[] yy = new double[trainAt.size()];
        for (int k = 0; k < trainAt.size(); k++) {
          x[k] = rows[trainAt.get(k)];
          yy[k] = y[trainAt.get(k)];
        }
        final double[] w = fit(x, yy, n, c);
        for (int r = 0; r < y.length; r++) {
          if (fold[r] == f) {
            p[r] = probability(w, rows[r], n);
          }
        }
      }
      for (final double t : THRESHOLDS) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int r = 0; r < y.length; r++) {
          final boolean said = p[r] >= t;
          if (said && y[r] > 0) {
            tp++;
          } else if (said) {
            fp++;
          } else if (y[r] > 0) {
            fn++;
          }
        }
        final double f1 = 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
        if (f1 > best[2] + 1e-9) {
          best = new double[] {c, t, f1};
        }
      }
    }
    return best;
  }

  // weights of features 1..n, then the bias, for the positive class
  /** Weights of features 1..n, then the bias, for the positive class, fitted with C {@code c}. */
  public static double[] fit(final Feature[][] x, final double[] y, final int n, final double c) {
    final Problem problem = new Problem();
    problem.l = x.length;
    problem.n = n + 1;
    problem.x = withBias(x, n + 1);
    problem.y = y;
    problem.bias = -1;
    final Parameter parameter = new Parameter(SolverType.L2R_LR, c, 0.01);
    final Model model = Linear.train(problem, parameter);
    final double[] raw = model.getFeatureWeights();
    final double sign = model.getLabels()[0] == 1 ? 1 : -1;
    final double[] out = new double[n + 1];
    for (int i = 0; i <= n && i < raw.length; i++) {
      out[i] = sign * raw[i];
    }
    return out;
  }

  private static Feature[][] withBias(final Feature[][] x, final int biasIndex) {
    final Feature[][] out = new Feature[x.length][];
    for (int r = 0; r < x.length; r++) {
      out[r] = Arrays.copyOf(x[r], x[r].length + 1);
      out[r][x[r].length] = new FeatureNode(biasIndex, 1.0);
    }
    return out;
  }

  /** The fitted probability of the positive class for a row. */
  public static double probability(final double[] w, final Feature[] row, final int n) {
    double z = w[n];
    for (final Feature f : row) {
      z += w[f.getIndex() - 1] * f.getValue();
    }
    return 1 / (1 + Math.exp(-z));
  }

  /** A row of LIBLINEAR features, in index order, of the features the index knows. */
  public static Feature[] row(
      final Map<String, Double> features, final Map<String, Integer> index) {
    final TreeMap<Integer, Double> sorted = new TreeMap<>();
    features.forEach(
        (name, value) -> {
          final Integer i = index.get(name);
          if (i != null) {
            sorted.put(i, value);
          }
        });
    final Feature[] out = new Feature[sorted.size()];
    int k = 0;
    for (final Map.Entry<Integer, Double> e : sorted.entrySet()) {
      out[k++] = new FeatureNode(e.getKey(), e.getValue());
    }
    return out;
  }

  private static double[] thresholds() {
    final double[] out = new double[45];
    for (int i = 0; i < out.length; i++) {
      out[i] = 0.04 + 0.02 * i;
    }
    return out;
  }
}
