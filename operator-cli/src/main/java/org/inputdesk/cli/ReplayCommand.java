package org.inputdesk.cli;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code inputdesk replay}: sends a consultation's received inputs through the classifier again,
 * after a taxonomy or directory change, while the pipeline keeps serving. Each input goes on {@code
 * submissions-replay} under its own id; the classifier takes it as a new version of the same input,
 * so the classified topic, the page and the feeds are updated in place, never duplicated.
 */
@Command(
    name = "replay",
    description = {
      "Run a consultation's received inputs through the classifier again (after a taxonomy or"
          + " directory change), while the pipeline keeps serving. Inputs are updated in place on"
          + " the page and feeds; none is duplicated."
    },
    mixinStandardHelpOptions = true)
public final class ReplayCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--consultation",
      required = true,
      paramLabel = "ID",
      description = "The consultation whose inputs to replay.")
  String consultation;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      converter = TimeArg.class,
      description = "Only inputs received at or after TIME (2026-11-20T10:00:00Z, 2026-11-20, 2h).")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      converter = TimeArg.class,
      description = "Only inputs received before TIME.")
  Instant to;

  @Option(names = "--dry-run", description = "Count what would be replayed; send nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    final Map<String, Object> props = kafka.clientProps();
    final Map<String, Consultation> consultations = TopicReader.latest(props, Topics.CONSULTATIONS);
    final List<TopicReader.Entry<String, SubmissionReceived>> inputs =
        TopicReader.read(props, Topics.SUBMISSIONS_RECEIVED, from, 0, this::selected);
    // inputs of a default consultation nobody defined are still replayed
    if (!consultations.containsKey(consultation) && inputs.isEmpty()) {
      throw ConsultationsCommand.unknown(consultations, consultation);
    }
    System.err.printf("%d inputs of %s to replay%n", inputs.size(), consultation);
    if (dryRun || inputs.isEmpty()) {
      return 0;
    }
    final Map<String, Object> producerProps = new HashMap<>(props);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    final Progress progress = new Progress(System.err, "replayed", inputs.size());
    final java.util.concurrent.atomic.AtomicReference<Exception> failed =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (var producer =
        new KafkaProducer<>(
            producerProps,
            Topics.SUBMISSIONS_REPLAY.keySerde().serializer(),
            Topics.SUBMISSIONS_REPLAY.valueSerde().serializer())) {
      for (final var e : inputs) {
        producer.send(
            new ProducerRecord<>(Topics.SUBMISSIONS_REPLAY.name(), e.key(), e.value()),
            (metadata, error) -> {
              if (error == null) {
                progress.step();
              } else {
                failed.compareAndSet(null, error);
              }
            });
      }
      producer.flush();
    }
    progress.finish();
    if (failed.get() != null) {
      throw new IllegalStateException(
          "Kafka refused part of the replay (run it again: replaying twice is harmless): "
              + failed.get().getMessage());
    }
    System.out.println("replayed " + inputs.size() + " inputs of " + consultation);
    return 0;
  }

  private boolean selected(final TopicReader.Entry<String, SubmissionReceived> e) {
    final SubmissionReceived r = e.value();
    return r != null
        && consultation.equals(r.getConsultationId())
        && (from == null || !r.getReceivedAt().isBefore(from))
        && (to == null || r.getReceivedAt().isBefore(to));
  }
}
