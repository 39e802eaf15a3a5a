package org.inputdesk.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Time;
import org.inputdesk.common.kafka.TopicScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), in this JVM,
 * built from Apache Kafka's own server classes, listening on free loopback ports and keeping its
 * log in a directory the caller gives. Reads nothing; writes its log directory.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dataDir;
  private final int brokerPort;
  private final KafkaRaftServer server;
  private final Duration startup;

  private EmbeddedKafka(
      final Path dataDir,
      final int brokerPort,
      final KafkaRaftServer server,
      final Duration startup) {
    this.dataDir = dataDir;
    this.brokerPort = brokerPort;
    this.server = server;
    this.startup = startup;
  }

  /**
   * Formats {@code dataDir} if it is new, starts the broker and waits until it answers. A data
   * directory formatted before is reused, so a local run keeps its topics across restarts.
   */
  public static EmbeddedKafka start(final Path dataDir) {
    return start(dataDir, Map.of());
  }

  /** As {@link #start(Path)}, with broker settings added or overridden. */
  public static EmbeddedKafka start(final Path dataDir, final Map<String, String> overrides) {
    final long begin = System.nanoTime();
    try {
      Files.createDirectories(dataDir);
      final Path logDir = dataDir.resolve("kraft-log");
      final int brokerPort = FreePorts.next();
      final int controllerPort = FreePorts.next();
      final Properties props = brokerProperties(logDir, brokerPort, controllerPort);
      overrides.forEach(props::setProperty);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(dataDir, props);
      }
      final KafkaRaftServer server =
          new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      final EmbeddedKafka kafka =
          new EmbeddedKafka(
              dataDir, brokerPort, server, Duration.ofNanos(System.nanoTime() - begin));
      kafka.awaitReady(Duration.ofSeconds(60));
      LOG.info(
          "Kafka broker (KRaft) ready at {} in {} ms, data in {}",
          kafka.bootstrapServers(),
          Duration.ofNanos(System.nanoTime() - begin).toMillis(),
          dataDir);
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDir, e);
    }
  }

  /**
   * The settings of one combined KRaft broker and controller on loopback ports, its log in {@code
   * logDir}: a quorum of one, one replica. A cluster of several starts from these and sets its node
   * id, voters and replication.
   */
  public static Properties brokerProperties(
      final Path logDir, final int brokerPort, final int controllerPort) {
    final Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", logDir.toString());
    p.setProperty("num.partitions", "3");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "3");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "3");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("message.max.bytes", String.valueOf(50 * 1024 * 1024));
    p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    return p;
  }

  private static void format(final Path dataDir, final Properties props) throws IOException {
    final Path config = dataDir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      props.store(out, "InputDesk embedded broker");
    }
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final int code;
    try (PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      code =
          StorageTool.execute(
              new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
              print);
    }
    if (code != 0) {
      throw new IllegalStateException(
          "formatting Kafka storage in "
              + dataDir
              + " failed ("
              + code
              + "): "
              + buffer.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady(final Duration timeout) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          admin.listTopics().names().get(5, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka broker did not become ready in " + timeout, e);
          }
        }
      }
    }
  }

  /**
   * Every committed record of a topic, read from the beginning to the end offsets seen at start
   * without a consumer group: what a downstream reader would see. Fails when that takes over ten
   * seconds.
   */
  public <V> List<ConsumerRecord<byte[], V>> readCommitted(
      final String topic, final Deserializer<V> values) {
    final List<ConsumerRecord<byte[], V>> out = new ArrayList<>();
    TopicScanner.scan(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
        topic,
        new ByteArrayDeserializer(),
        values,
        Duration.ofSeconds(10),
        out::add);
    return out;
  }

  /**
   * Shuts the broker part down, giving the controlled shutdown at most {@code wait} (after which it
   * goes on uncontrolled: the log is still flushed, and the next start waits for the old broker's
   * session to end). KafkaRaftServer offers no timeout, so its broker is reached by reflection;
   * should that fail, its own shutdown does the same without the bound.
   */
  private void shutDownBrokerWithin(final Duration wait) {
    try {
      final Field field = KafkaRaftServer.class.getDeclaredField("broker");
      field.setAccessible(true);
      final scala.Option<?> broker = (scala.Option<?>) field.get(server);
      if (broker.isDefined()) {
        ((BrokerServer) broker.get()).shutdown(wait);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Broker shutdown without a bound on the controlled shutdown: {}", e.toString());
    }
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** Where the broker keeps its log. */
  public Path dataDir() {
    return dataDir;
  }

  /** How long start-up took, format included. */
  public Duration startupTime() {
    return startup;
  }

  /**
   * Kafka waits up to five minutes for its controller to agree to a controlled shutdown, and in a
   * single combined node that wait now and then does not end, which hung the local run's Ctrl-C.
   */
  private static final Duration CONTROLLED_SHUTDOWN_WAIT = Duration.ofSeconds(15);

  @Override
  public void close() {
    shutDownBrokerWithin(CONTROLLED_SHUTDOWN_WAIT);
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Kafka broker stopped");
  }
}
