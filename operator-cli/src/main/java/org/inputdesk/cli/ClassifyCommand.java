package org.inputdesk.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.inputdesk.classifier.DefaultTaxonomy;
import org.inputdesk.classifier.OfflineClassifier;
import org.inputdesk.classifier.themes.Evaluation;
import org.inputdesk.classifier.themes.Example;
import org.inputdesk.classifier.themes.LabelledFile;
import org.inputdesk.classifier.themes.ModelTrainer;
import org.inputdesk.classifier.themes.ThemeClassifier;
import org.inputdesk.schemas.Theme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inputdesk classify} and {@code inputdesk eval}: the classifier's own tagging code,
 * offline, on JSON lines; no broker needed.
 */
public final class ClassifyCommand {

  private ClassifyCommand() {}

  /** The taxonomy of a consultation file, or the default one. */
  static List<Theme> taxonomy(final Path consultation) throws IOException {
    if (consultation == null) {
      return DefaultTaxonomy.oewg();
    }
    try (InputStream in = Files.newInputStream(consultation)) {
      final List<Theme> own =
          ConsultationFiles.readConsultation(in, consultation.toString()).getTaxonomy();
      return own.isEmpty() ? DefaultTaxonomy.oewg() : own;
    }
  }

  @Command(
      name = "classify",
      description = {
        "Tag JSON lines offline with the classifier's code: reads {id, text, from?, subject?,"
            + " authentication_results?} from standard input (from as a header value; the"
            + " Authentication-Results values are trusted), writes {id, themes, sender_type,"
            + " organisation, country, basis, verified, verification, forwarded_by, language,"
            + " paragraph_refs} to standard output.",
        "Exit code 1 when some lines could not be read (each gets an error line)."
      },
      mixinStandardHelpOptions = true)
  static final class Classify implements Callable<Integer> {
    @Option(
        names = "--consultation",
        paramLabel = "FILE.yaml",
        description = "Use this consultation's taxonomy (default: the ICT-security themes).")
    Path consultation;

    @Override
    public Integer call() throws IOException {
      final Writer out =
          new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      final int failed =
          new OfflineClassifier(taxonomy(consultation))
              .run(new InputStreamReader(System.in, StandardCharsets.UTF_8), out);
      out.flush();
      return failed == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "eval",
      description =
          "Precision, recall and F1 per theme, micro and macro averages, on labelled JSON lines"
              + " ({id, text, themes}).",
      mixinStandardHelpOptions = true)
  static final class Eval implements Callable<Integer> {
    @Option(names = "--labels", required = true, paramLabel = "FILE.jsonl")
    Path labels;

    @Option(
        names = "--consultation",
        paramLabel = "FILE.yaml",
        description = "Use this consultation's taxonomy (default: the ICT-security themes).")
    Path consultation;

    @Option(
        names = "--folds",
        paramLabel = "K",
        description =
            "Cross-validate instead: train a model on K-1 folds of the file (cut by group: the"
                + " \"group\" or \"speech\" field, else the id without _pN), tag the fold left out,"
                + " K times. Measures what a model trained on such labels does on texts it has not seen.")
    Integer folds;

    @Override
    public Integer call() throws IOException {
      if (!java.nio.file.Files.isReadable(labels)) {
        System.err.println("cannot read the labels file " + labels.toAbsolutePath());
        return 2;
      }
      final List<Example> examples = LabelledFile.read(labels);
      final List<Theme> themes = taxonomy(consultation);
      if (folds != null) {
        if (folds < 2 || folds > examples.size()) {
          System.err.println(
              "--folds must be between 2 and the number of labelled lines ("
                  + examples.size()
                  + ")");
          return 2;
        }
        final ModelTrainer.CrossValidation cv =
            new ModelTrainer(themes.isEmpty() ? DefaultTaxonomy.oewg() : themes)
                .crossValidate(examples, folds);
        System.out.print(cv.report().table());
        System.out.println(folds + "-fold cross-validation, folds cut by group");
        return 0;
      }
      final ThemeClassifier classifier = DefaultTaxonomy.classifierFor(themes);
      System.out.print(Evaluation.of(classifier, examples).table());
      System.out.println("tagged by: " + classifier.mode());
      return 0;
    }
  }
}
