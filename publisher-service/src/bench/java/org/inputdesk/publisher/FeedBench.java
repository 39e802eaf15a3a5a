package org.inputdesk.publisher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.publisher.store.PublisherStreams;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.Topics;

/**
 * An on-demand benchmark, not part of the build (no test method; run by
 * publisher-service/src/bench/run-feed-bench.sh). Two modes:
 *
 * <ul>
 *   <li>{@code serve N READY_FILE}: a real EmbeddedKafka with N posted inputs, the real
 *       PublisherService on 127.0.0.1, page render times printed, then the base URL and the
 *       feed.json ETag written to READY_FILE for wrk; runs until killed.
 *   <li>{@code broker READY_FILE}: an EmbeddedKafka in a process of its own, its address written to
 *       READY_FILE; runs until killed.
 *   <li>{@code heap N BOOTSTRAP}: N synthetic inputs sent a quarter at a time to that broker and
 *       applied by the real {@link PublisherStreams}; used heap, resident set and the stores' size
 *       on disk printed after full GCs at each quarter, then the time of uncached queries.
 *   <li>{@code restart N}: a clean restart with N inputs, then one after a crash.
 * </ul>
 */
public final class FeedBench {

  static final String BENCH = "bench";
  private static final String[] THEMES = {"threats", "norms", "cbm", "law", "capacity"};
  private static final String[] SENDERS = {"member-state", "ngo", "academia", "private-sector"};
  private static final String[] LANGUAGES = {"en", "fr", "es", "ar", "ru", "zh"};
  private static final String PARAGRAPH =
      "We welcome the draft annual progress report and propose changes to paragraph 12 on"
          + " capacity-building, to paragraph 15 on confidence-building measures and to the"
          + " section on international law, so that the report reflects the views expressed. ";

  private FeedBench() {}

