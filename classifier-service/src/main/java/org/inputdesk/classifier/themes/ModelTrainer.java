package org.inputdesk.classifier.themes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.inputdesk.common.Languages;
import org.inputdesk.schemas.Theme;

/**
 * Trains a {@link ThemeModel} for a taxonomy from labelled examples: reads examples, writes a
 * model. Per theme, an L2-regularised logistic regression (LIBLINEAR) over the examples' {@link
 * Features}; its regularisation C and the probability from which the theme is tagged are chosen by
 * cross-validation inside the training examples, with folds cut by group (speech, sender) so that
 * one group never sits on both sides. Nothing is chosen by looking at the examples a model is later
 * measured on: {@link #crossValidate} trains each fold's model this same way on the other folds
 * only.
 */
public final class ModelTrainer {

  /** Word features seen in fewer training examples than this are dropped. */
  static final int MIN_DF = 2;

  private final Lexicon lexicon;
  private final long seed;

  public ModelTrainer(final List<Theme> taxonomy) {
    this(new Lexicon(taxonomy), 17L);
  }

  public ModelTrainer(final Lexicon lexicon, final long seed) {
    this.lexicon = lexicon;
    this.seed = seed;
    Linear.disableDebugOutput();
  }

  /** The result of a cross-validation: its figures and each example's predicted themes. */
  public record CrossValidation(Evaluation.Report report, Map<String, Set<String>> predicted) {}

  /** A model trained on all the examples. */
  public ThemeModel train(final List<Example> given) {
    final List<Example> examples = withLanguages(given);
    final List<Map<String, Double>> features = featurise(examples);
    final ThemeModel model = train(examples, features, indexes(examples.size()));
    model.info().put("examples", examples.size());
    model.info().put("trainedAt", Instant.now().toString());
    return model;
  }

