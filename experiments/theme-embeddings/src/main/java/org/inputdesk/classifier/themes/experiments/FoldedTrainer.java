package org.inputdesk.classifier.themes.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inputdesk.classifier.text.Analyzers;
import org.inputdesk.classifier.themes.Evaluation;
import org.inputdesk.classifier.themes.Example;
import org.inputdesk.classifier.themes.Lexicon;
import org.inputdesk.classifier.themes.LogisticFits;
import org.inputdesk.classifier.themes.ModelTrainer;
import org.inputdesk.classifier.themes.Reading;
import org.inputdesk.classifier.themes.ThemeClassifier;
import org.inputdesk.classifier.themes.ThemeModel;
import org.inputdesk.schemas.Theme;

/**
 * {@code ThemeModelTool cv}'s protocol over any features: reads prepared samples and a way to
 * featurise them per fold, writes the cross-validated report. The outer and inner folds are {@link
 * ModelTrainer}'s own (called, not copied); the per-theme LIBLINEAR fit, the C and threshold choice
 * inside the training folds, the phrase-only part for texts in another language, the phrase
 * fallback for themes with too few examples and the max over a long text's stretches are copies of
 * {@code ModelTrainer} and {@code ThemeClassifier}, checked by reproducing their figures with
 * today's features (variant "baseline").
 */
final class FoldedTrainer {

  private static final int MIN_DF = 2;
  private static final String WORD = "w:";
  private static final String PHRASES = "p:";
  private static final String RULES = "r:";

  /** One labelled paragraph, read once, with the stretches the classifier would score. */
  record Sample(Example example, Reading reading, List<int[]> chunks) {}

  /** Features of one outer fold: of a training sample (whole) and of a test sample's stretch. */
  interface FoldFeatures {
    Map<String, Double> training(int sample);

    Map<String, Double> stretch(int sample, int chunk);
  }

  /** Builds the features of a fold from its training samples' indexes. */
  interface Featuriser {
    FoldFeatures forFold(List<Integer> trainAt);
  }

  private final Lexicon lexicon;
  private final long seed;
  private final Map<String, Theme> themes = new LinkedHashMap<>();

  FoldedTrainer(final Lexicon lexicon, final long seed) {
    this.lexicon = lexicon;
    this.seed = seed;
    lexicon.themes().forEach(t -> themes.put(t.getId(), t));
    Linear.disableDebugOutput();
  }

