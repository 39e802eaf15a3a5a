package org.inputdesk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inputdesk consultations apply|list|retire|reopen}: the consultations on the compacted
 * topic. Every write is checked first against the consultations already there.
 */
@Command(
    name = "consultations",
    description =
        "Define consultations (addresses, deadline, taxonomy, desks, policy), list, retire and"
            + " reopen them.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ConsultationsCommand.Apply.class,
      ConsultationsCommand.ListCommand.class,
      ConsultationsCommand.Retire.class,
      ConsultationsCommand.Reopen.class
    })
public final class ConsultationsCommand {

  /**
   * The consultation of that id on the topic; else a {@link Refusal} listing the known ones, with
   * the nearest as a suggestion.
   */
  static Consultation known(final Map<String, Consultation> all, final String id) {
    final Consultation c = all.get(id);
    if (c == null) {
      throw unknown(all, id);
    }
    return c;
  }

  static Refusal unknown(final Map<String, Consultation> all, final String id) {
    if (all.isEmpty()) {
      return new Refusal(
          "no consultation '"
              + id
              + "': none is defined yet (inputdesk consultations apply FILE.yaml)");
    }
    return new Refusal(
        "no consultation '"
            + id
            + "'; known: "
            + Refusal.listed(all.keySet())
            + Refusal.nearest(id, all.keySet()).map(n -> "; did you mean '" + n + "'?").orElse(""));
  }

  /**
   * Writes each YAML file's consultation; the latest definition of an id replaces the earlier.
   * Nothing is written unless every file passes.
   */
  @Command(
      name = "apply",
      description = {
        "Write consultation definitions from YAML files, each checked first: desk themes in the"
            + " taxonomy, minConfidence from 0 to 1, a valid time zone, addresses and subject tags"
            + " no other open consultation has, a tracking prefix no other consultation has."
            + " A retired consultation stays retired."
      },
      mixinStandardHelpOptions = true)
  static final class Apply implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(arity = "1..*", paramLabel = "FILE.yaml")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
      final List<Map.Entry<String, Consultation>> read = new ArrayList<>();
      for (final Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          read.add(
              Map.entry(file.toString(), ConsultationFiles.readConsultation(in, file.toString())));
        }
      }
      final Map<String, Object> props = kafka.clientProps();
      final Map<String, Consultation> all =
          new LinkedHashMap<>(TopicReader.latest(props, Topics.CONSULTATIONS));
      final List<Consultation> checked = new ArrayList<>();
      for (final Map.Entry<String, Consultation> e : read) {
        final Consultation c = ConsultationRules.check(e.getKey(), e.getValue(), all);
        all.put(c.getId(), c);
        checked.add(c);
      }
      ReferenceData.applyConsultations(props, checked);
      checked.forEach(
          c ->
              System.out.println(
                  "applied consultation "
                      + c.getId()
                      + ": "
                      + c.getTitle()
                      + (c.getRetiredAt() == null
                          ? ""
                          : " (retired: stays closed to new mail; inputdesk consultations reopen "
                              + c.getId()
                              + " opens it)")));
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
              "%-20s %-10s %s; %s; %s; %d themes%s, %d desks%s%n",
              c.getId(),
              c.getTrackingPrefix(),
              c.getTitle(),
              String.join(", ", c.getAddresses()),
              deadline,
              c.getTaxonomy().size(),
              c.getTaxonomy().isEmpty() ? " (default)" : "",
              c.getDesks().size(),
              c.getRetiredAt() == null
                  ? ""
                  : "; retired "
                      + c.getRetiredAt()
                      + " by "
                      + c.getRetiredBy()
                      + ": "
                      + c.getRetiredReason());
        }
      }
      return 0;
    }
  }

  /** Closes a consultation to new mail; its page, feeds and inputs stay. */
  @Command(
      name = "retire",
      description = {
        "Close a consultation to new mail: the intake matches no new input to it (such mail goes"
            + " to the default consultation, if any, else to none and is held for review); its"
            + " page, feeds and inputs stay. Recorded with who, when and why."
      },
      mixinStandardHelpOptions = true)
  static final class Retire implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(paramLabel = "ID", description = "Consultation id.")
    String id;

    @Option(names = "--reason", required = true, description = "Why; kept with the consultation.")
    String reason;

    @Option(names = "--by", description = "Who (default: the system user).")
    String by = System.getProperty("user.name");

    @Override
    public Integer call() {
      final Map<String, Object> props = kafka.clientProps();
      final Consultation c = known(TopicReader.latest(props, Topics.CONSULTATIONS), id);
      if (c.getRetiredAt() != null) {
        System.out.printf(
            "consultation %s is already retired (%s by %s: %s); nothing written%n",
            id, c.getRetiredAt(), c.getRetiredBy(), c.getRetiredReason());
        return 0;
      }
      final Audit audit = Audit.now("retire", by, reason);
      ReferenceData.applyConsultations(
          props,
          List.of(
              Consultation.newBuilder(c)
                  .setRetiredAt(audit.at())
                  .setRetiredBy(by)
                  .setRetiredReason(reason)
                  .setUpdatedAt(audit.at())
                  .build()),
          audit);
      System.out.printf("retired consultation %s: closed to new mail; its page stays%n", id);
      audit.log(id);
      return 0;
    }
  }

  /** Undoes retire: the consultation takes new mail again. */
  @Command(
      name = "reopen",
      description = "Undo retire: the consultation takes new mail again.",
      mixinStandardHelpOptions = true)
  static final class Reopen implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(paramLabel = "ID", description = "Consultation id.")
    String id;

    @Option(names = "--reason", required = true, description = "Why; kept in the record's headers.")
    String reason;

    @Option(names = "--by", description = "Who (default: the system user).")
    String by = System.getProperty("user.name");

    @Override
    public Integer call() {
      final Map<String, Object> props = kafka.clientProps();
      final Map<String, Consultation> all =
          new LinkedHashMap<>(TopicReader.latest(props, Topics.CONSULTATIONS));
      final Consultation c = known(all, id);
      if (c.getRetiredAt() == null) {
        System.out.printf("consultation %s is open; nothing written%n", id);
        return 0;
      }
      final Audit audit = Audit.now("reopen", by, reason);
      final Consultation open =
          Consultation.newBuilder(c)
              .setRetiredAt(null)
              .setRetiredBy(null)
              .setRetiredReason(null)
              .setUpdatedAt(audit.at())
              .build();
      // another consultation may have taken its addresses meanwhile
      all.remove(id);
      ConsultationRules.check("consultation " + id, open, all);
      ReferenceData.applyConsultations(props, List.of(open), audit);
      System.out.printf("reopened consultation %s: takes new mail again%n", id);
      audit.log(id);
      return 0;
    }
  }
}
