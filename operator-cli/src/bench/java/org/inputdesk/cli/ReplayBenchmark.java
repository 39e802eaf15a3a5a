package org.inputdesk.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inputdesk.classifier.BenchInputs;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.TopicSpec;
import org.inputdesk.schemas.Topics;

/**
 * On-demand benchmark of a replay at scale (issue 21): N generated inputs of about 5 KB, one
 * consultation, on {@code submissions-received} with six partitions; the classifier as K processes
 * of its own that have already read that topic (their group's positions are set to its end, so all
 * they do is the replay); then {@code inputdesk replay} as an operator runs it, its own process
 * with a heap far smaller than the inputs. Timed from the replay's start until every input is on
 * {@code submissions-classified} again and the classifier's group has read all its input and
 * repartition topics. Every 15 s it prints the inputs classified, the rate, and each process's
 * resident memory; at the end each process's heap after garbage collection, in the first and the
 * second half of the run (flat: the same). Writes {@code report.txt} under {@code bench.dir}.
 *
 * <p>Properties: {@code bench.n} (inputs, 1,000,000), {@code bench.instances} (classifier
 * processes, a comma-separated list run one after the other, "1"), {@code bench.partitions} (6),
 * {@code bench.cli.heap} ("64m"), {@code bench.classifier.heap} ("1g"), {@code bench.dir}.
 */
public final class ReplayBenchmark {

  private static final long SEED = 21;
  private static final String GROUP = "inputdesk-classifier";
  private static final int PARTITIONS = Integer.getInteger("bench.partitions", 6);
  private static final String CLI_HEAP = System.getProperty("bench.cli.heap", "64m");
  private static final String CLASSIFIER_HEAP = System.getProperty("bench.classifier.heap", "1g");

  private final int n;
  private final Path dir;
  private final List<String> report = new ArrayList<>();

  private ReplayBenchmark(final int n, final Path dir) {
    this.n = n;
    this.dir = dir;
  }

  public static void main(final String[] args) throws Exception {
    final int n = Integer.getInteger("bench.n", 1_000_000);
    final Path dir = Path.of(System.getProperty("bench.dir", "target/replay-bench"));
    final ReplayBenchmark bench = new ReplayBenchmark(n, dir);
    bench.say(
        "machine: %d cores, %s; java %s; N = %,d; partitions %d; CLI heap %s; classifier heap %s",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("java.version"),
        n,
        PARTITIONS,
        CLI_HEAP,
        CLASSIFIER_HEAP);
    for (final String k : System.getProperty("bench.instances", "1").split(",")) {
      bench.run(Integer.parseInt(k.trim()));
    }
    Files.write(dir.resolve("report.txt"), bench.report, StandardCharsets.UTF_8);
    System.exit(0); // the broker's and clients' non-daemon threads
  }

