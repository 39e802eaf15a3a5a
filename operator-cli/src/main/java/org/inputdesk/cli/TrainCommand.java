package org.inputdesk.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.inputdesk.classifier.DefaultTaxonomy;
import org.inputdesk.classifier.themes.CorrectedExamples;
import org.inputdesk.classifier.themes.Evaluation;
import org.inputdesk.classifier.themes.Example;
import org.inputdesk.classifier.themes.ModelTrainer;
import org.inputdesk.classifier.themes.ThemeClassifier;
import org.inputdesk.classifier.themes.ThemeModel;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code inputdesk train}: refits a consultation's theme model from its operators' theme
 * corrections (each corrected input is a labelled example, kept on the compacted classified topic),
 * reports the cross-validated figures before and after, and writes the model to {@code
 * theme-models}, where the classifier picks it up; a replay applies it to earlier inputs.
 */
@Command(
    name = "train",
    description = {
      "Refit a consultation's theme model from its operators' theme corrections, report"
          + " cross-validated F1 before and after, and hand the model to the classifier."
          + " Then `inputdesk replay --consultation ID` applies it to earlier inputs."
    },
    mixinStandardHelpOptions = true)
public final class TrainCommand implements Callable<Integer> {

  static final int MIN_EXAMPLES = 10;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--consultation",
      required = true,
      paramLabel = "ID",
      description = "The consultation whose model to refit.")
  String consultation;

  @Option(
      names = "--folds",
      defaultValue = "5",
      paramLabel = "K",
      description = "Folds of the cross-validation (default ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--dry-run", description = "Report the figures; write no model.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    final Map<String, Object> props = kafka.clientProps();
    final Map<String, Consultation> consultations = TopicReader.latest(props, Topics.CONSULTATIONS);
    final Consultation c = ConsultationsCommand.known(consultations, consultation);
    final List<Theme> taxonomy =
        c.getTaxonomy().isEmpty() ? DefaultTaxonomy.oewg() : c.getTaxonomy();
    final List<Example> examples =
        CorrectedExamples.of(
            TopicReader.latest(props, Topics.SUBMISSIONS_CLASSIFIED).values(), consultation);
    if (examples.size() < MIN_EXAMPLES) {
      System.err.printf(
          "%s has %d inputs with theme corrections; a model needs at least %d (correct more with"
              + " `inputdesk correct ID --add-theme T` / `--remove-theme T`)%n",
          consultation, examples.size(), MIN_EXAMPLES);
      return 1;
    }
    final ThemeClassifier current = currentTagger(props, taxonomy);
    final Evaluation.Report before = Evaluation.of(current, examples);
    final int k = Math.min(folds, examples.size());
    final ModelTrainer trainer = new ModelTrainer(taxonomy);
    final Evaluation.Report after = trainer.crossValidate(examples, k).report();
    System.out.printf("%d corrected inputs of %s%n%n", examples.size(), consultation);
    System.out.printf("before (%s):%n%s%n", current.mode(), before.table());
    System.out.printf(
        "after (a model refitted on them, %d-fold cross-validation by sender):%n%s%n",
        k, after.table());
    System.out.printf(
        "micro-F1 %.3f -> %.3f, macro-F1 %.3f -> %.3f%n",
        before.micro().f1(), after.micro().f1(), before.macroF1(), after.macroF1());
    if (dryRun) {
      return 0;
    }
    final ThemeModel model = trainer.train(examples);
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    model.write(bytes);
    final Map<String, Object> producerProps = new HashMap<>(props);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
    try (var producer =
        new KafkaProducer<>(
            producerProps,
            Topics.THEME_MODELS.keySerde().serializer(),
            Topics.THEME_MODELS.valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.THEME_MODELS.name(), consultation, bytes.toByteArray()))
          .get();
    }
    System.out.printf(
        "model written (%d KB); apply it to earlier inputs with: inputdesk replay --consultation %s%n",
        bytes.size() / 1024, consultation);
    return 0;
  }

  private ThemeClassifier currentTagger(
      final Map<String, Object> props, final List<Theme> taxonomy) {
    final byte[] trained = TopicReader.latest(props, Topics.THEME_MODELS).get(consultation);
    if (trained != null) {
      try {
        return new ThemeClassifier(taxonomy, ThemeModel.read(new ByteArrayInputStream(trained)));
      } catch (java.io.IOException e) {
        System.err.println(
            "the consultation's current model cannot be read ("
                + e.getMessage()
                + "): comparing with the phrases");
      }
    }
    return DefaultTaxonomy.classifierFor(taxonomy);
  }
}