  /**
   * Cross-validates: cuts {@code folds} folds by group, trains on all but one (choosing C and
   * thresholds inside those), predicts the one left out, and reports over all examples.
   */
  public CrossValidation crossValidate(final List<Example> given, final int folds) {
    final List<Example> examples = withLanguages(given);
    final List<Map<String, Double>> features = featurise(examples);
    final int[] fold = folds(examples, folds, seed);
    final Map<String, Set<String>> predicted = new HashMap<>();
    for (int f = 0; f < folds; f++) {
      final List<Integer> trainAt = new ArrayList<>();
      final List<Integer> testAt = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        (fold[i] == f ? testAt : trainAt).add(i);
      }
      if (testAt.isEmpty()) {
        continue;
      }
      final ThemeModel model = train(examples, features, trainAt);
      final ThemeClassifier classifier = new ThemeClassifier(lexicon, model);
      for (final int i : testAt) {
        final Example e = examples.get(i);
        predicted.put(e.id(), classifier.predict(e.text(), e.language()));
      }
    }
    final List<String> themes = lexicon.themes().stream().map(Theme::getId).toList();
    return new CrossValidation(Evaluation.of(themes, examples, predicted), predicted);
  }

  private ThemeModel train(
      final List<Example> examples,
      final List<Map<String, Double>> features,
      final List<Integer> at) {
    final List<Map<String, Double>> phrasesOnly =
        features.stream()
            .map(
                f -> {
                  final Map<String, Double> kept = new HashMap<>(f);
                  kept.keySet()
                      .removeIf(
                          name ->
                              !name.startsWith(Features.PHRASES)
                                  && !name.startsWith(Features.RULES));
                  return kept;
                })
            .toList();
    final ThemeModel model =
        fit(examples, features, at).withCrossLingual(fit(examples, phrasesOnly, at));
    // the language most examples are in: texts in others are read by the phrase-only part
    final Map<String, Integer> languages = new HashMap<>();
    at.forEach(
        i ->
            languages.merge(
                org.inputdesk.classifier.text.Analyzers.normalise(examples.get(i).language()),
                1,
                Integer::sum));
    model
        .info()
        .put(
            "language",
            languages.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse("en"));
    return model;
  }

  private ThemeModel fit(
      final List<Example> examples,
      final List<Map<String, Double>> features,
      final List<Integer> at) {
    final List<String> names = vocabulary(features, at);
    final Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i + 1); // LIBLINEAR counts features from 1
    }
    final Feature[][] rows = new Feature[at.size()][];
    for (int r = 0; r < at.size(); r++) {
      rows[r] = LogisticFits.row(features.get(at.get(r)), index);
    }
    final int[] inner =
        folds(at.stream().map(examples::get).toList(), LogisticFits.INNER_FOLDS, seed + 1);
    final List<ThemeModel.ThemeWeights> themes = new ArrayList<>();
    final ObjectNode info = new ObjectMapper().createObjectNode();
    final ObjectNode chosen = info.putObject("chosen");
    for (final Theme theme : lexicon.themes()) {
      final double[] y = new double[at.size()];
      int positives = 0;
      for (int r = 0; r < at.size(); r++) {
        final boolean has = examples.get(at.get(r)).themes().contains(theme.getId());
        y[r] = has ? 1 : -1;
        positives += has ? 1 : 0;
      }
      final double[] choice = LogisticFits.choose(rows, y, inner, names.size(), positives);
      final double[] w = LogisticFits.fit(rows, y, names.size(), choice[0]);
      final double[] weights = Arrays.copyOf(w, names.size());
      themes.add(
          new ThemeModel.ThemeWeights(
              theme.getId(), w[names.size()], choice[1], choice[0], positives, weights));
      chosen
          .putObject(theme.getId())
          .put("c", choice[0])
          .put("threshold", choice[1])
          .put("positives", positives)
          .put("innerF1", choice[2]);
    }
    return new ThemeModel(lexicon.fingerprint(), names, themes, info);
  }

  // {C, threshold, F1}: the best cross-validated F1 over the Cs and thresholds tried
  private static List<String> vocabulary(
      final List<Map<String, Double>> features, final List<Integer> at) {
    final Map<String, Integer> df = new HashMap<>();
    for (final int i : at) {
      features.get(i).keySet().forEach(name -> df.merge(name, 1, Integer::sum));
    }
    final List<String> names = new ArrayList<>();
    df.forEach(
        (name, count) -> {
          final boolean phrase =
              name.startsWith(Features.PHRASES) || name.startsWith(Features.RULES);
          if (phrase || count >= MIN_DF) {
            names.add(name);
          }
        });
    Collections.sort(names);
    return names;
  }

  private List<Map<String, Double>> featurise(final List<Example> examples) {
    return examples.parallelStream()
        .map(e -> Features.of(new Reading(e.text(), e.language(), lexicon)))
        .toList();
  }

  // each example's language settled once: detected where not given, English where unclear
  private static List<Example> withLanguages(final List<Example> examples) {
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

  /** Assigns each example a fold, whole groups at a time, groups shuffled by {@code seed}. */
  public static int[] folds(final List<Example> examples, final int k, final long seed) {
    final Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      groups.computeIfAbsent(examples.get(i).group(), g -> new ArrayList<>()).add(i);
    }
    final List<String> order = new ArrayList<>(new LinkedHashSet<>(groups.keySet()));
    Collections.sort(order);
    Collections.shuffle(order, new Random(seed));
    final int[] size = new int[k];
    final int[] out = new int[examples.size()];
    for (final String g : order) {
      int smallest = 0;
      for (int f = 1; f < k; f++) {
        if (size[f] < size[smallest]) {
          smallest = f;
        }
      }
      for (final int i : groups.get(g)) {
        out[i] = smallest;
      }
      size[smallest] += groups.get(g).size();
    }
    return out;
  }

  private static List<Integer> indexes(final int n) {
    final List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
