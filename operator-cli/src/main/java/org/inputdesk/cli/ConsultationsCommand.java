package org.inputdesk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inputdesk consultations apply|list}: the consultations on the compacted topic. */
@Command(
    name = "consultations",
    description =
        "Define consultations (addresses, deadline, taxonomy, desks, policy) and list them.",
    mixinStandardHelpOptions = true,
    subcommands = {ConsultationsCommand.Apply.class, ConsultationsCommand.ListCommand.class})
public final class ConsultationsCommand {

  /** Writes each YAML file's consultation; the latest definition of an id replaces the earlier. */
  @Command(
      name = "apply",
      description = "Write consultation definitions from YAML files.",
      mixinStandardHelpOptions = true)
  static final class Apply implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(arity = "1..*", paramLabel = "FILE.yaml")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
      final List<Consultation> read = new ArrayList<>();
      for (final Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          read.add(ConsultationFiles.readConsultation(in, file.toString()));
        }
      }
      ReferenceData.applyConsultations(kafka.clientProps(), read);
      read.forEach(
          c -> System.out.println("applied consultation " + c.getId() + ": " + c.getTitle()));
      return 0;
    }
  }

  /** Prints the consultations, one a line, or as JSON lines. */
  @Command(name = "list", description = "List the consultations.", mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--json", description = "One JSON object a line.")
    boolean json;

    @Override
    public Integer call() {
      final Map<String, Consultation> all =
          TopicReader.latest(kafka.clientProps(), Topics.CONSULTATIONS);
      if (all.isEmpty() && !json) {
        System.out.println("no consultations yet: inputdesk consultations apply FILE.yaml");
      }
      for (final Consultation c : all.values()) {
        if (json) {
          System.out.println(Json.avro(c));
        } else {
          final String deadline =
              c.getDeadline() == null
                  ? "no deadline"
                  : "deadline "
                      + c.getDeadline().atZone(ZoneId.of(c.getTimeZone())).toLocalDateTime()
                      + " "
                      + c.getTimeZone();
          System.out.printf(
              "%-20s %-10s %s; %s; %s; %d themes%s, %d desks%n",
              c.getId(),
              c.getTrackingPrefix(),
              c.getTitle(),
              String.join(", ", c.getAddresses()),
              deadline,
              c.getTaxonomy().size(),
              c.getTaxonomy().isEmpty() ? " (default)" : "",
              c.getDesks().size());
        }
      }
      return 0;
    }
  }
}
