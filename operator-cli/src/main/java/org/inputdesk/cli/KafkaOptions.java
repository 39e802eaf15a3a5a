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
    if (!Files.isRegularFile(LOCAL_CONNECTION)) {
      return java.util.Optional.empty();
    }
    try (InputStream in = Files.newInputStream(LOCAL_CONNECTION)) {
      final Properties p = new Properties();
      p.load(in);
      return java.util.Optional.ofNullable(p.getProperty("bootstrap.servers"));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** Records where the local stack's broker listens, for the operator commands. */
  public static void writeLocalConnection(final String bootstrapServers) {
    final Properties p = new Properties();
    p.setProperty("bootstrap.servers", bootstrapServers);
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
