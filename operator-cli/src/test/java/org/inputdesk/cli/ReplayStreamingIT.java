package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inputdesk replay} at a size that does not fit in the CLI's heap: the command runs as its
 * own process with a 48 MB heap over about 60 MB of inputs, is stopped with SIGTERM half way, and
 * started again; every input of the consultation is on the replay topic exactly once.
 */
class ReplayStreamingIT {

  private static final int INPUTS = 20_000;
  private static final int OTHERS = 300;
  private static final int TEXT_BYTES = 3_000;

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    writeInputs();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void shouldStreamAReplayLargerThanItsHeapAndResumeAfterSigtermWithoutDuplicates()
      throws Exception {
    final long replayedBefore = replayTopicEnd(); // another test's replay may have come first
    final Process first = replay();
    await("the first batches on the replay topic")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> replayTopicEnd() > replayedBefore);
    first.destroy(); // SIGTERM, as Ctrl-C or a terminal closing
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    final String interrupted = output(first);
    assertThat(interrupted).contains("replay of big interrupted after");

    final Process second = replay();
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    final String resumed = output(second);
    assertThat(second.exitValue()).as(resumed).isZero();
    assertThat(resumed).contains("inputs of big (resumed an interrupted replay)");

    // the consultation another test writes to while replaying it is not this test's
    final List<String> keys = replayedKeys().stream().filter(k -> !k.startsWith("live-")).toList();
    final Set<String> missing = new TreeSet<>();
    for (int i = 0; i < INPUTS; i++) {
      missing.add("big-" + i);
    }
    missing.removeAll(keys);
    assertThat(missing)
        .as("inputs not replayed; the runs said: %s%s", interrupted, resumed)
        .isEmpty();
    assertThat(keys).as("every input once, none of another consultation").hasSize(INPUTS);
    assertThat(new HashSet<>(keys)).hasSize(INPUTS);
    assertThat(keys).allMatch(k -> k.startsWith("big-"));

