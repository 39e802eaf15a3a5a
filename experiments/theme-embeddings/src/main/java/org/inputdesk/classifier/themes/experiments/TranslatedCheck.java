package org.inputdesk.classifier.themes.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.inputdesk.classifier.DefaultTaxonomy;
import org.inputdesk.classifier.themes.Evaluation;
import org.inputdesk.classifier.themes.Example;
import org.inputdesk.classifier.themes.Features;
import org.inputdesk.classifier.themes.LabelledFile;
import org.inputdesk.classifier.themes.Lexicon;
import org.inputdesk.classifier.themes.Reading;
import org.inputdesk.classifier.themes.ThemeModel;
import org.inputdesk.schemas.Theme;

/**
 * How an English-only embedding carries to other languages: reads the labelled file (training) and
 * the translated check set, trains on the whole labelled file, and writes micro/macro-F1 per
 * language of the check set for: today's features (other languages read by the phrase-only part, as
 * the product does), today's features with the embedding (the same for other languages), and a
 * phrases+embedding model that reads every language itself. Usage: {@code FILE CHECK CACHE_DIR
 * MODEL[@N]...}.
 */
public final class TranslatedCheck {

  private TranslatedCheck() {}

  public static void main(final String[] args) throws IOException {
    final List<Theme> taxonomy = DefaultTaxonomy.oewg();
    final Lexicon lexicon = new Lexicon(taxonomy);
    final List<Example> training =
        EmbeddingExperiment.withLanguages(LabelledFile.read(Path.of(args[0])));
    final List<Example> check = LabelledFile.read(Path.of(args[1]));
    final List<Example> all = new ArrayList<>(training);
    all.addAll(check);
    final List<FoldedTrainer.Sample> samples =
        all.parallelStream()
            .map(
                e -> {
                  final Reading r = new Reading(e.text(), e.language(), lexicon);
                  return new FoldedTrainer.Sample(e, r, EmbeddingExperiment.chunks(r));
                })
            .toList();
    final List<Map<String, Double>> words =
        samples.stream().map(s -> Features.of(s.reading())).toList();
    final List<Integer> trainAt = new ArrayList<>();
    for (int i = 0; i < training.size(); i++) {
      trainAt.add(i);
    }
    final FoldedTrainer trainer = new FoldedTrainer(lexicon, 17L);
    final Set<String> languages = new TreeSet<>();
    check.forEach(e -> languages.add(e.language()));
    final StringBuilder out =
        new StringBuilder(String.format(Locale.ROOT, "%-52s", "model (micro / macro)"));
    languages.forEach(l -> out.append(String.format(Locale.ROOT, " %13s", l)));
    out.append('\n');
    row(
        out,
        "baseline",
        trainer,
        samples,
        words,
        null,
        lexicon,
        trainAt,
        training.size(),
        languages,
        false);
    for (final String id : List.of(args).subList(3, args.length)) {
      final Embedder embedder =
          new Embedder(Embedder.Kind.of(id.replaceFirst("@.*", "")), Path.of(args[2]));
      final EmbeddingExperiment.Embedded emb =
          EmbeddingExperiment.Embedded.of(embedder, samples, EmbeddingExperiment.Variant.piece(id));
      row(
          out,
          "words+phrases+emb:" + id,
          trainer,
          samples,
          words,
          emb,
          lexicon,
          trainAt,
          training.size(),
          languages,
          false);
      row(
          out,
          "phrases+emb:" + id + " reading every language",
          trainer,
          samples,
          words,
          emb,
          lexicon,
          trainAt,
          training.size(),
          languages,
          true);
    }
    System.out.print(out);
  }

  private static void row(
      final StringBuilder out,
      final String spec,
      final FoldedTrainer trainer,
      final List<FoldedTrainer.Sample> samples,
      final List<Map<String, Double>> words,
      final EmbeddingExperiment.Embedded emb,
      final Lexicon lexicon,
      final List<Integer> trainAt,
      final int firstCheck,
      final Set<String> languages,
      final boolean fullForAll) {
    final EmbeddingExperiment.Variant v =
        emb == null
            ? EmbeddingExperiment.Variant.parse("baseline")
            : new EmbeddingExperiment.Variant(spec, !fullForAll, true, 1, false, null, 0);
    final FoldedTrainer.FoldFeatures features =
        EmbeddingExperiment.features(v, samples, words, emb, lexicon, trainAt);
    final List<Map<String, Double>> rows =
        new ArrayList<>(Collections.nCopies(samples.size(), null));
    trainAt.forEach(i -> rows.set(i, features.training(i)));
    final List<Example> examples = samples.stream().map(FoldedTrainer.Sample::example).toList();
    final ThemeModel model = trainer.train(examples, rows, trainAt);
    final List<String> themes = lexicon.themes().stream().map(Theme::getId).toList();
    out.append(String.format(Locale.ROOT, "%-52s", spec));
    for (final String language : languages) {
      final List<Example> those = new ArrayList<>();
      final Map<String, Set<String>> predicted = new LinkedHashMap<>();
      for (int i = firstCheck; i < samples.size(); i++) {
        if (examples.get(i).language().equals(language)) {
          final int at = i;
          those.add(examples.get(i));
          predicted.put(
              examples.get(i).id(),
              trainer.predict(model, samples.get(i), c -> features.stretch(at, c), fullForAll));
        }
      }
      final Evaluation.Report r = Evaluation.of(themes, those, predicted);
      out.append(String.format(Locale.ROOT, "   %.3f/%.3f", r.micro().f1(), r.macroF1()));
    }
    out.append('\n');
  }
}
