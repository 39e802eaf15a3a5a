package org.inputdesk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
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

  /** Kafka client settings for a command. */
  public Map<String, Object> clientProps() {
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
