package org.inputdesk.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.embedded.FreePorts;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.KafkaCluster;

/**
 * The fault harness of issue 21 (BENCHMARK.md): a broker in its own process, GreenMail in this
 * JVM, intake, classifier and publisher each in its own process; mail over SMTP at a steady rate
 * while one fault at a time is injected (kill -9 or SIGTERM of a service, started again at once as a
 * supervisor would; a broker restart on the same log directory); measures for each fault the time
 * until the feed is back in step with delivery, and checks at the end that every mail is on the
 * feed exactly once. Writes the services' logs, the lag samples and the report under {@code
 * faults.dir}. In package {@code cli} for the tests' {@link ServiceProcess} and {@link CliRun}.
 */
public final class SteadyLoadFaults {

  private static final String ADDRESS = "inputs@oewg.localhost";
  private static final String PASSWORD = "steady-load";
  private static final String DEFAULT_FAULTS =
      "kill intake,kill classifier,kill publisher,restart broker,"
          + "term intake,term classifier,term publisher,restart broker";

  private final double rate = Double.parseDouble(System.getProperty("faults.rate", "30"));
  private final long warmupMs = 1000 * Long.getLong("faults.warmup.s", 60);
  private final long intervalMs = 1000 * Long.getLong("faults.interval.s", 50);
  private final List<String> plan =
      List.of(System.getProperty("faults.list", DEFAULT_FAULTS).split("\\s*,\\s*"));
  private final String afterCommit = System.getProperty("faults.after.commit", "move");
  private final Path dir;
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private KafkaCluster kafka;
  private EmbeddedMail mail;
  private URI feed;

  private SteadyLoadFaults(final Path dir) {
    this.dir = dir;
  }

  public static void main(final String[] args) throws Exception {
    final String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    final Path dir =
        Path.of(System.getProperty("faults.dir", "target/faults")).resolve("run-" + stamp);
    final SteadyLoadFaults harness = new SteadyLoadFaults(dir);
    int code;
    try {
      code = harness.run();
    } finally {
      harness.close();
    }
    System.exit(code);
  }

  private int run() throws Exception {
    final String loadBefore = Machine.load();
    start();
    final long loadMs = warmupMs + plan.size() * intervalMs;
    final int capacity = (int) Math.ceil(rate * loadMs / 1000.0) + 10;
    final SteadySender sender = new SteadySender(mail, rate, capacity);
    final FeedWatcher watcher = new FeedWatcher(feed, sender, capacity, 250);
    final Thread sending = new Thread(sender, "steady-sender");
    final Thread watching = new Thread(watcher, "feed-watcher");
    final long loadStart = System.currentTimeMillis();
    sending.start();
    watching.start();
    final List<FaultReport.Fault> faults = new ArrayList<>();
    for (int k = 0; k < plan.size(); k++) {
      sleepUntil(loadStart + warmupMs + k * intervalMs);
      faults.add(inject(plan.get(k)));
      log("fault %d/%d %s done; %d mails sent", k + 1, plan.size(), plan.get(k), sender.sent());
    }
    sleepUntil(loadStart + loadMs);
    sender.stop();
    sending.join();
    final long drainUntil = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(3);
    while (!watcher.caughtUp() && System.currentTimeMillis() < drainUntil) {
      TimeUnit.MILLISECONDS.sleep(250);
    }
    final long end = System.currentTimeMillis();
    watcher.stop();
    watching.join();

    // the timings are written first: a failure of the final count must not lose them
    writeSamples(watcher.samples(), loadStart);
    final List<FaultReport.Outcome> outcomes =
        FaultReport.outcomes(faults, watcher.samples(), end);
    final String timings =
        report(sender, watcher, loadStart, faults, outcomes, loadBefore, end);
    Files.writeString(dir.resolve("report.md"), timings, StandardCharsets.UTF_8);
    String verdict;
    boolean once;
    try {
      final Map<Integer, Integer> counts = watcher.countAll();
      final List<Integer> missing = new ArrayList<>();
      final List<Integer> twice = new ArrayList<>();
      for (int i = 0; i < sender.sent(); i++) {
        final int n = counts.getOrDefault(i, 0);
        if (n == 0) {
          missing.add(i);
        } else if (n > 1) {
          twice.add(i);
        }
      }
      once = missing.isEmpty() && twice.isEmpty();
      verdict =
          String.format(
              Locale.ROOT,
              "On the feed exactly once: %s (%d missing%s, %d more than once%s)%n",
              once ? "yes" : "NO",
              missing.size(),
              missing.isEmpty() ? "" : " e.g. " + SteadySender.token(missing.get(0)),
              twice.size(),
              twice.isEmpty() ? "" : " e.g. " + SteadySender.token(twice.get(0)));
    } catch (Exception e) {
      once = false;
      verdict = "On the feed exactly once: NOT CHECKED, the final count failed: " + e + "\n";
    }
    final String report = timings + verdict;
    System.out.println(report);
    Files.writeString(dir.resolve("report.md"), report, StandardCharsets.UTF_8);
    log("report and samples in %s", dir);
    return once ? 0 : 1;
  }

