package org.inputdesk.classifier.themes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inputdesk.classifier.DefaultTaxonomy;
import org.inputdesk.schemas.Theme;

/**
 * Trains and measures the default taxonomy's theme model from a labelled file, for the project's
 * own build of the shipped model: {@code cv FILE [FOLDS]}, {@code train FILE OUT}, {@code eval FILE
 * [MODEL]}. Operators use {@code inputdesk train} and {@code inputdesk eval}.
 */
public final class ThemeModelTool {

  private ThemeModelTool() {}

  public static void main(final String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: cv FILE [FOLDS] | train FILE OUT | eval FILE [MODEL]");
      System.exit(2);
    }
    final List<Theme> taxonomy = DefaultTaxonomy.oewg();
    final List<Example> examples = LabelledFile.read(Path.of(args[1]));
    switch (args[0]) {
      case "cv" -> {
        final int folds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        final long start = System.nanoTime();
        final ModelTrainer.CrossValidation cv =
            new ModelTrainer(taxonomy).crossValidate(examples, folds);
        System.out.print(cv.report().table());
        System.out.printf(
            "%d-fold cross-validation by group in %.1f s%n",
            folds, (System.nanoTime() - start) / 1e9);
      }
      case "train" -> {
        final ThemeModel model = new ModelTrainer(taxonomy).train(examples);
        try (OutputStream out = Files.newOutputStream(Path.of(args[2]))) {
          model.write(out);
        }
        System.out.println("wrote " + args[2] + ": " + model.info().path("chosen"));
      }
      case "eval" -> {
        ThemeModel model = DefaultTaxonomy.model();
        if (args.length > 2) {
          try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
            model = ThemeModel.read(in);
          }
        }
        final ThemeClassifier classifier = new ThemeClassifier(taxonomy, model);
        System.out.print(Evaluation.of(classifier, examples).table());
        System.out.println("mode: " + classifier.mode());
      }
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
  }
}