  /** The outer folds' report: trains on all folds but one, predicts that one, for each fold. */
  ModelTrainer.CrossValidation crossValidate(
      final List<Sample> samples, final int folds, final Featuriser featuriser) {
    final List<Example> examples = samples.stream().map(Sample::example).toList();
    final int[] fold = ModelTrainer.folds(examples, folds, seed);
    final Map<String, Set<String>> predicted = new HashMap<>();
    for (int f = 0; f < folds; f++) {
      final List<Integer> trainAt = new ArrayList<>();
      final List<Integer> testAt = new ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        (fold[i] == f ? testAt : trainAt).add(i);
      }
      if (testAt.isEmpty()) {
        continue;
      }
      final FoldFeatures features = featuriser.forFold(trainAt);
      final List<Map<String, Double>> rows =
          new ArrayList<>(Collections.nCopies(samples.size(), null));
      trainAt.parallelStream().forEach(i -> rows.set(i, features.training(i)));
      final ThemeModel model = train(examples, rows, trainAt);
      testAt.parallelStream()
          .forEach(
              i -> {
                final Set<String> said =
                    predict(model, samples.get(i), c -> features.stretch(i, c), false);
                synchronized (predicted) {
                  predicted.put(examples.get(i).id(), said);
                }
              });
    }
    final List<String> ids = lexicon.themes().stream().map(Theme::getId).toList();
    return new ModelTrainer.CrossValidation(Evaluation.of(ids, examples, predicted), predicted);
  }

  /**
   * ThemeClassifier.predict: each theme's highest probability over the stretches, against its
   * threshold; {@code fullForAll}: the whole model reads every language (the phrase-only part is
   * not used), to see how the features carry to other languages.
   */
  Set<String> predict(
      final ThemeModel model,
      final Sample sample,
      final java.util.function.IntFunction<Map<String, Double>> stretch,
      final boolean fullForAll) {
    final Reading reading = sample.reading();
    final boolean foreign =
        !fullForAll && !reading.language().equals(model.info().path("language").asText("en"));
    final ThemeModel part = foreign && model.crossLingual() != null ? model.crossLingual() : model;
    final Map<String, Double> best = new LinkedHashMap<>();
    for (int c = 0; c < sample.chunks().size(); c++) {
      final int start = sample.chunks().get(c)[0];
      final int end = sample.chunks().get(c)[1];
      final Map<String, Double> p = new LinkedHashMap<>(part.probabilities(stretch.apply(c)));
      final Map<String, Double> weight = new LinkedHashMap<>();
      for (final Reading.Match m : reading.matches()) {
        if (m.start() >= start && m.start() < end && !learnt(model, m.themeId())) {
          weight.merge(m.themeId(), m.weight() * themes.get(m.themeId()).getWeight(), Double::sum);
        }
      }
      weight.forEach((theme, w) -> p.put(theme, 1 - Math.exp(-w)));
      p.forEach((theme, v) -> best.merge(theme, v, Math::max));
    }
    final Set<String> out = new LinkedHashSet<>();
    best.forEach(
        (theme, p) -> {
          final double t =
              learnt(model, theme)
                  ? part.theme(theme).threshold()
                  : ThemeClassifier.ZERO_SHOT_THRESHOLD;
          if (p >= t) {
            out.add(theme);
          }
        });
    return out;
  }

  private static boolean learnt(final ThemeModel model, final String theme) {
    final ThemeModel.ThemeWeights w = model.theme(theme);
    return w != null && w.learnt();
  }

  /** A model trained on the examples at {@code at}, by the same protocol; rows: their features. */
  ThemeModel train(
      final List<Example> examples,
      final List<Map<String, Double>> features,
      final List<Integer> at) {
    final List<Map<String, Double>> phrasesOnly =
        new ArrayList<>(Collections.nCopies(features.size(), null));
    for (final int i : at) {
      final Map<String, Double> kept = new HashMap<>(features.get(i));
      kept.keySet().removeIf(name -> !name.startsWith(PHRASES) && !name.startsWith(RULES));
      phrasesOnly.set(i, kept);
    }
    final ThemeModel model =
        fit(examples, features, at).withCrossLingual(fit(examples, phrasesOnly, at));
    final Map<String, Integer> languages = new HashMap<>();
    at.forEach(
        i -> languages.merge(Analyzers.normalise(examples.get(i).language()), 1, Integer::sum));
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
      index.put(names.get(i), i + 1);
    }
    final Feature[][] rows = new Feature[at.size()][];
    for (int r = 0; r < at.size(); r++) {
      rows[r] = LogisticFits.row(features.get(at.get(r)), index);
    }
    final int[] inner =
        ModelTrainer.folds(
            at.stream().map(examples::get).toList(), LogisticFits.INNER_FOLDS, seed + 1);
    final List<ThemeModel.ThemeWeights> out = new ArrayList<>();
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
      out.add(
          new ThemeModel.ThemeWeights(
              theme.getId(),
              w[names.size()],
              choice[1],
              choice[0],
              positives,
              Arrays.copyOf(w, names.size())));
    }
    return new ThemeModel(lexicon.fingerprint(), names, out, new ObjectMapper().createObjectNode());
  }

  private static List<String> vocabulary(
      final List<Map<String, Double>> features, final List<Integer> at) {
    final Map<String, Integer> df = new HashMap<>();
    for (final int i : at) {
      features.get(i).keySet().forEach(name -> df.merge(name, 1, Integer::sum));
    }
    final List<String> names = new ArrayList<>();
    df.forEach(
        (name, count) -> {
          // only the sparse word features are pruned by document frequency, as in ModelTrainer
          if (!name.startsWith(WORD) || count >= MIN_DF) {
            names.add(name);
          }
        });
    Collections.sort(names);
    return names;
  }
}
