package org.inputdesk.intake.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.intake.IntakeService;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.EmbeddedDovecot;

/**
 * On-demand intake benchmark (profile {@code bench}, see BENCHMARK.md): fills an IMAP server
 * (Dovecot, or GreenMail) with varied mail, then runs each contender — raw jakarta.mail fetch, a tuned Camel imap→kafka
 * route, the intake service — in a fresh JVM ({@link Contender}), runs interleaved, and reports
 * messages/s per workload with the median of the runs and the intake's ratios to the others. Reads
 * nothing but its own mail; writes target/benchmark.txt and each contender's log in
 * target/bench-logs/.
 */
public final class IntakeBenchmark {

  private static final String SECRET = "secret";
  /** The contenders run, {@code -Dbench.contenders=intake} for one only. */
  private static final List<String> CONTENDERS =
      List.of(System.getProperty("bench.contenders", "raw,camel,intake").split(","));

  private final EmbeddedKafka kafka;
  private final MailServer mail;
  private final Path logs = Path.of("target", "bench-logs");
  private final StringBuilder report = new StringBuilder();

  private IntakeBenchmark(final EmbeddedKafka kafka, final MailServer mail) {
    this.kafka = kafka;
    this.mail = mail;
  }

  public static void main(final String[] args) throws Exception {
    final Map<String, Integer> workloads = new LinkedHashMap<>();
    workloads.put("Small", Integer.getInteger("bench.small", 10_000));
    workloads.put("Pdf", Integer.getInteger("bench.pdf", 1_000));
    workloads.values().removeIf(n -> n <= 0);
    final int runs = Integer.getInteger("bench.runs", 3);
    // Dovecot where it can run; see BENCHMARK.md for why GreenMail is not the default
    final String server =
        System.getProperty(
            "bench.server", EmbeddedDovecot.available() ? "dovecot" : "greenmail");
    final Path work = Files.createTempDirectory("intake-bench-");
    try (MailServer mail = MailServer.start(server);
        EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
      new IntakeBenchmark(kafka, mail).run(server, workloads, runs);
    } finally {
      // the broker's log holds every message several times over
      try (Stream<Path> paths = Files.walk(work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0);
  }

  private void run(final String server, final Map<String, Integer> workloads, final int runs)
      throws Exception {
    Files.createDirectories(logs);
    line(
        "IntakeBenchmark %s, IMAP server %s, %d cores, Java %s, load average %s",
        Instant.now(),
        server,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        load());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, IntakeService.TOPICS, (short) 1);
      admin.createTopics(List.of(new NewTopic("bench-camel", 3, (short) 1))).all().get();
    }
    fill(workloads);
    final Map<String, Double> medians = new LinkedHashMap<>();
    for (final Map.Entry<String, Integer> w : workloads.entrySet()) {
      final Map<String, List<Double>> rates = new LinkedHashMap<>();
      // interleaved (raw, camel, intake, raw, ...): a change in the machine's load hits all alike
      for (int run = 1; run <= runs; run++) {
        for (final String who : CONTENDERS) {
          if (who.equals("camel")) {
            mail.clearSeen("camel", w.getKey());
          }
          final double rate = contender(who, w.getKey(), w.getValue(), run);
          rates.computeIfAbsent(who, k -> new ArrayList<>()).add(rate);
        }
      }
      for (final String who : CONTENDERS) {
        final List<Double> sorted = rates.get(who).stream().sorted().toList();
        final double median = sorted.get(sorted.size() / 2);
        medians.put(who + " " + w.getKey(), median);
        line(
            "%-5s %-6s median %7.0f msgs/s  runs %s",
            w.getKey(),
            who,
            median,
            rates.get(who).stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
      }
    }
    line("");
    line("| workload | raw fetch | Camel imap→kafka | intake | intake × raw | intake × Camel |");
    line("|---|---:|---:|---:|---:|---:|");
    for (final Map.Entry<String, Integer> w : workloads.entrySet()) {
      final double raw = medians.getOrDefault("raw " + w.getKey(), Double.NaN);
      final double camel = medians.getOrDefault("camel " + w.getKey(), Double.NaN);
      final double intake = medians.getOrDefault("intake " + w.getKey(), Double.NaN);
      line(
          "| %,d %s | %,.0f/s | %,.0f/s | %,.0f/s | %.2f× | %.2f× |",
          w.getValue(),
          w.getKey().equals("Small") ? "small messages" : "with an 8-page PDF",
          raw,
          camel,
          intake,
          intake / raw,
          intake / camel);
    }
    line("load average at the end: %s", load());
    Files.writeString(Path.of("target", "benchmark.txt"), report, StandardCharsets.UTF_8);
  }

  /** Each contender's user gets the same messages in folders Small and Pdf. */
  private void fill(final Map<String, Integer> workloads) throws Exception {
    final long begin = System.nanoTime();
    final BenchMail generator = new BenchMail(42);
    for (final Map.Entry<String, Integer> w : workloads.entrySet()) {
      final List<byte[]> messages = new ArrayList<>(w.getValue());
      for (int i = 0; i < w.getValue(); i++) {
        messages.add(w.getKey().equals("Small") ? generator.small(i) : generator.withPdf(i));
      }
      for (final String who : CONTENDERS) {
        mail.fill(who, w.getKey(), messages);
      }
      line(
          "%s: %,d messages, %,d bytes on average",
          w.getKey(),
          w.getValue(),
          messages.stream().mapToLong(m -> m.length).sum() / Math.max(1, w.getValue()));
    }
    line("filled in %.1f s", (System.nanoTime() - begin) / 1e9);
  }

  /** Runs one contender in a JVM of its own; messages per second from its first login. */
  private double contender(final String who, final String folder, final int expected, final int run)
      throws Exception {
    final String name = folder.toLowerCase(Locale.ROOT) + "-" + who + "-" + run;
    final List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // -Dbench.jvm.args="-XX:StartFlightRecording=filename=target/x.jfr" profiles the contenders
    for (final String arg : System.getProperty("bench.jvm.args", "").split(" ")) {
      if (!arg.isBlank()) {
        command.add(arg.replace("{name}", name));
      }
    }
    command.add(
        "-Djakarta.mail.util.StreamProvider=org.eclipse.angus.mail.util.MailStreamProvider");
    command.add("-Dbench.host=127.0.0.1");
    command.add("-Dbench.port=" + mail.port());
    command.add("-Dbench.user=" + who);
    command.add("-Dbench.password=" + SECRET);
    command.add("-Dbench.folder=" + folder);
    command.add("-Dbench.bootstrap=" + kafka.bootstrapServers());
    command.add("-Dbench.expected=" + expected);
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bench.intake."))
        .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Contender.class.getName());
    command.add(who);
    command.add("bench-" + name); // the intake's mailbox name: no checkpoint, reads it all
    final Path log = logs.resolve(name + ".log");
    final String loadBefore = load();
    final Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // a benchmark stopped with Ctrl-C or kill stops its contender too
    final Thread stop = new Thread(p::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(name + " did not finish; see " + log);
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(stop);
    }
    final String result =
        Files.readAllLines(log).stream()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(name + " failed; see " + log));
    final String[] parts = result.split(" ");
    final long count = Long.parseLong(parts[1]);
    final double seconds = Long.parseLong(parts[2]) / 1e9;
    if (count != expected) {
      throw new IllegalStateException(name + " read " + count + " of " + expected);
    }
    final double rate = count / seconds;
    final double jvmSeconds = Long.parseLong(parts[3]) / 1e3;
    line(
        "  %-5s run %d %-6s %7.0f msgs/s (%,d in %.2f s from its login, %.2f s from its JVM's"
            + " start; load %s)",
        folder, run, who, rate, count, seconds, jvmSeconds, loadBefore);
    return rate;
  }

  private static String load() {
    try {
      final String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return l[0] + " " + l[1] + " " + l[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private void line(final String format, final Object... args) {
    final String s = String.format(Locale.ROOT, format, args);
    System.out.println(s);
    System.out.flush();
    report.append(s).append('\n');
  }
}
