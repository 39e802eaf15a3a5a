package org.inputdesk.classifier.topology;

import org.inputdesk.classifier.BenchInputs;
import org.inputdesk.classifier.Classifier;


import org.inputdesk.classifier.links.BucketKeeper;
import org.inputdesk.classifier.links.CampaignDetector;
import org.inputdesk.classifier.links.LinkKeys;
import org.inputdesk.classifier.links.LinkMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TopicSpec;
import org.inputdesk.schemas.Topics;

/**
 * On-demand benchmark (Maven profile {@code bench}, see BENCHMARK.md): reads N generated 5 KB
 * inputs from submissions-received on an embedded broker and writes records/s of a plain
 * consume→produce loop (the baseline) and of the classifier, each the median of several runs, and
 * the classifier's used heap after GC at a quarter, half, three quarters and all of N. Not a test:
 * the normal build compiles it but never runs it.
 */
public final class ClassifierBenchmark {

  private static final String BASELINE_TOPIC = "bench-baseline-classified";
  private static final String FLOOR_TOPIC = "bench-floor-classified";
  private static final long SEED = 42;

  // partitions of every topic the benchmark makes (the loop's and the classifier's)
  private static final int PARTITIONS = Integer.getInteger("bench.partitions", Topics.PARTITIONS);

  private static <K, V> TopicSpec<K, V> withPartitions(final TopicSpec<K, V> spec) {
    return new TopicSpec<>(
        spec.name(), spec.keySerde(), spec.valueSerde(), PARTITIONS, spec.config());
  }

  private final int n;
  private final int runs;
  private final Path dir;
  private EmbeddedKafka kafka;
  private SubmissionClassified template;
  private final List<String> report = new ArrayList<>();

  private ClassifierBenchmark(final int n, final int runs, final Path dir) {
    this.n = n;
    this.runs = runs;
    this.dir = dir;
  }

  public static void main(final String[] args) throws Exception {
    final int n = Integer.getInteger("bench.n", 20_000);
    final int runs = Integer.getInteger("bench.runs", 3);
    final Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
    final Set<String> parts =
        Set.of(System.getProperty("bench.parts", "baseline,classifier,heap").split(","));
    final ClassifierBenchmark bench = new ClassifierBenchmark(n, runs, dir);
    try {
      bench.run(parts);
    } finally {
      bench.close();
    }
    System.exit(0);
  }

