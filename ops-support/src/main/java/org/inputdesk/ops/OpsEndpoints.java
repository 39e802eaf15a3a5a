package org.inputdesk.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's operator endpoints on their own port: {@code /health/live} and {@code /health/ready}
 * for orchestrators (they say nothing but up or not), and {@code /metrics} in Prometheus text
 * format, which answers only with the operator token ({@code Authorization: Bearer TOKEN}) and 401
 * otherwise. Reads the registry and the readiness check it is given; writes nothing.
 */
public final class OpsEndpoints implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoints.class);

  private final HttpServer server;
  private final PrometheusMeterRegistry registry;

  private OpsEndpoints(final HttpServer server, final PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /** A registry with the JVM's own meters bound, tagged with the service's name. */
  public static PrometheusMeterRegistry registry(final String service) {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", service);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /** Serves the endpoints as configured; null when the config says none. */
  public static OpsEndpoints start(
      final OpsConfig config, final PrometheusMeterRegistry registry, final BooleanSupplier ready) {
    if (!config.enabled()) {
      registry.close();
      return null;
    }
    return start(config.host(), config.port(), config.token().value(), registry, ready);
  }

  /**
   * Serves the endpoints on {@code host:port} (port 0: any free one). An empty token locks {@code
   * /metrics} entirely: operator endpoints never answer without one.
   */
  public static OpsEndpoints start(
      final String host,
      final int port,
      final String token,
      final PrometheusMeterRegistry registry,
      final BooleanSupplier ready) {
    try {
      final HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
      server.setExecutor(
          Executors.newFixedThreadPool(
              2,
              r -> {
                final Thread t = new Thread(r, "ops-http");
                t.setDaemon(true);
                return t;
              }));
      server.createContext("/health/live", ex -> respond(ex, 200, "text/plain", "live\n"));
      server.createContext(
          "/health/ready",
          ex -> {
            final boolean ok = ready.getAsBoolean();
            respond(ex, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready\n");
          });
      server.createContext(
          "/metrics",
          ex -> {
            if (!authorised(ex.getRequestHeaders().getFirst("Authorization"), token)) {
              ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"inputdesk-ops\"");
              respond(ex, 401, "text/plain", "operator token required\n");
              return;
            }
            respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
          });
      server.start();
      if (token == null || token.isBlank()) {
        LOG.warn("ops.token is not set: /metrics answers 401 to everyone until it is");
      }
      LOG.info("operator endpoints on {}:{}", host, server.getAddress().getPort());
      return new OpsEndpoints(server, registry);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the operator endpoints on " + host + ":" + port, e);
    }
  }

  /** Constant-time comparison of a Bearer header with the token; no token means no access. */
  static boolean authorised(final String header, final String token) {
    if (token == null || token.isBlank() || header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(
        header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(
      final HttpExchange ex, final int status, final String type, final String body)
      throws IOException {
    final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.getResponseHeaders().add("Cache-Control", "no-store");
    ex.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port the endpoints listen on. */
  public int port() {
    return server.getAddress().getPort();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    server.stop(0);
    registry.close();
  }
}
