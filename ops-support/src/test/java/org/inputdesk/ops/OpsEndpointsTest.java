package org.inputdesk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsEndpointsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(final int port, final String path, final String auth)
      throws Exception {
    final HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeMetricsOnlyWithTheOperatorToken() throws Exception {
    final var registry = OpsEndpoints.registry("test-service");
    registry.counter("inputdesk_probe_total").increment();
    try (OpsEndpoints ops = OpsEndpoints.start("127.0.0.1", 0, "s3cret", registry, () -> true)) {
      assertThat(get(ops.port(), "/metrics", null).statusCode()).isEqualTo(401);
      assertThat(get(ops.port(), "/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
      final HttpResponse<String> ok = get(ops.port(), "/metrics", "Bearer s3cret");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body())
          .contains("inputdesk_probe_total", "service=\"test-service\"", "jvm_memory_used_bytes");
    }
  }

  @Test
  void shouldLockMetricsWhenNoTokenIsConfigured() throws Exception {
    try (OpsEndpoints ops =
        OpsEndpoints.start("127.0.0.1", 0, "", OpsEndpoints.registry("s"), () -> true)) {
      assertThat(get(ops.port(), "/metrics", "Bearer ").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void shouldAnswerLivenessAndReadinessWithoutToken() throws Exception {
    final AtomicBoolean ready = new AtomicBoolean(false);
    try (OpsEndpoints ops =
        OpsEndpoints.start("127.0.0.1", 0, "t", OpsEndpoints.registry("s"), ready::get)) {
      assertThat(get(ops.port(), "/health/live", null).statusCode()).isEqualTo(200);
      assertThat(get(ops.port(), "/health/ready", null).statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(ops.port(), "/health/ready", null).statusCode()).isEqualTo(200);
    }
  }
}