  private void start() throws Exception {
    Files.createDirectories(dir);
    kafka = KafkaCluster.start(dir.resolve("kafka"), 1);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    final Path local = ReadmeCommands.root().resolve("operator-cli/src/main/resources/local");
    final CliRun applied =
        CliRun.against(
            kafka.bootstrapServers(),
            "consultations",
            "apply",
            local.resolve("consultation.yaml").toString());
    if (applied.code() != 0) {
      throw new IllegalStateException("consultation not applied: " + applied.err());
    }
    mail = EmbeddedMail.start(ADDRESS, PASSWORD);

    final Map<String, String> common = new LinkedHashMap<>();
    common.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    common.put("ops.http.port", "-1");
    final int httpPort = FreePorts.next();
    feed = URI.create("http://127.0.0.1:" + httpPort + "/c/oewg-ict-2026/feed.json");
    final Path logs = dir.resolve("logs");

    final Map<String, String> in = new LinkedHashMap<>(common);
    in.put("imap.host", mail.host());
    in.put("imap.port", String.valueOf(mail.imapPort()));
    in.put("imap.protocol", "imap");
    in.put("imap.user", mail.user());
    in.put("imap.password", mail.password());
    // GreenMail answers each UID FETCH with a scan of the whole folder per message (O(n^2) in the
    // messages it holds): with every mail flagged and left in INBOX, a fetch of 200 took 13 s at
    // 10,000 messages and intake fell behind the 30/s for the mail server's sake, not its own.
    // Moving each committed mail to the processed folder keeps INBOX at the backlog, as a real
    // server's index would make its size not matter; -Dfaults.after.commit=flag measures the other.
    in.put("imap.after.commit", afterCommit);
    final Map<String, String> cl = new LinkedHashMap<>(common);
    cl.put("classifier.state.dir", dir.resolve("classifier").toString());
    final Map<String, String> pub = new LinkedHashMap<>(common);
    pub.put("http.host", "127.0.0.1");
    pub.put("http.port", String.valueOf(httpPort));
    pub.put("publisher.state.dir", dir.resolve("publisher").toString());
    services.put(
        "classifier",
        new ServiceProcess("classifier", org.inputdesk.classifier.topology.Main.class, cl, logs));
    services.put(
        "publisher", new ServiceProcess("publisher", org.inputdesk.publisher.Main.class, pub, logs));
    services.put("intake", new ServiceProcess("intake", org.inputdesk.intake.Main.class, in, logs));
    services.values().forEach(ServiceProcess::start);
    awaitFeed(Duration.ofSeconds(120));
    log("stack up: broker %s, feed %s, logs in %s", kafka.bootstrapServers(), feed, logs);
  }

  private FaultReport.Fault inject(final String fault) throws Exception {
    final String[] parts = fault.split(" ");
    final long at = System.currentTimeMillis();
    if ("broker".equals(parts[1])) {
      kafka.restart(1);
    } else {
      final ServiceProcess service = services.get(parts[1]);
      if (service == null) {
        throw new IllegalArgumentException("no service " + parts[1] + " in " + fault);
      }
      if ("kill".equals(parts[0])) {
        service.kill();
      } else {
        service.terminate();
      }
      service.start();
    }
    final String name = "kill".equals(parts[0]) ? "kill -9 " + parts[1] : fault;
    return new FaultReport.Fault(name, at, System.currentTimeMillis());
  }