    final Process again = replay();
    assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(output(again))
        .as("a finished replay is not resumed: the next one is a new replay")
        .contains("replayed " + INPUTS + " inputs of big")
        .doesNotContain("resumed");
  }

  @Test
  void shouldSayClearlyThatAConsultationWithNoInputsHadNothingToReplay() throws Exception {
    final Path sample = ReadmeCommands.root().resolve("operator-cli/src/main/resources/local");
    assertThat(
            CliRun.against(
                    kafka.bootstrapServers(),
                    "consultations",
                    "apply",
                    sample.resolve("consultation.yaml").toString())
                .code())
        .isZero();
    final CliRun run =
        CliRun.against(kafka.bootstrapServers(), "replay", "--consultation", "oewg-ict-2026");
    // the default consultation is known to the CLI, so its absence of inputs is not an error
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("replayed 0 inputs of oewg-ict-2026");
  }

  @Test
  void shouldReplayAConsultationBeingWrittenToUpToWhereItStoodWhenTheReplayStarted()
      throws Exception {
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    final Thread writer =
        new Thread(
            () -> {
              // a steady mailbox's pace, not a flood that the test would then have to read back
              final var pace = com.google.common.util.concurrent.RateLimiter.create(500);
              try (var producer = producer()) {
                final String text = "Capacity-building matters. ".repeat(40);
                for (int i = 0; writing.get(); i++) {
                  pace.acquire();
                  final String id = "live-" + i;
                  producer.send(
                      new ProducerRecord<>(
                          Topics.SUBMISSIONS_RECEIVED.name(),
                          id,
                          input(id, "live", Instant.now(), text)),
                      (metadata, error) -> {
                        if (error == null) {
                          acknowledged.add(id);
                        }
                      });
                }
              }
            },
            "live-writer");
    writer.start();
    try {
      await("inputs arriving")
          .atMost(Duration.ofSeconds(60))
          .until(() -> acknowledged.size() >= 1_000);
      final Set<String> before = Set.copyOf(acknowledged);
      final CliRun run =
          CliRun.against(kafka.bootstrapServers(), "replay", "--consultation", "live");
      assertThat(run.code()).as(run.err()).isZero();
      assertThat(acknowledged.size())
          .as("inputs kept arriving while the replay ran")
          .isGreaterThan(before.size());
      writing.set(false);
      writer.join(60_000);

      final List<String> replayed =
          replayedKeys().stream().filter(k -> k.startsWith("live-")).toList();
      assertThat(new HashSet<>(replayed)).as("none twice").hasSize(replayed.size());
      assertThat(replayed).as("every input there when the replay started").containsAll(before);
      assertThat(acknowledged).as("nothing that was never written").containsAll(replayed);
      assertThat(run.out())
          .as("a clear final line, with what the replay sent")
          .contains("replayed " + replayed.size() + " inputs of live");
    } finally {
      writing.set(false);
      writer.join(60_000);
    }
  }

  private static final Map<Process, Path> LOGS = new ConcurrentHashMap<>();

  /** The CLI as an operator runs it: its own JVM, with a heap smaller than the inputs. */
  private static Process replay() throws Exception {
    final Path log = Files.createTempFile(dir, "replay", ".out");
    final Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "replay",
                "--consultation",
                "big",
                "--bootstrap-servers",
                kafka.bootstrapServers())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LOGS.put(p, log);
    return p;
  }

  private static String output(final Process p) throws Exception {
    final String out = Files.readString(LOGS.get(p), StandardCharsets.UTF_8);
    System.out.println("replay said: " + out.replace('\r', '\n'));
    return out;
  }

  private static long replayTopicEnd() {
    try (var consumer = consumer()) {
      final List<TopicPartition> parts = partitions(consumer);
      return consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static List<String> replayedKeys() {
    try (var consumer = consumer()) {
      final List<TopicPartition> parts = partitions(consumer);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      final Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      final List<String> keys = new ArrayList<>();
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          keys.add(new String(r.key(), StandardCharsets.UTF_8));
        }
      }
      return keys;
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            2000),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static List<TopicPartition> partitions(final KafkaConsumer<?, ?> consumer) {
    return consumer.partitionsFor(Topics.SUBMISSIONS_REPLAY.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  private static KafkaProducer<String, SubmissionReceived> producer() {
    return new KafkaProducer<>(
        Map.<String, Object>of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            // on a machine busy with the rest of the suite a batch can wait long for the broker
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            600_000),
        Topics.SUBMISSIONS_RECEIVED.keySerde().serializer(),
        Topics.SUBMISSIONS_RECEIVED.valueSerde().serializer());
  }

  private static void writeInputs() throws Exception {
    final String text = "Confidence-building measures matter. ".repeat(TEXT_BYTES / 37);
    try (var producer = producer()) {
      final Instant now = Instant.now();
      for (int i = 0; i < INPUTS; i++) {
        send(producer, input("big-" + i, "big", now, text));
        if (i % (INPUTS / OTHERS) == 0) {
          send(producer, input("other-" + i, "small", now, text)); // another consultation, between
        }
      }
      producer.flush();
    }
    assertThat(WRITE_ERRORS).as("inputs written for the replay").isEmpty();
  }

  private static void send(
      final KafkaProducer<String, SubmissionReceived> producer, final SubmissionReceived r) {
    // a write the broker refused would read as a replay that lost it: fail here instead
    producer.send(
        new ProducerRecord<>(Topics.SUBMISSIONS_RECEIVED.name(), r.getId(), r),
        (metadata, error) -> {
          if (error != null) {
            WRITE_ERRORS.add(r.getId() + ": " + error);
          }
        });
  }

  private static final List<String> WRITE_ERRORS =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private static SubmissionReceived input(
      final String id, final String consultation, final Instant at, final String text) {
    return SubmissionReceived.newBuilder()
        .setId(id)
        .setSource(
            MailSource.newBuilder()
                .setKind(SourceKind.IMAP)
                .setMailbox("INBOX")
                .setUid(1L)
                .setUidValidity(1L)
                .build())
        .setReceivedAt(at)
        .setFrom(Address.newBuilder().setAddress("a@example.org").build())
        .setSubject("Input " + id)
        .setTextParts(
            List.of(TextPart.newBuilder().setKind(TextKind.PLAIN).setText(text + id).build()))
        .setContentSha256(id)
        .setConsultationId(consultation)
        .setTrackingNumber(id)
        .build();
  }
}