  public static void main(final String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]), Path.of(args[2]));
    } else if (args.length >= 3 && args[0].equals("heap")) {
      heap(Integer.parseInt(args[1]), args[2]);
    } else if (args.length >= 2 && args[0].equals("broker")) {
      broker(Path.of(args[1]));
    } else if (args.length >= 2 && args[0].equals("restart")) {
      restart(Integer.parseInt(args[1]));
    } else {
      System.err.println(
          "usage: FeedBench serve N READY_FILE | broker READY_FILE | heap N BOOTSTRAP | restart N");
      System.exit(2);
    }
  }

  /** A realistic posted input: about 1.2 KB of text and the same as HTML. */
  static SubmissionClassified input(final int i) {
    final String body = PARAGRAPH.repeat(4) + "Input number " + i + ".";
    return Fixtures.sub("bench-" + i)
        .consultation(BENCH)
        .tracking(String.format(Locale.ROOT, "BENCH-2026-%06d", i))
        .subject("Written input " + i + " on the draft report")
        .body(body)
        .html("<p>" + body + "</p><ul><li>Paragraph 12</li><li>Paragraph 15</li></ul>")
        .sender(SENDERS[i % SENDERS.length], "Organisation " + (i % 500))
        .language(LANGUAGES[i % LANGUAGES.length])
        .theme(THEMES[i % THEMES.length], "Theme " + THEMES[i % THEMES.length])
        .theme(THEMES[(i + 2) % THEMES.length], "Theme " + THEMES[(i + 2) % THEMES.length])
        .paragraphs("12", "15")
        .late(i % 17 == 0)
        .received(Fixtures.T0.plusSeconds(i))
        .classified(Fixtures.T0.plusSeconds(60 + i))
        .build();
  }

  /**
   * Restarts with N inputs in the stores: cleanly, then as after a crash (what a kill leaves: no
   * checkpoint files, which exactly_once_v2 answers by restoring the stores from the changelogs).
   */
  private static void restart(final int n) throws Exception {
    final Path dir = Files.createTempDirectory("inputdesk-bench-restart-");
    final EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
      for (int i = 0; i < n; i++) {
        final SubmissionClassified input = input(i);
        producer.send(
            new ProducerRecord<>(
                Topics.SUBMISSIONS_CLASSIFIED.name(),
                input.getId(),
                Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer().serialize("", input)));
      }
    }
    final Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    final Path state = dir.resolve("state");
    for (final String how :
        List.of("first start (read from the topics)", "clean restart", "restart after a crash")) {
      if (how.startsWith("restart after")) {
        try (java.util.stream.Stream<Path> files = Files.walk(state.resolve("streams"))) {
          for (final Path f :
              files.filter(f -> f.getFileName().toString().equals(".checkpoint")).toList()) {
            Files.delete(f);
          }
        }
      }
      final long t0 = System.nanoTime();
      try (PublisherStreams streams = PublisherStreams.start(client, state)) {
        System.out.printf(
            Locale.ROOT,
            "%s with %d inputs: serving after %d ms (%d posted)%n",
            how,
            n,
            (System.nanoTime() - t0) / 1_000_000,
            streams.catalogue().size());
      }
    }
    kafka.close();
    delete(dir);
  }

  private static KafkaProducer<String, byte[]> producer(final String bootstrap) {
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private static void serve(final int n, final Path ready) throws Exception {
    final Path dir = Files.createTempDirectory("inputdesk-bench-");
    final EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    final long produceStart = System.nanoTime();
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              Topics.CONSULTATIONS.name(),
              BENCH,
              Topics.CONSULTATIONS
                  .valueSerde()
                  .serializer()
                  .serialize("", Fixtures.consultation(BENCH, IndividualDisplay.NAME))));
      for (int i = 0; i < n; i++) {
        final SubmissionClassified input = input(i);
        producer.send(
            new ProducerRecord<>(
                Topics.SUBMISSIONS_CLASSIFIED.name(),
                input.getId(),
                Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer().serialize("", input)));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "produced %d inputs in %d ms%n",
        n,
        (System.nanoTime() - produceStart) / 1_000_000);
    final Map<String, Object> settings = new HashMap<>();
    settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    settings.put("http.host", "127.0.0.1");
    settings.put("http.port", "0");
    settings.put("publisher.state.dir", dir.resolve("state").toString());
    final long loadStart = System.nanoTime();
    final PublisherService publisher = PublisherService.start(PublisherConfig.from(settings));
    System.out.printf(
        Locale.ROOT,
        "publisher caught up with %d posted inputs in %d ms%n",
        publisher.catalogue().size(),
        (System.nanoTime() - loadStart) / 1_000_000);
    final CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  publisher.close();
                  kafka.close();
                  delete(dir);
                  stopped.countDown();
                }));

    final URI base = publisher.baseUrl();
    final HttpClient http = HttpClient.newHttpClient();
    time(http, base.resolve("c/" + BENCH + "/"), "list page (50 of " + n + ")");
    time(http, base.resolve("c/" + BENCH + "/?theme=norms&language=fr"), "filtered list page");
    time(http, base.resolve("c/" + BENCH + "/BENCH-2026-000123"), "input page");
    time(http, base.resolve("c/" + BENCH + "/feed.json"), "feed.json 200 (50 items)");
    time(http, base.resolve("c/" + BENCH + "/feed.atom"), "feed.atom 200 (50 entries)");
    heapNow("heap after serving with " + n + " inputs");
    probe(publisher.catalogue());

    final String etag =
        http.send(
                HttpRequest.newBuilder(base.resolve("c/" + BENCH + "/feed.json")).build(),
                HttpResponse.BodyHandlers.discarding())
            .headers()
            .firstValue("ETag")
            .orElseThrow();
    Files.writeString(ready, base + "\n" + etag + "\n");
    System.out.println("ready at " + base);
    stopped.await();
  }

  /** What a 304 costs before any HTTP: the consultation and its stamp, looked up in the stores. */
  private static void probe(final Catalogue catalogue) {
    final org.inputdesk.schemas.Consultation c = catalogue.consultation(BENCH).orElseThrow();
    for (int round = 0; round < 2; round++) {
      final int runs = 200_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        catalogue.consultation(BENCH);
      }
      final double lookup = (System.nanoTime() - t0) / 1000.0 / runs;
      t0 = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        catalogue.stamp(c);
      }
      final double stamp = (System.nanoTime() - t0) / 1000.0 / runs;
      if (round == 1) {
        System.out.printf(
            Locale.ROOT,
            "lookup per request: consultation %.2f us, stamp %.2f us%n",
            lookup,
            stamp);
      }
    }
  }

  /** Sequential requests after a warm-up; prints the median and 95th percentile. */
  private static void time(final HttpClient http, final URI uri, final String what)
      throws Exception {
    final HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
    for (int i = 0; i < 50; i++) {
      http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
    final int runs = 200;
    final long[] micros = new long[runs];
    int bytes = 0;
    for (int i = 0; i < runs; i++) {
      final long start = System.nanoTime();
      final HttpResponse<byte[]> response =
          http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      micros[i] = (System.nanoTime() - start) / 1_000;
      if (response.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + response.statusCode());
      }
      bytes = response.body().length;
    }
    Arrays.sort(micros);
    System.out.printf(
        Locale.ROOT,
        "render %-28s median %6.2f ms  p95 %6.2f ms  (%d bytes)%n",
        what,
        micros[runs / 2] / 1000.0,
        micros[runs * 95 / 100] / 1000.0,
        bytes);
  }

  /** A broker in a process of its own, so that the heap measured is the publisher's alone. */
  private static void broker(final Path ready) throws Exception {
    final Path dir = Files.createTempDirectory("inputdesk-bench-broker-");
    final EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  delete(dir);
                }));
    Files.writeString(ready, kafka.bootstrapServers() + "\n");
    new CountDownLatch(1).await();
  }

  private static void heap(final int n, final String bootstrap) throws Exception {
    final Path dir = Files.createTempDirectory("inputdesk-bench-heap-");
    final Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
    final Path state = dir.resolve("state");
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      producer.send(
          new ProducerRecord<>(
              Topics.CONSULTATIONS.name(),
              BENCH,
              Topics.CONSULTATIONS
                  .valueSerde()
                  .serializer()
                  .serialize("", Fixtures.consultation(BENCH, IndividualDisplay.NAME))));
    }
    final PublisherStreams streams = PublisherStreams.start(client, state);
    final Catalogue onDisk = streams.catalogue();
    final long baseline = heapNow("heap with an empty catalogue");
    final List<Integer> marks = List.of(n / 4, n / 2, 3 * n / 4, n);
    final long start = System.nanoTime();
    int done = 0;
    for (final int mark : marks) {
      // A producer per quarter, closed before measuring: its buffer pool is not the publisher's.
      try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
        for (; done < mark; done++) {
          final SubmissionClassified input = input(done);
          producer.send(
              new ProducerRecord<>(
                  Topics.SUBMISSIONS_CLASSIFIED.name(),
                  input.getId(),
                  Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer().serialize("", input)));
        }
      }
      while (onDisk.size() < mark) {
        Thread.sleep(100);
      }
      final long used = heapNow("heap with " + mark + " inputs in the catalogue (RocksDB)");
      System.out.printf(
          Locale.ROOT,
          "  = %+.1f MB over the empty catalogue; stores on disk %.1f MB%n",
          (used - baseline) / 1048576.0,
          directorySize(state) / 1048576.0);
      dumpHeap(mark);
    }
    System.out.printf(
        Locale.ROOT,
        "applied %d inputs in %d ms (sent, sanitised, indexed, written with changelogs)%n",
        n,
        (System.nanoTime() - start) / 1_000_000);
    time(
        "uncached first page, all inputs (kept counts)",
        20,
        i ->
            onDisk.query(
                BENCH, new Catalogue.Query(null, null, null, null, null, null, 1, 50 + i)));
    time(
        "uncached page 100, all inputs",
        20,
        i ->
            onDisk.query(
                BENCH, new Catalogue.Query(null, null, null, null, null, null, 100, 50 + i)));
    time(
        "uncached filter by theme (scans the index)",
        5,
        i ->
            onDisk.query(
                BENCH, new Catalogue.Query("norms", null, null, null, null, null, 1, 50 + i)));
    time(
        "uncached since (the last 100 changes)",
        20,
        i ->
            onDisk.query(
                BENCH,
                new Catalogue.Query(
                    null,
                    null,
                    null,
                    null,
                    null,
                    Fixtures.T0.plusSeconds(60 + n - 100),
                    1,
                    50 + i)));
    final Catalogue.Page first = onDisk.query(BENCH, Catalogue.Query.all(50));
    time("read the 50 texts of a page", 100, i -> onDisk.withBodies(first));
    System.out.println("inputs: " + onDisk.size());
    streams.close();
    delete(dir);
  }

  /**
   * With {@code -Dbench.heapdumps=DIR}, a class histogram and a dump of the live heap at each
   * quarter, taken here with nothing in flight, to compare two sizes.
   */
  private static void dumpHeap(final int mark) throws Exception {
    final String dumps = System.getProperty("bench.heapdumps");
    if (dumps == null) {
      return;
    }
    Files.writeString(Path.of(dumps, "histogram-" + mark + ".txt"), histogram());
    final Path file = Path.of(dumps, "heap-" + mark + ".hprof");
    Files.deleteIfExists(file);
    java.lang.management.ManagementFactory.getPlatformMXBean(
            com.sun.management.HotSpotDiagnosticMXBean.class)
        .dumpHeap(file.toString(), true);
    System.out.println("heap dump: " + file);
  }

  /** {@code jcmd GC.class_histogram} from inside: the objects reachable after a full GC. */
  private static String histogram() {
    try {
      return java.lang.management.ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
              "gcClassHistogram",
              new Object[] {new String[0]},
              new String[] {String[].class.getName()})
          .toString();
    } catch (javax.management.JMException e) {
      throw new IllegalStateException("no class histogram from this JVM", e);
    }
  }

  private static void time(
      final String what, final int runs, final java.util.function.IntConsumer action) {
    final long t0 = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      action.accept(i);
    }
    System.out.printf(Locale.ROOT, "%s: %.2f ms%n", what, (System.nanoTime() - t0) / runs / 1e6);
  }

  private static long directorySize(final Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long heapNow(final String what) throws InterruptedException {
    final Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
    }
    // The used heap after System.gc() is not what is live: the parallel collector's full GC can
    // leave dead objects uncompacted (its dense prefix), 11-13 MB at some quarters here. The class
    // histogram counts only the objects reachable.
    final String histogram = histogram();
    final String total = histogram.substring(histogram.lastIndexOf("Total")).trim();
    final long live = Long.parseLong(total.split("\\s+")[2]);
    System.out.printf(
        Locale.ROOT,
        "%s: %.1f MB live, %.1f MB used after GC (process RSS %s, RocksDB's memory included)%n",
        what,
        live / 1048576.0,
        (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
        rss());
    return live;
  }

  /** The resident set size from /proc (Linux), or "?" elsewhere. */
  private static String rss() {
    try {
      for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return line.substring(6).trim();
        }
      }
    } catch (java.io.IOException e) {
      // Not Linux: no RSS figure.
    }
    return "?";
  }

  private static void delete(final Path dir) {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("cannot delete " + dir + ": " + e.getMessage());
    }
  }
}