  private void awaitFeed(final Duration within) throws Exception {
    final HttpClient http = HttpClient.newHttpClient();
    final long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        final HttpResponse<Void> r =
            http.send(HttpRequest.newBuilder(feed).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IllegalStateException("the feed did not answer within " + within);
  }

  private String report(
      final SteadySender sender,
      final FeedWatcher watcher,
      final long loadStart,
      final List<FaultReport.Fault> faults,
      final List<FaultReport.Outcome> outcomes,
      final String loadBefore,
      final long end) {
    final long firstFault = faults.isEmpty() ? end : faults.get(0).at();
    // the steady state: the second half of the warm-up, once the JVMs are warm
    final long steadyFrom = loadStart + warmupMs / 2;
    final List<Long> lags =
        watcher.samples().stream()
            .filter(s -> s.at() >= steadyFrom && s.at() < firstFault)
            .map(FeedWatcher.Sample::lagMs)
            .toList();
    final List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < sender.sent(); i++) {
      final long d = sender.deliveredAt(i);
      if (d >= steadyFrom && d < firstFault && watcher.firstSeen(i) >= 0) {
        latencies.add(watcher.firstSeen(i) - d);
      }
    }
    final long worst =
        outcomes.stream()
            .mapToLong(o -> o.toInStepMs() < 0 ? Long.MAX_VALUE : o.toInStepMs())
            .max()
            .orElse(0);
    return String.format(
            Locale.ROOT,
            "# Steady load with faults, %s%n%n"
                + "%s; load before %s, after %s%n"
                + "%d mails at %.0f/s (%.1f/s held) over %d s (sender at most %d ms behind schedule),"
                + " a fault every"
                + " %d s after %d s of warm-up; in step = every mail accepted up to 2 s before is on"
                + " the feed (polled every 250 ms with ?since=); back in step = in step for 10 s on"
                + " end; intake's imap.after.commit=%s%n%n"
                + "Steady state before any fault: feed lag p50 %d ms, p99 %d ms; delivery to feed"
                + " p50 %d ms, p99 %d ms (%d mails)%n%n",
            Instant.ofEpochMilli(loadStart),
            Machine.describe(),
            loadBefore,
            Machine.load(),
            sender.sent(),
            rate,
            sender.sent() * 1000.0 / Math.max(1, sender.lastAt() - loadStart),
            (end - loadStart) / 1000,
            sender.behindMs(),
            intervalMs / 1000,
            warmupMs / 1000,
            afterCommit,
            FaultReport.percentile(lags, 50),
            FaultReport.percentile(lags, 99),
            FaultReport.percentile(latencies, 50),
            FaultReport.percentile(latencies, 99),
            latencies.size())
        + FaultReport.table(outcomes)
        + "\n"
        + FaultReport.medians(outcomes)
        + String.format(
            Locale.ROOT,
            "%nEvery fault back in step within 30 s: %s%n", worst <= 30_000 ? "yes" : "NO");
  }

  private void writeSamples(final List<FeedWatcher.Sample> samples, final long loadStart)
      throws IOException {
    final StringBuilder csv = new StringBuilder("seconds,lag_ms,answered\n");
    for (final FeedWatcher.Sample s : samples) {
      csv.append(
          String.format(
              Locale.ROOT, "%.3f,%d,%b%n", (s.at() - loadStart) / 1000.0, s.lagMs(), s.answered()));
    }
    Files.writeString(dir.resolve("samples.csv"), csv, StandardCharsets.UTF_8);
  }

  private static void sleepUntil(final long epochMs) throws InterruptedException {
    final long wait = epochMs - System.currentTimeMillis();
    if (wait > 0) {
      TimeUnit.MILLISECONDS.sleep(wait);
    }
  }

  private static void log(final String format, final Object... args) {
    System.out.printf(
        Locale.ROOT, "%s %s%n", Instant.now(), String.format(Locale.ROOT, format, args));
  }

  private void close() throws Exception {
    for (final ServiceProcess s : services.values()) {
      s.close();
    }
    if (mail != null) {
      mail.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }
}
