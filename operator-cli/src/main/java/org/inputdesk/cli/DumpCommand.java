package org.inputdesk.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.inputdesk.schemas.TopicSpec;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inputdesk dump TOPIC}: a topic's records decoded from Avro, one JSON object a line. */
@Command(
    name = "dump",
    description = "Print a topic's records decoded from Avro as JSON lines (nothing is committed).",
    mixinStandardHelpOptions = true)
public final class DumpCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Parameters(
      paramLabel = "TOPIC",
      description = "One of: ${COMPLETION-CANDIDATES}",
      completionCandidates = TopicNames.class)
  String topic;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      converter = TimeArg.class,
      description = "Only records written at or after TIME (2026-11-20T10:00:00Z, 2026-11-20, 2h).")
  Instant from;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "At most N records.")
  int limit;

  /** The topic names, for help and completion. */
  static final class TopicNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Topics.ALL.stream().map(TopicSpec::name).iterator();
    }
  }

  @Override
  public Integer call() {
    final TopicSpec<?, ?> spec =
        Topics.ALL.stream().filter(s -> s.name().equals(topic)).findFirst().orElse(null);
    if (spec == null) {
      System.err.println("unknown topic " + topic + "; one of: " + Topics.names(Topics.ALL));
      return 2;
    }
    dump(spec);
    return 0;
  }

  private <K, V> void dump(final TopicSpec<K, V> spec) {
    for (final TopicReader.Entry<K, V> e :
        TopicReader.read(kafka.clientProps(), spec, from, limit, x -> true)) {
      final ObjectNode line = Json.object();
      line.put("topic", e.topic());
      line.put("partition", e.partition());
      line.put("offset", e.offset());
      line.put("timestamp", e.timestamp().toString());
      line.put("key", text(e.key()));
      if (!e.headers().isEmpty()) {
        // who, when and why of an operator's tombstone; stage and error of a dead letter
        final ObjectNode headers = line.putObject("headers");
        e.headers().forEach(headers::put);
      }
      if (e.error() != null) {
        line.put("error", e.error());
      } else if (e.value() == null) {
        line.putNull("value");
      } else if (e.value() instanceof SpecificRecord r) {
        line.set("value", Json.node(r));
      } else if (e.value() instanceof byte[] bytes) {
        line.put("valueBytes", bytes.length);
      }
      System.out.println(line);
    }
  }

  private static String text(final Object key) {
    if (key instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return key == null ? null : key.toString();
  }
}