  private void run(final int instances) throws Exception {
    final Path runDir = dir.resolve("instances-" + instances);
    deleteTree(runDir);
    Files.createDirectories(runDir);
    say("== %d classifier instance(s)", instances);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(runDir.resolve("kafka"))) {
      final String bootstrap = kafka.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        Topics.ensure(
            admin,
            Topics.ALL.stream().<TopicSpec<?, ?>>map(ReplayBenchmark::withPartitions).toList(),
            (short) 1);
        fill(bootstrap);
        skipReceived(admin);
        final List<ServiceProcess> classifiers = new ArrayList<>();
        try {
          for (int i = 0; i < instances; i++) {
            classifiers.add(classifier(bootstrap, runDir, i).start());
          }
          awaitGroup(admin, instances);
          measure(admin, bootstrap, runDir, classifiers);
        } finally {
          for (final ServiceProcess c : classifiers) {
            c.close();
          }
        }
      }
    }
    if (!Boolean.getBoolean("bench.keep")) {
      deleteTree(runDir.resolve("kafka"));
      for (int i = 0; i < instances; i++) {
        deleteTree(runDir.resolve("classifier-" + i));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // set-up

  private static <K, V> TopicSpec<K, V> withPartitions(final TopicSpec<K, V> spec) {
    return new TopicSpec<>(
        spec.name(), spec.keySerde(), spec.valueSerde(), PARTITIONS, spec.config());
  }

  private void fill(final String bootstrap) throws Exception {
    final Consultation consultation = BenchInputs.consultation();
    final var serde = Topics.SUBMISSIONS_RECEIVED.valueSerde().serializer();
    final long begin = System.nanoTime();
    long bytes = 0;
    try (KafkaProducer<String, byte[]> producer = BenchInputs.producer(bootstrap)) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.CONSULTATIONS.name(),
                  consultation.getId(),
                  Topics.CONSULTATIONS
                      .valueSerde()
                      .serializer()
                      .serialize(Topics.CONSULTATIONS.name(), consultation)))
          .get();
      for (int i = 0; i < n; i++) {
        final var input = BenchInputs.input(SEED, i);
        final byte[] value = serde.serialize(Topics.SUBMISSIONS_RECEIVED.name(), input);
        bytes += value.length;
        producer.send(
            new ProducerRecord<>(Topics.SUBMISSIONS_RECEIVED.name(), input.getId(), value));
        if ((i + 1) % 100_000 == 0) {
          say("  filled %,d", i + 1);
        }
      }
      producer.flush();
    }
    say(
        "filled %,d inputs of %s (%,d bytes each on average, %.1f GB) in %.0f s",
        n,
        BenchInputs.CONSULTATION,
        bytes / n,
        bytes / 1e9,
        (System.nanoTime() - begin) / 1e9);
  }

  /**
   * The classifier's group starts at the end of submissions-received, as a classifier that has
   * already read every input would: what it then does is the replay and nothing else.
   */
  private void skipReceived(final Admin admin) throws Exception {
    final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      latest.put(new TopicPartition(Topics.SUBMISSIONS_RECEIVED.name(), p), OffsetSpec.latest());
    }
    final Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get()
        .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
    admin.alterConsumerGroupOffsets(GROUP, ends).all().get();
  }

  private ServiceProcess classifier(final String bootstrap, final Path runDir, final int i) {
    final Map<String, String> settings = new HashMap<>();
    settings.put("kafka.bootstrap.servers", bootstrap);
    settings.put("ops.http.port", "-1");
    settings.put("classifier.state.dir", runDir.resolve("classifier-" + i).toString());
    settings.put("classifier.instance.id", "bench-" + i);
    return new ServiceProcess(
        "classifier-" + i,
        org.inputdesk.classifier.topology.Main.class,
        settings,
        runDir.resolve("logs"),
        List.of(
            "-Xmx" + CLASSIFIER_HEAP,
            "-Xlog:gc:file=" + runDir.resolve("logs").resolve("{name}-gc.log")));
  }

  /** Until every instance is a member of the classifier's group and it is stable. */
  private void awaitGroup(final Admin admin, final int instances) throws Exception {
    final long begin = System.nanoTime();
    final long deadline = begin + Duration.ofMinutes(3).toNanos();
    while (true) {
      final ConsumerGroupDescription group =
          admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
      if (group.state() == ConsumerGroupState.STABLE && group.members().size() >= instances) {
        say(
            "classifier group stable with %d members after %.1f s",
            group.members().size(),
            (System.nanoTime() - begin) / 1e9);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("classifier group not stable: " + group);
      }
      Thread.sleep(200);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the replay

  private void measure(
      final Admin admin,
      final String bootstrap,
      final Path runDir,
      final List<ServiceProcess> classifiers)
      throws Exception {
    final Path cliLog = runDir.resolve("logs").resolve("replay.out");
    final Path cliGc = runDir.resolve("logs").resolve("replay-gc.log");
    final long begin = System.nanoTime();
    final Process cli =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + CLI_HEAP,
                "-Xlog:gc:file=" + cliGc,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "replay",
                "--consultation",
                BenchInputs.CONSULTATION,
                "--bootstrap-servers",
                bootstrap)
            .redirectErrorStream(true)
            .redirectOutput(cliLog.toFile())
            .start();
    long cliDone = 0;
    final Set<String> classified = new HashSet<>(2 * n);
    try (KafkaConsumer<String, byte[]> consumer = classifiedReader(bootstrap)) {
      long nextSample = begin + TimeUnit.SECONDS.toNanos(15);
      int lastCount = 0;
      long lastAt = begin;
      while (classified.size() < n) {
        for (final var r : consumer.poll(Duration.ofMillis(200))) {
          classified.add(r.key());
        }
        if (cliDone == 0 && !cli.isAlive()) {
          cliDone = System.nanoTime();
          say(
              "  replay command exited %d after %.0f s: %s",
              cli.exitValue(),
              (cliDone - begin) / 1e9,
              lastLine(cliLog));
          if (cli.exitValue() != 0) {
            throw new IllegalStateException("replay failed: " + Files.readString(cliLog));
          }
        }
        final long now = System.nanoTime();
        if (now >= nextSample) {
          say(
              "  %4.0f s: %,9d classified, %,5.0f/s lately; RSS MB: replay %s, classifiers %s",
              (now - begin) / 1e9,
              classified.size(),
              (classified.size() - lastCount) / ((now - lastAt) / 1e9),
              cli.isAlive() ? rssMb(cli.pid()) : "-",
              classifiers.stream().map(c -> rssMb(c.pid())).toList());
          lastCount = classified.size();
          lastAt = now;
          nextSample += TimeUnit.SECONDS.toNanos(15);
        }
        if (classifiers.stream().anyMatch(c -> !c.isAlive())) {
          throw new IllegalStateException("a classifier died; see " + runDir.resolve("logs"));
        }
        if (now - begin > TimeUnit.MINUTES.toNanos(90)) {
          throw new IllegalStateException("not done in 90 minutes: " + classified.size());
        }
      }
    }
    final long allClassified = System.nanoTime();
    final long drained = awaitDrained(admin);
    if (cliDone == 0) {
      cli.waitFor(5, TimeUnit.MINUTES);
      cliDone = System.nanoTime();
    }
    final double seconds = (drained - begin) / 1e9;
    say(
        "RESULT %d instance(s): %,d inputs replayed end to end in %.0f s (%.1f min), %,.0f"
            + " inputs/s; every input classified after %.0f s, the replay command done after %.0f"
            + " s (%s)",
        classifiers.size(),
        n,
        seconds,
        seconds / 60,
        n / seconds,
        (allClassified - begin) / 1e9,
        (cliDone - begin) / 1e9,
        lastLine(cliLog));
    say("  heap after GC (MB), max in 1st half / 2nd half of the run, last:");
    say("    replay (-Xmx%s): %s", CLI_HEAP, GcLog.summary(cliGc));
    for (int i = 0; i < classifiers.size(); i++) {
      final Path gc = runDir.resolve("logs").resolve("classifier-" + i + "-gc.log");
      say("    classifier-%d (-Xmx%s): %s", i, CLASSIFIER_HEAP, GcLog.summary(gc));
    }
  }

  private KafkaConsumer<String, byte[]> classifiedReader(final String bootstrap) {
    final KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    final List<TopicPartition> parts = new ArrayList<>();
    consumer
        .partitionsFor(Topics.SUBMISSIONS_CLASSIFIED.name())
        .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    return consumer;
  }

  /**
   * Until the classifier's group has committed every record of its inputs and repartition topics
   * (read_committed ends): its work done, duplicates and campaigns included.
   */
  private long awaitDrained(final Admin admin) throws Exception {
    final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (true) {
      final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (final String topic : admin.listTopics().names().get()) {
        if (topic.equals(Topics.SUBMISSIONS_REPLAY.name())
            || (topic.startsWith(GROUP + "-") && topic.endsWith("-repartition"))) {
          final int count =
              admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                  .size();
          for (int p = 0; p < count; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
          }
        }
      }
      final var committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata();
      final var ends =
          admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all();
      long lag = 0;
      for (final TopicPartition tp : latest.keySet()) {
        final OffsetAndMetadata at = committed.get().get(tp);
        lag += Math.max(0, ends.get().get(tp).offset() - (at == null ? 0 : at.offset()));
      }
      if (lag == 0) {
        return System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(GROUP + " still has " + lag + " records to read");
      }
      Thread.sleep(100);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // small things

  private void say(final String format, final Object... args) {
    final String line =
        Instant.now().toString().substring(11, 19) + " " + String.format(Locale.ROOT, format, args);
    System.out.println(line);
    report.add(line);
  }

  private static String lastLine(final Path log) {
    try {
      final String[] lines = Files.readString(log, StandardCharsets.UTF_8).split("[\r\n]+");
      return lines.length == 0 ? "" : lines[lines.length - 1].trim();
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  // Linux: the process's resident set, in MB
  private static String rssMb(final long pid) {
    try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
      return lines
          .filter(l -> l.startsWith("VmRSS:"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 + "")
          .findFirst()
          .orElse("?");
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static void deleteTree(final Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Reads a JVM's {@code -Xlog:gc} file: the heap after each collection. */
  static final class GcLog {

    private static final java.util.regex.Pattern PAUSE =
        java.util.regex.Pattern.compile("^\\[(\\d+\\.\\d+)s\\].*Pause.* (\\d+)M->(\\d+)M\\(\\d+M\\)");

    private GcLog() {}

    /** "max after GC in the first half / second half, last", from the log's pauses. */
    static String summary(final Path log) {
      final List<double[]> pauses = new ArrayList<>();
      try (Stream<String> lines = Files.lines(log)) {
        lines.forEach(
            l -> {
              final var m = PAUSE.matcher(l);
              if (m.find()) {
                pauses.add(
                    new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(3))});
              }
            });
      } catch (IOException e) {
        return "(no GC log: " + e.getMessage() + ")";
      }
      if (pauses.isEmpty()) {
        return "no collection";
      }
      final double end = pauses.get(pauses.size() - 1)[0];
      final double first =
          pauses.stream().filter(p -> p[0] <= end / 2).mapToDouble(p -> p[1]).max().orElse(0);
      final double second =
          pauses.stream().filter(p -> p[0] > end / 2).mapToDouble(p -> p[1]).max().orElse(0);
      return String.format(
          Locale.ROOT,
          "%.0f / %.0f, last %.0f (%d collections)",
          first,
          second,
          pauses.get(pauses.size() - 1)[1],
          pauses.size());
    }
  }
}
