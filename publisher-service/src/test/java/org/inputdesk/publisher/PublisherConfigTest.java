package org.inputdesk.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PublisherConfigTest {

  @Test
  void shouldUseDefaults() {
    final PublisherConfig config = PublisherConfig.from(Map.of());

    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.pageSize()).isEqualTo(50);
    assertThat(config.publicUrl()).isNull();
    assertThat(config.exportDir()).isNull();
    assertThat(config.kafka()).containsEntry("bootstrap.servers", "127.0.0.1:9092");
  }

  @Test
  void shouldNormalisePublicUrlAndPassKafkaSettings() {
    final PublisherConfig config =
        PublisherConfig.from(
            Map.of(
                "publisher.public.url", "https://example.org/inputs",
                "kafka.security.protocol", "SSL",
                "http.port", "0"));

    assertThat(config.publicUrl()).hasToString("https://example.org/inputs/");
    assertThat(config.kafka()).containsEntry("security.protocol", "SSL");
    assertThat(config.httpPort()).isZero();
  }

  @Test
  void shouldNameKeyAndEnvironmentVariableOfBadValue() {
    assertThatThrownBy(() -> PublisherConfig.from(Map.of("http.port", "99999")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port")
        .hasMessageContaining("INPUTDESK_HTTP_PORT");
    assertThatThrownBy(() -> PublisherConfig.from(Map.of("publisher.public.url", "/relative")))
        .hasMessageContaining("INPUTDESK_PUBLISHER_PUBLIC_URL");
  }
}
