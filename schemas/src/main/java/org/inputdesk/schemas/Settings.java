package org.inputdesk.schemas;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration shared by the services: dotted lower-case keys ({@code imap.poll.interval.ms}),
 * environment variables mapped mechanically ({@code INPUTDESK_IMAP_POLL_INTERVAL_MS}), and Kafka
 * client settings passed through under the {@code kafka.} prefix ({@code kafka.security.protocol}).
 */
public final class Settings {

  public static final String ENV_PREFIX = "INPUTDESK_";
  public static final String KAFKA_PREFIX = "kafka.";
  public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

  private Settings() {}

  /** {@code INPUTDESK_IMAP_POLL_INTERVAL_MS=5} becomes {@code imap.poll.interval.ms=5}. */
  public static Map<String, String> fromEnvironment(final Map<String, String> env) {
    final Map<String, String> out = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX)) {
            out.put(toKey(name), value);
          }
        });
    return out;
  }

  /** The key an environment variable names. */
  public static String toKey(final String envName) {
    return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** The environment variable for a key. */
  public static String toEnv(final String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Parses values against a definition, failing with a message that names the key and the bad value
   * (passwords hidden).
   */
  public static AbstractConfig parse(final ConfigDef definition, final Map<String, ?> values) {
    try {
      return new AbstractConfig(definition, values, false);
    } catch (ConfigException e) {
      throw new ConfigException(
          "invalid configuration: "
              + e.getMessage()
              + " (set it as a key or as the environment variable "
              + guessEnv(e.getMessage())
              + ")");
    }
  }

  private static String guessEnv(final String message) {
    // ConfigException messages read "Invalid value X for configuration KEY: reason" or
    // "Missing required configuration \"KEY\" ..."
    final var m =
        java.util.regex.Pattern.compile("configuration \"?([a-z0-9.\\-]+)\"?").matcher(message);
    return m.find() ? toEnv(m.group(1)) : "INPUTDESK_…";
  }

  /** Kafka client settings from {@code kafka.*} keys, prefix removed. */
  public static Map<String, Object> kafkaClientProps(final Map<String, ?> values) {
    final Map<String, Object> out = new HashMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(KAFKA_PREFIX) && value != null) {
            out.put(key.substring(KAFKA_PREFIX.length()), value);
          }
        });
    return out;
  }

  /** Adds the Kafka bootstrap key every service has. */
  public static ConfigDef withKafka(final ConfigDef definition) {
    return definition.define(
        BOOTSTRAP_SERVERS,
        ConfigDef.Type.STRING,
        "127.0.0.1:9092",
        ConfigDef.Importance.HIGH,
        "Kafka brokers, host:port[,host:port]. Any other kafka.* key is passed to the Kafka clients"
            + " with the prefix removed (kafka.security.protocol, kafka.sasl.jaas.config, ...).");
  }
}
