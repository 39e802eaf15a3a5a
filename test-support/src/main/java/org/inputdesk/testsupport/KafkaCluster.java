package org.inputdesk.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of several brokers, each a KRaft broker and controller in its own process
 * ({@link BrokerProcess}), so a test can kill one with SIGKILL as a machine failure would. Topics
 * default to one replica per broker and {@code min.insync.replicas} of a majority. Writes each
 * broker's config, log directory and output under the directory it is given.
 */
public final class KafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);

  private final List<Process> brokers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final List<Path> configs = new ArrayList<>();
  private String clusterId;

  private KafkaCluster() {}

  /**
   * Starts {@code size} brokers under {@code dir} and waits until all of them are in the cluster.
   */
  public static KafkaCluster start(final Path dir, final int size) {
    final KafkaCluster cluster = new KafkaCluster();
    try {
      cluster.startAll(dir, size);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll(final Path dir, final int size) {
    final List<Integer> controllers = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(FreePorts.next());
      controllers.add(FreePorts.next());
    }
    final StringJoiner voters = new StringJoiner(",");
    for (int i = 0; i < size; i++) {
      voters.add((i + 1) + "@127.0.0.1:" + controllers.get(i));
    }
    clusterId = Uuid.randomUuid().toString();
    final long begin = System.nanoTime();
    for (int i = 0; i < size; i++) {
      brokers.add(
          launch(
              dir.resolve("broker-" + (i + 1)),
              i + 1,
              size,
              voters.toString(),
              controllers.get(i)));
    }
    awaitBrokers(size, Duration.ofSeconds(90));
    LOG.info(
        "Kafka cluster of {} brokers (separate processes) ready at {} in {} ms",
        size,
        bootstrapServers(),
        Duration.ofNanos(System.nanoTime() - begin).toMillis());
  }

  private Process launch(
      final Path dir,
      final int node,
      final int size,
      final String voters,
      final int controllerPort) {
    try {
      Files.createDirectories(dir);
      final int port = ports.get(node - 1);
      final Properties p = EmbeddedKafka.brokerProperties(dir.resolve("log"), port, controllerPort);
      final String replicas = String.valueOf(size);
      final String majority = String.valueOf(size / 2 + 1);
      p.setProperty("node.id", String.valueOf(node));
      p.setProperty("controller.quorum.voters", voters);
      p.setProperty("default.replication.factor", replicas);
      p.setProperty("min.insync.replicas", majority);
      p.setProperty("offsets.topic.replication.factor", replicas);
      p.setProperty("transaction.state.log.replication.factor", replicas);
      p.setProperty("transaction.state.log.min.isr", majority);
      p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
      p.setProperty("share.coordinator.state.topic.min.isr", majority);
      final Path config = dir.resolve("server.properties");
      try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        p.store(out, "InputDesk test cluster, broker " + node);
      }
      configs.add(config);
      return spawn(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start broker " + node + " in " + dir, e);
    }
  }

  /** Starts the broker of {@code config}; its output is appended, so a restart keeps the first. */
  private Process spawn(final Path config) {
    try {
      return new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx384m",
              "-cp",
              System.getProperty("java.class.path"),
              BrokerProcess.class.getName(),
              config.toString(),
              clusterId)
          .redirectErrorStream(true)
          .redirectOutput(
              ProcessBuilder.Redirect.appendTo(config.resolveSibling("broker.out").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the broker of " + config, e);
    }
  }

  private void awaitBrokers(final int expected, final Duration timeout) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      while (true) {
        try {
          if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == expected) {
            return;
          }
        } catch (Exception e) {
          // not up yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the " + expected + " brokers did not form a cluster in " + timeout);
        }
        for (final Process b : brokers) {
          if (!b.isAlive()) {
            throw new IllegalStateException(
                "a broker process ended at start: exit " + b.exitValue());
          }
        }
      }
    }
  }

  /** Every broker, for clients: a client finds the others from any one that is up. */
  public String bootstrapServers() {
    final StringJoiner all = new StringJoiner(",");
    ports.forEach(p -> all.add("127.0.0.1:" + p));
    return all.toString();
  }

  /** Kills broker {@code node} (1-based) with SIGKILL, as a lost machine, and waits for it. */
  public void kill(final int node) throws InterruptedException {
    final Process p = brokers.get(node - 1);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
    LOG.info("Killed broker {} (pid {})", node, p.pid());
  }

  /**
   * Stops broker {@code node} (1-based) with SIGTERM, as an operator's restart does (a controlled
   * shutdown), and starts it again on the same ports and log directory; returns once the cluster
   * has all its brokers again.
   */
  public void restart(final int node) throws InterruptedException {
    final Process old = brokers.get(node - 1);
    old.destroy();
    if (!old.waitFor(60, TimeUnit.SECONDS)) {
      old.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    brokers.set(node - 1, spawn(configs.get(node - 1)));
    awaitBrokers(brokers.size(), Duration.ofSeconds(90));
    LOG.info("Restarted broker {} (pid {})", node, brokers.get(node - 1).pid());
  }

  /** Whether broker {@code node} (1-based) is running. */
  public boolean isAlive(final int node) {
    return brokers.get(node - 1).isAlive();
  }

  @Override
  public void close() {
    for (final Process p : brokers) {
      p.destroy();
    }
    for (final Process p : brokers) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
