package org.inputdesk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.inputdesk.schemas.Settings;
import picocli.CommandLine.Option;

/**
 * How the operator commands reach Kafka: {@code --bootstrap-servers}, else the environment ({@code
 * INPUTDESK_KAFKA_BOOTSTRAP_SERVERS} and any {@code INPUTDESK_KAFKA_*}), else the broker of a
 * running {@code inputdesk local}, else 127.0.0.1:9092.
 */
public final class KafkaOptions {

  /** Where a running local stack says where its broker is. */
  public static final Path LOCAL_CONNECTION = Path.of(".inputdesk", "local-connection.properties");

  @Option(
      names = {"-b", "--bootstrap-servers"},
      description = "Kafka brokers, host:port[,host:port].")
  String bootstrapServers;

  /** How long a command waits for the broker's first answer before saying it cannot reach it. */
  static final Duration REACH_TIMEOUT = Duration.ofMillis(2000);

  private Map<String, Object> reached;

  /**
   * Kafka client settings for a command, once the broker has answered: an unreachable broker is
   * reported within {@link #REACH_TIMEOUT} as a {@link Unreachable} naming the brokers. The
   * clients' own timeouts are bounded so that a broker lost during the command is reported in
   * seconds, not minutes; {@code INPUTDESK_KAFKA_*} settings override them.
   */
  public Map<String, Object> clientProps() {
    if (reached == null) {
      final Map<String, Object> props = settings();
      requireReachable(props, origin());
      props.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
      props.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
      props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
      reached = props;
    }
    return new HashMap<>(reached);
  }

  private Map<String, Object> settings() {
    final Map<String, Object> props =
        new HashMap<>(Settings.kafkaClientProps(Settings.fromEnvironment(System.getenv())));
    if (bootstrapServers != null) {
      props.put("bootstrap.servers", bootstrapServers);
    } else if (!props.containsKey("bootstrap.servers")) {
      props.put("bootstrap.servers", localBroker().orElse("127.0.0.1:9092"));
    }
    props.putIfAbsent("client.id", "inputdesk-cli");
    return props;
  }

  /** Where the brokers' addresses came from, for the message when they cannot be reached. */
  private String origin() {
    if (bootstrapServers != null) {
      return "--bootstrap-servers";
    }
    if (System.getenv("INPUTDESK_KAFKA_BOOTSTRAP_SERVERS") != null) {
      return "INPUTDESK_KAFKA_BOOTSTRAP_SERVERS";
    }
    return localBroker().isPresent() ? "the running ./inputdesk local" : "the default";
  }

  /** The brokers did not answer in time, or refused the client. */
  public static final class Unreachable extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Unreachable(final String message) {
      super(message);
    }
  }

  /**
   * Opens a TCP connection to each bootstrap server until one answers (a refused port or an unknown
   * name is known at once), then asks the cluster for its id, all within {@link #REACH_TIMEOUT} and
   * a half: a closed port, a silent host, an unknown name and a port that is not Kafka end the same
   * way.
   */
  static void requireReachable(final Map<String, Object> props, final String origin) {
    final String servers = String.valueOf(props.get("bootstrap.servers"));
    final String advice =
        " (from "
            + origin
            + "; set --bootstrap-servers or INPUTDESK_KAFKA_BOOTSTRAP_SERVERS, or start"
            + " ./inputdesk local)";
    final long start = System.nanoTime();
    final String tcp = firstRefusal(servers);
    if (tcp != null) {
      throw new Unreachable("cannot reach Kafka at " + servers + ": " + tcp + advice);
    }
    final long spent = Duration.ofNanos(System.nanoTime() - start).toMillis();
    final int ms = (int) Math.max(1000, REACH_TIMEOUT.toMillis() - spent);
    final Map<String, Object> probe = new HashMap<>(props);
    probe.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, ms);
    probe.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    probe.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, ms / 2);
    probe.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ms / 2);
    probe.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    probe.put("client.id", props.getOrDefault("client.id", "inputdesk-cli") + "-reach");
    final String noAnswer = ": no answer from Kafka in " + ms / 1000.0 + " s";
    final Admin admin;
    try {
      admin = Admin.create(probe);
    } catch (KafkaException e) {
      throw new Unreachable("cannot reach Kafka at " + servers + ": " + rootMessage(e) + advice);
    }
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(ms))
          .clusterId()
          .get(ms + 250L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      final Throwable cause = e.getCause();
      throw new Unreachable(
          "cannot reach Kafka at "
              + servers
              + (cause instanceof org.apache.kafka.common.errors.TimeoutException
                  ? noAnswer
                  : ": " + rootMessage(cause))
              + advice);
    } catch (TimeoutException e) {
      throw new Unreachable("cannot reach Kafka at " + servers + noAnswer + advice);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted while reaching Kafka at " + servers);
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  /**
   * Null when a TCP connection to one of the servers opens; else why none did, e.g. "connection
   * refused". Each server gets an equal share of {@link #REACH_TIMEOUT}.
   */
  static String firstRefusal(final String servers) {
    final List<String> hosts =
        Stream.of(servers.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
    final int share = (int) Math.max(200, REACH_TIMEOUT.toMillis() / Math.max(1, hosts.size()));
    String why = "no server given";
    for (final String server : hosts) {
      final String at = hosts.size() > 1 ? " (" + server + ")" : "";
      final String hostPort = server.replaceFirst("^[A-Za-z_]+://", "");
      final int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        why = "'" + server + "' is not host:port";
        continue;
      }
      final String host = hostPort.substring(0, colon).replaceAll("^\\[|\\]$", "");
      final int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        why = "'" + server + "' is not host:port";
        continue;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), share);
        return null;
      } catch (UnknownHostException e) {
        why = "unknown host " + host;
      } catch (SocketTimeoutException e) {
        why = "no answer in " + share / 1000.0 + " s" + at;
      } catch (IOException e) {
        why =
            (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    .toLowerCase(Locale.ROOT)
                + at;
      } catch (IllegalArgumentException e) {
        why = "'" + server + "' is not host:port";
      }
    }
    return why;
  }

  private static String rootMessage(final Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    final String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  private static java.util.Optional<String> localBroker() {
    return java.util.Optional.ofNullable(local().get("bootstrap.servers"));
  }

  /** What a running local stack wrote about itself; empty when none runs. */
  static Map<String, String> local() {
    if (!Files.isRegularFile(LOCAL_CONNECTION)) {
      return Map.of();
    }
    try (InputStream in = Files.newInputStream(LOCAL_CONNECTION)) {
      final Properties p = new Properties();
      p.load(in);
      final Map<String, String> out = new HashMap<>();
      p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
      return out;
    } catch (IOException e) {
      return Map.of();
    }
  }

  /** The local stack's mailbox settings (imap.host, imap.port, ...), for {@code dlq retry}. */
  static Map<String, String> localMailbox() {
    return local();
  }

  /**
   * Records where the local stack's broker and mailbox listen, for the operator commands. The
   * mailbox password of the local run is a fixed local-only one.
   */
  public static void writeLocalConnection(final Map<String, String> values) {
    final Properties p = new Properties();
    values.forEach(p::setProperty);
    try {
      Files.createDirectories(LOCAL_CONNECTION.getParent());
      try (OutputStream out = Files.newOutputStream(LOCAL_CONNECTION)) {
        p.store(out, "written by inputdesk local while it runs");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets the local stack's broker when it stops. */
  public static void clearLocalConnection() {
    try {
      Files.deleteIfExists(LOCAL_CONNECTION);
    } catch (IOException e) {
      // a stale file only makes the next command try a closed port and say so
    }
  }
}