  private void run(final Set<String> parts) throws Exception {
    final Runtime rt = Runtime.getRuntime();
    say(
        "classifier benchmark: N=%d inputs, %d runs each, %d partitions; %d cpus, max heap %d MB,"
            + " java %s",
        n,
        runs,
        PARTITIONS,
        rt.availableProcessors(),
        rt.maxMemory() >> 20,
        System.getProperty("java.version"));
    if (parts.contains("cpu")) {
      cpuOnly();
    }
    if (!(parts.contains("baseline")
        || parts.contains("classifier")
        || parts.contains("noop")
        || parts.contains("floor")
        || parts.contains("heap"))) {
      return;
    }
    deleteRecursively(dir);
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      final List<TopicSpec<?, ?>> topics = new ArrayList<>();
      // made here with the benchmark's partitions, so the service finds them and makes none
      for (final TopicSpec<?, ?> spec : ClassifierService.TOPICS) {
        topics.add(withPartitions(spec));
      }
      // the loop's and the floor's outputs
      for (final String output : List.of(BASELINE_TOPIC, FLOOR_TOPIC)) {
        topics.add(
            new TopicSpec<>(
                output,
                Serdes.String(),
                Topics.SUBMISSIONS_CLASSIFIED.valueSerde(),
                PARTITIONS,
                Map.of()));
      }
      Topics.ensure(admin, topics, (short) 1);
    }
    fill();
    final List<Double> baseline = new ArrayList<>();
    final List<Double> classifier = new ArrayList<>();
    final List<Double> noop = new ArrayList<>();
    final List<Double> floor = new ArrayList<>();
    final List<Double> baselineCpu = new ArrayList<>();
    final List<Double> classifierCpu = new ArrayList<>();
    final List<Double> noopCpu = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      if (parts.contains("baseline")) {
        final Result result = baseline(r);
        baseline.add(result.recordsPerSecond());
        baselineCpu.add(result.cpuMsPerRecord());
      }
      if (parts.contains("classifier")) {
        final Result result = classifier(r, false, false);
        classifier.add(result.recordsPerSecond());
        classifierCpu.add(result.cpuMsPerRecord());
      }
      if (parts.contains("noop")) {
        final Result result = classifier(100 + r, false, true);
        noop.add(result.recordsPerSecond());
        noopCpu.add(result.cpuMsPerRecord());
      }
      if (parts.contains("floor")) {
        floor.add(floor(r));
      }
    }
    if (parts.contains("heap")) {
      classifier(runs + 1, true, false);
    }
    say("");
    say("== summary (N=%d, median of %d) ==", n, runs);
    if (!baseline.isEmpty()) {
      say("baseline   %8.0f records/s  runs %s", median(baseline), rounded(baseline));
    }
    if (!classifier.isEmpty()) {
      say("classifier %8.0f records/s  runs %s", median(classifier), rounded(classifier));
    }
    if (!noop.isEmpty()) {
      say("no-analysis %7.0f records/s  runs %s", median(noop), rounded(noop));
    }
    if (!floor.isEmpty()) {
      say("streams floor %5.0f records/s  runs %s", median(floor), rounded(floor));
    }
    if (!baseline.isEmpty() && !classifier.isEmpty()) {
      say(
          "ratio      %8.0f %% of the baseline (target >= 50 %%)",
          100 * median(classifier) / median(baseline));
    }
    // Both sides keep about the same number of cores busy, so records/s follow the CPU each
    // record costs the whole JVM: the loop's cost against each side's is what the ratio can be
    if (!baseline.isEmpty() && (!classifier.isEmpty() || !noop.isEmpty())) {
      final double loop = median(baselineCpu);
      final StringBuilder line =
          new StringBuilder(
              String.format("CPU per record (whole JVM, median): baseline %.3f ms", loop));
      if (!classifier.isEmpty()) {
        line.append(
            String.format(
                ", classifier %.3f ms (the loop's is %.0f %% of it)",
                median(classifierCpu), 100 * loop / median(classifierCpu)));
      }
      if (!noop.isEmpty()) {
        line.append(
            String.format(
                ", no analysis %.3f ms (%.0f %%)", median(noopCpu), 100 * loop / median(noopCpu)));
      }
      say("%s", line);
    }
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "benchmark.txt"), report, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------
  // inputs

  private void fill() throws Exception {
    final Consultation consultation = BenchInputs.consultation();
    // one real classification gives the baseline an output of the classifier's size
    template =
        new Classifier()
            .classify(
                BenchInputs.input(SEED, 0),
                consultation,
                k -> Optional.empty(),
                null,
                Instant.now());
    final var serde = Topics.SUBMISSIONS_RECEIVED.valueSerde().serializer();
    final long begin = System.nanoTime();
    long bytes = 0;
    final Map<String, Integer> languages = new HashMap<>();
    try (KafkaProducer<String, byte[]> producer = BenchInputs.producer(kafka.bootstrapServers())) {
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
        final SubmissionReceived input = BenchInputs.input(SEED, i);
        final byte[] value = serde.serialize(Topics.SUBMISSIONS_RECEIVED.name(), input);
        bytes += value.length;
        languages.merge(
            org.inputdesk.common.Languages.detect(input.getTextParts().get(0).getText()) + "", 1, Integer::sum);
        producer.send(
            new ProducerRecord<>(Topics.SUBMISSIONS_RECEIVED.name(), input.getId(), value));
      }
      producer.flush();
    }
    say(
        "filled %d inputs (%d bytes each on average, languages %s) in %d ms",
        n, bytes / n, languages, (System.nanoTime() - begin) / 1_000_000);
  }

  // Classification alone, in this thread, no Kafka: what one core can do.
  private void cpuOnly() {
    final int count = Math.min(n, Integer.getInteger("bench.cpu.n", 2000));
    final Consultation consultation = BenchInputs.consultation();
    final List<SubmissionReceived> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inputs.add(BenchInputs.input(SEED, i));
    }
    final Classifier classifier = new Classifier();
    final var threads = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < runs + 1; r++) {
      final long begin = System.nanoTime();
      final long cpuBegin = threads.getCurrentThreadCpuTime();
      for (final SubmissionReceived input : inputs) {
        classifier.classify(input, consultation, k -> Optional.empty(), null, Instant.now());
      }
      final double seconds = (System.nanoTime() - begin) / 1e9;
      final double cpu = (threads.getCurrentThreadCpuTime() - cpuBegin) / 1e9;
      // CPU time tells the cost apart from what other work on the machine takes
      say(
          "cpu %s: %d classify() calls, %.0f records/s wall, %.0f records per CPU second",
          r == 0 ? "warm-up" : "run " + r, count, count / seconds, count / cpu);
    }
    // what the duplicate and campaign finder's keys cost where each input is read
    final CampaignDetector detector = new CampaignDetector();
    for (int r = 0; r < runs + 1; r++) {
      final long cpuBegin = threads.getCurrentThreadCpuTime();
      long keys = 0;
      for (final SubmissionReceived input : inputs) {
        keys += LinkKeys.of(input, detector).duplicateKeys().size();
      }
      final double cpu = (threads.getCurrentThreadCpuTime() - cpuBegin) / 1e9;
      say(
          "cpu %s: %d LinkKeys.of() calls (%d keys), %.3f ms CPU per call",
          r == 0 ? "warm-up" : "run " + r, count, keys, cpu * 1e3 / count);
    }
    finderOnly(detector);
  }

  /**
   * The LSH buckets alone, in this thread: the band questions of all N inputs of one consultation
   * (the most one task can be given when every bucket lands on it), through {@link BucketKeeper}
   * over a real RocksDB store (no changelog, no cache). The checksum of what it answers tells
   * whether a change to the buckets changed their findings.
   */
  private void finderOnly(final CampaignDetector detector) {
    final List<org.apache.kafka.streams.processor.api.Record<String, LinkMessage>> asks =
        new ArrayList<>();
    for (int i = 0; i < n; i++) {
      final LinkKeys k = LinkKeys.of(BenchInputs.input(SEED, i), detector);
      if (k.signature() == null) {
        continue;
      }
      final List<String> bands = detector.bandKeys(k.signature());
      for (int b = 0; b < bands.size(); b++) {
        asks.add(
            new org.apache.kafka.streams.processor.api.Record<>(
                "oewg8|" + bands.get(b),
                new LinkMessage(
                    LinkMessage.Kind.BAND_ASK, k.id(), b, bands.size(), null, 0, k.signature()),
                0L));
      }
    }
    final var threads = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < runs + 1; r++) {
      final Path stateDir = dir.resolve("finder-" + r);
      final List<org.apache.kafka.streams.state.KeyValueStore<?, ?>> stores = new ArrayList<>();
      try {
        final var context = finderContext(stateDir, stores);
        final BucketKeeper buckets = new BucketKeeper(detector);
        buckets.init(context);
        final long cpuBegin = threads.getCurrentThreadCpuTime();
        for (final var ask : asks) {
          buckets.process(ask);
        }
        final double cpu = (threads.getCurrentThreadCpuTime() - cpuBegin) / 1e9;
        long checksum = 17;
        int similar = 0;
        for (final var f : context.forwarded()) {
          final String found = f.record().value().other();
          similar += found == null ? 0 : 1;
          checksum = 31 * checksum + (f.record().key() + "=" + found).hashCode();
        }
        say(
            "cpu %s: BucketKeeper over %d inputs, %.3f ms CPU per input, %d similar answers"
                + " (checksum %x)",
            r == 0 ? "warm-up" : "run " + r,
            n,
            cpu * 1e3 / n,
            similar,
            checksum);
      } finally {
        stores.forEach(org.apache.kafka.streams.state.KeyValueStore::close);
        try {
          deleteRecursively(stateDir);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static org.apache.kafka.streams.processor.api.MockProcessorContext<String, LinkMessage>
      finderContext(
          final Path stateDir,
          final List<org.apache.kafka.streams.state.KeyValueStore<?, ?>> stores) {
    final java.util.Properties props = new java.util.Properties();
    props.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, "bench-finder");
    props.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
    final var context =
        new org.apache.kafka.streams.processor.api.MockProcessorContext<String, LinkMessage>(
            props, new org.apache.kafka.streams.processor.TaskId(3, 0), stateDir.toFile());
    final List<org.apache.kafka.streams.state.KeyValueStore<?, ?>> made = new ArrayList<>();
    made.add(
        org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(BucketKeeper.STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build());
    for (final var store : made) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
      stores.add(store);
    }
    return context;
  }

  // ---------------------------------------------------------------------------------------------
  // baseline: consume -> decode -> encode an output of the classifier's size -> produce, in
  // transactions committing the consumed offsets (what exactly_once_v2 does, without Streams)

  private Result baseline(final int run) throws Exception {
    final String group = "bench-baseline-" + run;
    final Counter counter = new Counter(BASELINE_TOPIC, false);
    counter.start();
    final var in = Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer();
    final var out = Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer();
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong started = new AtomicLong();
    final Thread loop =
        new Thread(
            () -> {
              try (KafkaConsumer<String, byte[]> consumer =
                      new KafkaConsumer<>(
                          Map.of(
                              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                              kafka.bootstrapServers(),
                              ConsumerConfig.GROUP_ID_CONFIG,
                              group,
                              ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                              "read_committed",
                              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                              "earliest",
                              ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                              false),
                          new StringDeserializer(),
                          new ByteArrayDeserializer());
                  KafkaProducer<String, byte[]> producer =
                      new KafkaProducer<>(
                          Map.of(
                              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                              kafka.bootstrapServers(),
                              ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                              group,
                              ProducerConfig.ACKS_CONFIG,
                              "all",
                              ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                              true),
                          new StringSerializer(),
                          new ByteArraySerializer())) {
                producer.initTransactions();
                consumer.subscribe(List.of(Topics.SUBMISSIONS_RECEIVED.name()));
                while (!stop.get()) {
                  final ConsumerRecords<String, byte[]> records =
                      consumer.poll(Duration.ofMillis(100));
                  if (records.isEmpty()) {
                    continue;
                  }
                  started.compareAndSet(0, System.nanoTime());
                  producer.beginTransaction();
                  final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                  for (final ConsumerRecord<String, byte[]> r : records) {
                    final SubmissionReceived received = in.deserialize(r.topic(), r.value());
                    final SubmissionClassified classified =
                        SubmissionClassified.newBuilder(template)
                            .setId(received.getId())
                            .setSubmission(received)
                            .setTrackingNumber(received.getTrackingNumber())
                            .setClassifiedAt(Instant.now())
                            .build();
                    producer.send(
                        new ProducerRecord<>(
                            BASELINE_TOPIC, r.key(), out.serialize(BASELINE_TOPIC, classified)));
                    offsets.put(
                        new TopicPartition(r.topic(), r.partition()),
                        new OffsetAndMetadata(r.offset() + 1));
                  }
                  producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                  producer.commitTransaction();
                }
              }
            },
            "baseline-loop");
    final CpuUse cpu = new CpuUse();
    loop.start();
    final long done = counter.awaitAll(Duration.ofMinutes(10));
    final String cpuUse = cpu.per(n);
    stop.set(true);
    loop.join();
    counter.close();
    final double seconds = (done - started.get()) / 1e9;
    final double rate = n / seconds;
    say(
        "baseline run %d: %d records in %.2f s = %.0f records/s (%d output records read)",
        run, n, seconds, rate, counter.records());
    say("  %s", cpuUse);
    return new Result(rate, cpu.msPerRecord());
  }

  // ---------------------------------------------------------------------------------------------
  // the classifier, as deployed

  /**
   * The least a Kafka Streams application of the kind does, with no analysis and nothing
   * else the classifier does: the same inputs read with exactly_once_v2 on as many stream threads
   * as the classifier (one per processor), each submission kept per id in a RocksDB store with its
   * changelog (as the classifier keeps it, so that a correction can re-emit it), and the loop's
   * output record written for it. What is left between this and the loop is Kafka Streams' own cost
   * on this machine; what is left between this and the classifier, everything the issue asks of the
   * classifier.
   */
  private double floor(final int run) throws Exception {
    final String app = "bench-floor-" + run;
    final Path state = dir.resolve("floor-state-" + run);
    final Counter counter = new Counter(FLOOR_TOPIC, false);
    counter.start();
    final AtomicLong firstCall = new AtomicLong(Long.MAX_VALUE);
    final org.apache.kafka.streams.StreamsBuilder builder =
        new org.apache.kafka.streams.StreamsBuilder();
    final var received = Topics.SUBMISSIONS_RECEIVED;
    final SubmissionClassified shape = template;
    builder.stream(
            received.name(),
            org.apache.kafka.streams.kstream.Consumed.with(
                received.keySerde(), received.valueSerde()))
        .toTable(
            org.apache.kafka.streams.kstream.Materialized
                .<String, SubmissionReceived,
                    org.apache.kafka.streams.state.KeyValueStore<
                        org.apache.kafka.common.utils.Bytes, byte[]>>
                    as("floor-received-store")
                .withKeySerde(Serdes.String())
                .withValueSerde(received.valueSerde())
                .withCachingDisabled())
        .toStream()
        .filter((id, r) -> r != null)
        .mapValues(
            r -> {
              noteFirst(firstCall);
              return SubmissionClassified.newBuilder(shape)
                  .setId(r.getId())
                  .setSubmission(r)
                  .setTrackingNumber(r.getTrackingNumber())
                  .setClassifiedAt(Instant.now())
                  .build();
            })
        .to(
            FLOOR_TOPIC,
            org.apache.kafka.streams.kstream.Produced.with(
                Serdes.String(), Topics.SUBMISSIONS_CLASSIFIED.valueSerde()));
    final java.util.Properties props = new java.util.Properties();
    props.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, app);
    props.put(
        org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(
        org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        org.apache.kafka.streams.StreamsConfig.EXACTLY_ONCE_V2);
    props.put(
        org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG,
        Runtime.getRuntime().availableProcessors());
    props.put(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG, state.toString());
    props.put(
        org.apache.kafka.streams.StreamsConfig.consumerPrefix(
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
        "earliest");
    final CpuUse cpu = new CpuUse();
    final long begin = System.nanoTime();
    final long done;
    final String cpuUse;
    try (org.apache.kafka.streams.KafkaStreams streams =
        new org.apache.kafka.streams.KafkaStreams(builder.build(), props)) {
      streams.start();
      counter.awaitAll(Duration.ofMinutes(20));
      done = awaitDrained(app);
      cpuUse = cpu.per(n);
      counter.close();
    }
    final long from = Math.min(firstCall.get(), done);
    final double seconds = (done - from) / 1e9;
    say(
        "streams floor run %d: %d records in %.2f s = %.0f records/s (%.0f/s counting start-up);"
            + " %d output records read",
        run, n, seconds, n / seconds, n / ((done - begin) / 1e9), counter.records());
    say("  %s", cpuUse);
    return n / seconds;
  }

  /** A run's records/s, and the whole JVM's CPU per record in it. */
  private record Result(double recordsPerSecond, double cpuMsPerRecord) {}

  private Result classifier(final int run, final boolean heap, final boolean noop)
      throws Exception {
    final Path state = dir.resolve("state-" + run);
    final Counter counter = new Counter(Topics.SUBMISSIONS_CLASSIFIED.name(), heap);
    counter.start();
    final long begin = System.nanoTime();
    final long running;
    final long firstOutputs;
    final long done;
    final String cpuUse;
    final Map<String, Object> settings = new HashMap<>();
    settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    settings.put(ClassifierConfig.APPLICATION_ID, "bench-classifier-" + run);
    settings.put(ClassifierConfig.STATE_DIR, state.toString());
    // no operator HTTP endpoints: nothing to scrape here, no port to clash
    settings.put("ops.http.port", "-1");
    // -Dbench.classifier.KEY=VALUE passes KEY to the classifier, to try a setting
    System.getProperties()
        .forEach(
            (k, v) -> {
              if (k.toString().startsWith("bench.classifier.")) {
                settings.put(k.toString().substring("bench.classifier.".length()), v);
              }
            });
    final ClassifierConfig config = ClassifierConfig.from(settings);
    final String what = noop ? "no-analysis" : heap ? "classifier (heap)" : "classifier";
    // when the first input was taken up: a stream thread whose tasks are ready may start before
    // the application as a whole is RUNNING, and that work must be timed too
    final AtomicLong firstCall = new AtomicLong(Long.MAX_VALUE);
    final Timed timed = new Timed(firstCall);
    // from before the start, so that no thread's work escapes it (start-up is counted too)
    final CpuUse cpu = new CpuUse();
    try (ClassifierService service =
        noop
            ? ClassifierService.start(config, new NoAnalysis(template, firstCall))
            : ClassifierService.start(config, timed)) {
      running = System.nanoTime();
      final Map<String, Map<String, Double>> atRunning = threadMetrics(service);
      firstOutputs = counter.awaitAll(Duration.ofMinutes(20));
      // every input has an output now; the duplicate and campaign finder (a task of its own,
      // behind a repartition topic) may still be reading: the run ends when nothing is left unread
      done = awaitDrained(config.applicationId());
      // which thread had which partitions: the threads' CPU seconds follow from it
      final StringBuilder tasks = new StringBuilder();
      service
          .activeTasks()
          .forEach(
              (thread, ids) ->
                  tasks.append(' ').append(thread.replaceAll(".*-", "")).append(' ').append(ids));
      cpuUse =
          cpu.per(n)
              + "; tasks:"
              + tasks
              + threadTimes(atRunning, threadMetrics(service), seconds(running, done));
      counter.close();
      say(
          "%s run %d: RUNNING after %d ms, state %s",
          what, run, (running - begin) / 1_000_000, service.state());
    }
    // timed from RUNNING, or from the first input taken up if a thread began before
    final long from = Math.min(running, firstCall.get());
    if (from < running) {
      say(
          "%s run %d: a stream thread took up its first input %d ms before RUNNING; timed from"
              + " there",
          what, run, (running - from) / 1_000_000);
    }
    final double seconds = (done - from) / 1e9;
    final double rate = n / seconds;
    say(
        "%s run %d: %d records in %.2f s = %.0f records/s (%.0f/s counting start-up; every"
            + " input's first output after %.2f s); %d output records read; state dir %d MB",
        what,
        run,
        n,
        seconds,
        rate,
        n / ((done - begin) / 1e9),
        (firstOutputs - from) / 1e9,
        counter.records(),
        size(state) >> 20);
    say("  %s", cpuUse);
    if (!noop) {
      say("  classify(): %s", timed.summary());
    }
    if (heap) {
      counter.heapSamples().forEach(s -> say("  heap after GC at %s", s));
    }
    return new Result(rate, cpu.msPerRecord());
  }

  private static double seconds(final long from, final long to) {
    return (to - from) / 1e9;
  }

  /**
   * Where each stream thread's time went, from Kafka Streams' thread metrics: blocked on Kafka in
   * all (KIP-761: the producer's flush and commit, the consumer's poll), and the commits' count and
   * mean latency. A thread blocked most of the run waits on the broker, not on its own work.
   */
  private static String threadTimes(
      final Map<String, Map<String, Double>> before,
      final Map<String, Map<String, Double>> after,
      final double wall) {
    final StringBuilder out = new StringBuilder();
    after.forEach(
        (thread, m) -> {
          final Map<String, Double> b = before.getOrDefault(thread, Map.of());
          out.append(
              String.format(
                  java.util.Locale.ROOT,
                  "; %s blocked on Kafka %.2f s of %.2f, %.0f commits at %.1f ms",
                  thread,
                  (m.getOrDefault("blocked-time-ns-total", Double.NaN)
                          - b.getOrDefault("blocked-time-ns-total", 0.0))
                      / 1e9,
                  wall,
                  m.getOrDefault("commit-total", Double.NaN) - b.getOrDefault("commit-total", 0.0),
                  m.getOrDefault("commit-latency-avg", Double.NaN)));
        });
    return out.toString();
  }

  // Kafka Streams' stream-thread metrics by thread (the last part of its name)
  private static Map<String, Map<String, Double>> threadMetrics(final ClassifierService service) {
    final Map<String, Map<String, Double>> byThread = new java.util.TreeMap<>();
    service
        .metrics()
        .forEach(
            (name, metric) -> {
              if (name.group().equals("stream-thread-metrics")
                  && metric.metricValue() instanceof Double value) {
                byThread
                    .computeIfAbsent(
                        name.tags().getOrDefault("thread-id", "?").replaceAll(".*-", ""),
                        k -> new java.util.TreeMap<>())
                    .put(name.name(), value);
              }
            });
    return byThread;
  }

  /**
   * Waits until the application's consumer group has committed every record of its input and
   * repartition topics (read_committed end offsets): all its work done, not only the first output
   * of each input. Returns when that was seen.
   */
  private long awaitDrained(final String group) throws Exception {
    final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      while (true) {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final String topic : admin.listTopics().names().get()) {
          if (topic.equals(Topics.SUBMISSIONS_RECEIVED.name())
              || (topic.startsWith(group + "-") && topic.endsWith("-repartition"))) {
            // a repartition topic may have its own partition count
            final int count =
                admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            for (int p = 0; p < count; p++) {
              partitions.add(new TopicPartition(topic, p));
            }
          }
        }
        final Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        final Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
            new HashMap<>();
        partitions.forEach(
            tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
        final var ends =
            admin
                .listOffsets(
                    latest,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(
                        org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                .all()
                .get();
        long lag = 0;
        for (final TopicPartition tp : partitions) {
          final OffsetAndMetadata at = committed.get(tp);
          lag += Math.max(0, ends.get(tp).offset() - (at == null ? 0 : at.offset()));
        }
        if (lag == 0) {
          return System.nanoTime();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(group + " still has " + lag + " records to read");
        }
        Thread.sleep(20);
      }
    }
  }

  /**
   * The production classifier, timing each call in the calling stream thread's CPU time: what
   * {@code classify()} costs inside the application, next to the {@code cpu} part's figure for it
   * alone.
   */
  private static void noteFirst(final AtomicLong firstCall) {
    if (firstCall.get() == Long.MAX_VALUE) {
      firstCall.compareAndSet(Long.MAX_VALUE, System.nanoTime());
    }
  }

  private static final class Timed extends Classifier {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong firstCall;

    Timed(final AtomicLong firstCall) {
      this.firstCall = firstCall;
    }

    @Override
    public SubmissionClassified classify(
        final SubmissionReceived received,
        final Consultation consultation,
        final java.util.function.Function<String, Optional<SenderDirectoryEntry>> directory,
        final SubmissionCorrection correction,
        final Instant now) {
      noteFirst(firstCall);
      final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      final long begin = mx.getCurrentThreadCpuTime();
      try {
        return super.classify(received, consultation, directory, correction, now);
      } finally {
        nanos.addAndGet(mx.getCurrentThreadCpuTime() - begin);
        calls.incrementAndGet();
      }
    }

    String summary() {
      final long n = Math.max(1, calls.get());
      return String.format(
          "%d calls, %.3f ms CPU per call in the stream threads",
          calls.get(), nanos.get() / 1e6 / n);
    }
  }

  /**
   * The topology's cost without the analysis: the same output for every input, so a run shows what
   * Kafka Streams, the stores and the repartitioning take on their own.
   */
  private static final class NoAnalysis extends Classifier {
    private final SubmissionClassified template;
    private final AtomicLong firstCall;

    NoAnalysis(final SubmissionClassified template, final AtomicLong firstCall) {
      this.template = template;
      this.firstCall = firstCall;
    }

    @Override
    public SubmissionClassified classify(
        final SubmissionReceived received,
        final Consultation consultation,
        final java.util.function.Function<String, Optional<SenderDirectoryEntry>> directory,
        final SubmissionCorrection correction,
        final Instant now) {
      noteFirst(firstCall);
      return SubmissionClassified.newBuilder(template)
          .setId(received.getId())
          .setSubmission(received)
          .setTrackingNumber(received.getTrackingNumber())
          .setClassifiedAt(now)
          .build();
    }
  }

  /**
   * Reads an output topic read_committed from its current end, counting distinct keys, until N;
   * optionally takes the used heap after a GC at N/4, N/2, 3N/4 and N.
   */
  private final class Counter extends Thread {
    private final String topic;
    private final boolean heap;
    private final Set<String> seen = new HashSet<>();
    private final List<String> samples = new ArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile long doneAt;
    private volatile boolean closed;
    private long records;

    Counter(final String topic, final boolean heap) {
      super("counter-" + topic);
      this.topic = topic;
      this.heap = heap;
      this.consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed"),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      final List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      // only what this run writes
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    }

    @Override
    public void run() {
      int next = 1;
      while (!closed && doneAt == 0) {
        for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          records++;
          seen.add(r.key());
        }
        if (heap && next <= 4 && seen.size() >= next * n / 4) {
          samples.add(heapSample(next, seen.size()));
          next++;
        }
        if (seen.size() >= n) {
          doneAt = System.nanoTime();
        }
      }
    }

    long awaitAll(final Duration timeout) throws InterruptedException {
      join(timeout.toMillis());
      if (doneAt == 0) {
        throw new IllegalStateException(
            "only " + seen.size() + " of " + n + " records on " + topic + " after " + timeout);
      }
      return doneAt;
    }

    long records() {
      return records;
    }

    List<String> heapSamples() {
      return samples;
    }

    void close() throws InterruptedException {
      closed = true;
      join();
      consumer.close();
    }
  }

  /**
   * CPU time of this JVM (broker, application, counter) between two moments, split by thread group:
   * on a machine whose cores also run the broker, a figure per record tells where the time goes
   * better than records/s alone.
   */
  static final class CpuUse {
    private final long process = processCpu();
    private final Map<Long, Long> threads = threadCpu();
    private final long[] machineAtStart = machineTicks();
    // the compiler threads and GC pauses are no Java threads: their share of "other" is told apart
    private final long compileMsAtStart = compileMs();
    private final long gcMsAtStart = gcMs();
    private double msPerRecord = Double.NaN;

    /** The whole JVM's CPU per record of the last {@link #per(int)}. */
    double msPerRecord() {
      return msPerRecord;
    }

    // elapsed time in the JIT compiler threads (HotSpot counts it per compilation; the compilers
    // are busy on their CPU meanwhile), -1 where the JVM does not tell
    private static long compileMs() {
      final var jit = ManagementFactory.getCompilationMXBean();
      return jit != null && jit.isCompilationTimeMonitoringSupported()
          ? jit.getTotalCompilationTime()
          : -1;
    }

    // time of the collectors' pauses (G1: young and mixed collections), not their concurrent work
    private static long gcMs() {
      long ms = 0;
      for (final var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ms += Math.max(0, gc.getCollectionTime());
      }
      return ms;
    }

    String per(final int records) {
      final Map<Long, Long> now = threadCpu();
      final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      final Map<String, Long> groups = new TreeMap<>();
      final List<Long> each = new ArrayList<>();
      long known = 0;
      for (final Map.Entry<Long, Long> e : now.entrySet()) {
        final long used = e.getValue() - threads.getOrDefault(e.getKey(), 0L);
        final java.lang.management.ThreadInfo info = mx.getThreadInfo(e.getKey());
        if (info == null || used <= 0) {
          continue;
        }
        final String group = group(info.getThreadName());
        groups.merge(group, used, Long::sum);
        if (group.equals("stream threads")) {
          each.add(used);
        }
        known += used;
      }
      final long total = processCpu() - process;
      groups.put("other (GC, JIT, ended threads)", Math.max(0, total - known));
      msPerRecord = total / 1e6 / records;
      final StringBuilder out =
          new StringBuilder(String.format("%.3f ms CPU per record:", msPerRecord));
      groups.forEach((g, ns) -> out.append(String.format(" %s %.3f;", g, ns / 1e6 / records)));
      final long compiled = compileMsAtStart < 0 ? -1 : compileMs() - compileMsAtStart;
      out.append(
          String.format(
              " in \"other\": JIT compiling %s, GC pauses %.1f s;",
              compiled < 0 ? "unknown" : String.format("%.1f s", compiled / 1e3),
              (gcMs() - gcMsAtStart) / 1e3));
      out.append(machineUse(total));
      if (!each.isEmpty()) {
        // how evenly the work fell on the stream threads: the busiest one bounds the run
        each.sort(java.util.Comparator.reverseOrder());
        out.append(" CPU s per stream thread:");
        each.forEach(ns -> out.append(String.format(" %.1f", ns / 1e9)));
      }
      return out.toString();
    }

    private static String group(final String name) {
      // a stream thread's producer I/O thread has the stream thread's name in its own
      if (name.startsWith("kafka-producer-network-thread")) {
        return "producers' I/O";
      }
      if (name.contains("StreamThread")) {
        return "stream threads";
      }
      if (name.equals("baseline-loop")) {
        return "loop";
      }
      if (name.startsWith("kafka-producer-network-thread")) {
        return "producers' I/O";
      }
      if (name.startsWith("counter-")) {
        return "counter";
      }
      return "broker and rest";
    }

    // What the rest of the machine did meanwhile (Linux /proc/stat, in clock ticks): the CPU time
    // of other processes and the time the hypervisor took the virtual CPUs away (steal). A run
    // that is slow for these is slow for the machine, not for the code.
    private String machineUse(final long processNanos) {
      final long[] now = machineTicks();
      if (machineAtStart == null || now == null) {
        return "";
      }
      final double tick = 1e9 / 100; // USER_HZ
      final double busy = (now[0] - machineAtStart[0]) * tick;
      final double steal = (now[1] - machineAtStart[1]) * tick;
      final double wall = (now[2] - machineAtStart[2]) * tick;
      return String.format(
          " machine: other processes %.2f CPU s, steal %.2f CPU s (%.0f%% of all CPU time);",
          Math.max(0, busy - processNanos) / 1e9, steal / 1e9, wall > 0 ? 100 * steal / wall : 0);
    }

    // busy (user, nice, system, irq, softirq), steal, and all ticks of all CPUs; null off Linux
    private static long[] machineTicks() {
      try {
        final String[] f =
            java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))
                .get(0)
                .trim()
                .split("\\s+");
        final long user = Long.parseLong(f[1]);
        final long nice = Long.parseLong(f[2]);
        final long system = Long.parseLong(f[3]);
        final long idle = Long.parseLong(f[4]);
        final long iowait = Long.parseLong(f[5]);
        final long irq = Long.parseLong(f[6]);
        final long softirq = Long.parseLong(f[7]);
        final long steal = Long.parseLong(f[8]);
        final long busy = user + nice + system + irq + softirq;
        return new long[] {busy, steal, busy + idle + iowait + steal};
      } catch (java.io.IOException | RuntimeException e) {
        return null;
      }
    }

    private static long processCpu() {
      return ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }

    private static Map<Long, Long> threadCpu() {
      final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      final Map<Long, Long> out = new HashMap<>();
      for (final long id : mx.getAllThreadIds()) {
        final long cpu = mx.getThreadCpuTime(id);
        if (cpu >= 0) {
          out.put(id, cpu);
        }
      }
      return out;
    }
  }

  private static String heapSample(final int quarter, final int processed) {
    System.gc();
    final long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return String.format("%d/4 N (%d processed): %d MB used", quarter, processed, used >> 20);
  }

  // ---------------------------------------------------------------------------------------------

  private void say(final String format, final Object... args) {
    final String line = String.format(format, args);
    System.out.println(line);
    report.add(line);
  }

  private static double median(final List<Double> values) {
    final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    final int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static String rounded(final List<Double> values) {
    return Arrays.toString(values.stream().mapToLong(Math::round).toArray());
  }

  private static long size(final Path path) {
    if (!Files.exists(path)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(path)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(final Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // The broker's log and the state stores take a few GB for N = 20,000: not left behind.
  private void close() throws IOException {
    if (kafka != null) {
      kafka.close();
    }
    if (!Boolean.getBoolean("bench.keep")) {
      deleteRecursively(dir);
    }
  }
}
