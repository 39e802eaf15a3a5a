package org.inputdesk.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void shouldMapEnvironmentVariablesToDottedKeys() {
    assertThat(
            Settings.fromEnvironment(
                Map.of("INPUTDESK_IMAP_POLL_INTERVAL_MS", "500", "HOME", "/root")))
        .containsExactly(Map.entry("imap.poll.interval.ms", "500"));
    assertThat(Settings.toEnv("imap.poll.interval.ms"))
        .isEqualTo("INPUTDESK_IMAP_POLL_INTERVAL_MS");
  }

  @Test
  void shouldPassKafkaKeysToTheClientsWithoutPrefix() {
    assertThat(
            Settings.kafkaClientProps(
                Map.of(
                    "kafka.bootstrap.servers",
                    "b:9092",
                    "kafka.security.protocol",
                    "SSL",
                    "imap.host",
                    "h")))
        .containsOnly(
            Map.entry("bootstrap.servers", "b:9092"), Map.entry("security.protocol", "SSL"));
  }

  @Test
  void shouldNameTheKeyAndTheVariableOfABadValue() {
    final ConfigDef def =
        new ConfigDef()
            .define(
                "imap.port",
                ConfigDef.Type.INT,
                993,
                ConfigDef.Range.between(1, 65535),
                ConfigDef.Importance.HIGH,
                "port");
    assertThatThrownBy(() -> Settings.parse(def, Map.of("imap.port", "ninety")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("imap.port")
        .hasMessageContaining("ninety")
        .hasMessageContaining("INPUTDESK_IMAP_PORT");
  }
}
