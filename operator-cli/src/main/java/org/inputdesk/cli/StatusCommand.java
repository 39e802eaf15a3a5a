package org.inputdesk.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.ThemeTag;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code inputdesk status}: where each stage stands (mailbox checkpoints, the classifier's lag),
 * the inputs by consultation, theme, sender type and publication status, and the dead letters.
 */
@Command(
    name = "status",
    description =
        "Lag of each stage, counts by consultation, theme, sender type and status, DLQ size.",
    mixinStandardHelpOptions = true)
public final class StatusCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--json", description = "As one JSON object.")
  boolean json;

  @Option(
      names = "--classifier-group",
      defaultValue = "inputdesk-classifier",
      description = "The classifier's application id (default: ${DEFAULT-VALUE}).")
  String classifierGroup;

  /** Counts of the classified topic's latest states. */
  record Counts(
      int total,
      Map<String, Integer> consultations,
      Map<String, Integer> themes,
      Map<String, Integer> senderTypes,
      Map<String, Integer> statuses) {

    static Counts of(final Iterable<SubmissionClassified> all) {
      int total = 0;
      final Map<String, Integer> consultations = new TreeMap<>();
      final Map<String, Integer> themes = new TreeMap<>();
      final Map<String, Integer> senders = new TreeMap<>();
      final Map<String, Integer> statuses = new TreeMap<>();
      for (final SubmissionClassified c : all) {
        total++;
        consultations.merge(String.valueOf(c.getConsultationId()), 1, Integer::sum);
        for (final ThemeTag t : c.getThemes()) {
          themes.merge(t.getId(), 1, Integer::sum);
        }
        senders.merge(c.getSender().getType(), 1, Integer::sum);
        statuses.merge(
            c.getPublication().getStatus().name().toLowerCase(java.util.Locale.ROOT),
            1,
            Integer::sum);
      }
      return new Counts(total, consultations, themes, senders, statuses);
    }
  }

  @Override
  public Integer call() throws Exception {
    final Map<String, Object> props = kafka.clientProps();
    final Counts counts =
        Counts.of(TopicReader.latest(props, Topics.SUBMISSIONS_CLASSIFIED).values());
    final Map<String, MailboxCheckpoint> checkpoints =
        TopicReader.latest(props, Topics.INTAKE_CHECKPOINTS);
    final long received;
    final long dlq;
    final Map<String, Long> lag;
    try (Admin admin = Admin.create(props)) {
      received = size(admin, Topics.SUBMISSIONS_RECEIVED.name());
      // transaction markers take offsets too: count the dead letters themselves
      dlq = DlqCommand.all(props).size();
      lag = classifierLag(admin, classifierGroup);
    }
    if (json) {
      final ObjectNode out = Json.object();
      out.put("receivedOffsets", received);
      out.put("classified", counts.total());
      out.put("dlq", dlq);
      final ObjectNode l = out.putObject("classifierLag");
      lag.forEach(l::put);
      final ObjectNode mb = out.putObject("mailboxes");
      checkpoints.forEach(
          (k, c) -> {
            final ObjectNode m =
                mb.putObject(k)
                    .put("uidValidity", c.getUidValidity())
                    .put("lastUid", c.getLastUid())
                    .put("updatedAt", c.getUpdatedAt().toString());
            final ObjectNode seq = m.putObject("trackingSequences");
            new java.util.TreeMap<>(c.getTrackingSequences()).forEach(seq::put);
          });
      put(out.putObject("consultations"), counts.consultations());
      put(out.putObject("themes"), counts.themes());
      put(out.putObject("senderTypes"), counts.senderTypes());
      put(out.putObject("statuses"), counts.statuses());
      System.out.println(out.toPrettyString());
      return 0;
    }
    System.out.println("Intake");
    if (checkpoints.isEmpty()) {
      System.out.println("  no mailbox checkpoint yet");
    }
    checkpoints.forEach(
        (k, c) -> {
          if (k.startsWith("import:")) {
            System.out.printf("  import %s: last at %s", k.substring(7), c.getUpdatedAt());
          } else {
            System.out.printf(
                "  mailbox %s: up to uid %d (uidvalidity %d), %s",
                k, c.getLastUid(), c.getUidValidity(), c.getUpdatedAt());
          }
          // consultation -> last number; "#CODE" where the numbers carry this source's code
          System.out.println(
              c.getTrackingSequences().isEmpty()
                  ? ""
                  : "; last tracking numbers " + new java.util.TreeMap<>(c.getTrackingSequences()));
        });
    System.out.printf(
        "  %d offsets on %s (records and transaction markers)%n",
        received, Topics.SUBMISSIONS_RECEIVED.name());
    System.out.println("Classifier (" + classifierGroup + ")");
    if (lag.isEmpty()) {
      System.out.println("  no committed position yet");
    }
    lag.forEach((topic, n) -> System.out.printf("  lag on %s: %d%n", topic, n));
    System.out.printf("Inputs: %d%n", counts.total());
    print("  by consultation", counts.consultations());
    print("  by status", counts.statuses());
    print("  by sender type", counts.senderTypes());
    print("  by theme", counts.themes());
    System.out.printf("Dead letters: %d (inputdesk dlq list)%n", dlq);
    return 0;
  }

  private static void put(final ObjectNode node, final Map<String, Integer> values) {
    values.forEach(node::put);
  }

  private static void print(final String title, final Map<String, Integer> values) {
    System.out.println(title + ":");
    values.forEach((k, v) -> System.out.printf("    %-32s %6d%n", k, v));
  }

  /** Records currently on a topic (end minus start offsets, all partitions). */
  public static long size(final Admin admin, final String topic) throws Exception {
    final List<TopicPartition> partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(15, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(
        p -> {
          earliest.put(p, OffsetSpec.earliest());
          latest.put(p, OffsetSpec.latest());
        });
    final var start = admin.listOffsets(earliest).all().get(15, TimeUnit.SECONDS);
    final var end = admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
    long n = 0;
    for (final TopicPartition p : partitions) {
      n += end.get(p).offset() - start.get(p).offset();
    }
    return n;
  }

  /** Per input topic: end offsets minus the group's committed positions. */
  static Map<String, Long> classifierLag(final Admin admin, final String group) throws Exception {
    final Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(15, TimeUnit.SECONDS);
    final Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    committed.keySet().forEach(p -> query.put(p, OffsetSpec.latest()));
    final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
        admin.listOffsets(query).all().get(15, TimeUnit.SECONDS);
    final Map<String, Long> out = new TreeMap<>();
    committed.forEach(
        (p, o) -> {
          if (o != null && !p.topic().startsWith(group)) {
            out.merge(p.topic(), Math.max(0, end.get(p).offset() - o.offset()), Long::sum);
          }
        });
    return out;
  }
}
