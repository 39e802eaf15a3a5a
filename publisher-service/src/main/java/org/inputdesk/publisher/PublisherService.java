package org.inputdesk.publisher;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.inputdesk.ops.OpsEndpoints;
import org.inputdesk.publisher.export.Exporter;
import org.inputdesk.publisher.http.Site;
import org.inputdesk.publisher.render.SiteLinks;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.publisher.store.PublisherStreams;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher: runs {@link PublisherStreams} over the consultations, submissions-classified and
 * submission-attachments topics and serves the pages, feeds and attachments over HTTP from its
 * stores. Writes its changelogs, submissions-dlq (records it cannot read) and, when configured, a
 * static export directory.
 */
public final class PublisherService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PublisherService.class);

  private final PublisherStreams streams;
  private final Javalin http;
  private final URI baseUrl;
  private final ScheduledExecutorService exports;
  private OpsEndpoints ops;

  private PublisherService(
      final PublisherStreams streams,
      final Javalin http,
      final URI baseUrl,
      final ScheduledExecutorService exports) {
    this.streams = streams;
    this.http = http;
    this.baseUrl = baseUrl;
    this.exports = exports;
  }

  /**
   * Creates missing topics, applies what the topics held at start (so the first page served is
   * complete), then starts the HTTP server and returns.
   */
  public static PublisherService start(final PublisherConfig config) {
    try (Admin admin = Admin.create(config.kafka())) {
      Topics.ensure(
          admin,
          List.of(
              Topics.CONSULTATIONS,
              Topics.SUBMISSION_ATTACHMENTS,
              Topics.SUBMISSIONS_CLASSIFIED,
              Topics.SUBMISSIONS_DLQ),
          (short) 1);
    }
    final PublisherStreams streams = PublisherStreams.start(config.kafka(), config.stateDir());
    final Catalogue catalogue = streams.catalogue();
    final Javalin http;
    final URI own;
    final SiteLinks links;
    try {
      final URI placeholder =
          config.publicUrl() != null ? config.publicUrl() : URI.create("http://localhost/");
      links = new SiteLinks(placeholder);
      http = new Site(catalogue, links, config.pageSize()).create();
      http.start(config.httpHost(), config.httpPort());
      final String host =
          "0.0.0.0".equals(config.httpHost()) || "::".equals(config.httpHost())
              ? "127.0.0.1"
              : config.httpHost();
      own =
          URI.create(
              "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port() + "/");
      if (config.publicUrl() == null) {
        links.rebase(own);
      }
    } catch (RuntimeException e) {
      streams.close();
      throw e;
    }
    LOG.info(
        "publisher {} serving at {} (public {})",
        streams.applicationId(),
        own,
        config.publicUrl() == null ? own : config.publicUrl());
    final ScheduledExecutorService exports =
        config.exportDir() == null ? null : exportLoop(catalogue, links, config.exportDir());
    final PublisherService service = new PublisherService(streams, http, own, exports);
    final PrometheusMeterRegistry registry = OpsEndpoints.registry("publisher");
    Gauge.builder("inputdesk_catalogue_inputs", catalogue, PublisherService::inputs)
        .description("Inputs in the catalogue")
        .register(registry);
    service.ops =
        OpsEndpoints.start(
            config.ops(), registry, () -> streams.state() == KafkaStreams.State.RUNNING);
    return service;
  }

  private static double inputs(final Catalogue catalogue) {
    try {
      return catalogue.size();
    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
      // Rebalancing or restoring: no figure rather than a wrong one.
      return Double.NaN;
    }
  }

  /** The port of the operator endpoints; -1 when none are served. */
  public int opsPort() {
    return ops == null ? -1 : ops.port();
  }

  /** Re-exports within a second of any catalogue change; an export that fails is retried. */
  private static ScheduledExecutorService exportLoop(
      final Catalogue catalogue, final SiteLinks links, final Path dir) {
    final ScheduledExecutorService loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              final Thread t = new Thread(r, "publisher-export");
              t.setDaemon(true);
              return t;
            });
    final Exporter exporter = new Exporter(catalogue, links);
    final AtomicLong exported = new AtomicLong(-1);
    loop.scheduleWithFixedDelay(
        () -> {
          final long version = catalogue.version();
          if (version == exported.get()) {
            return;
          }
          try {
            exporter.export(dir);
            exported.set(version);
          } catch (IOException | RuntimeException e) {
            LOG.error("export to {} failed, retrying: {}", dir, e.getMessage(), e);
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
    return loop;
  }

  /** Where the server answers, e.g. {@code http://127.0.0.1:8080/}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Whether it had applied what the topics held at start when it began to serve. */
  public boolean caughtUp() {
    return streams.caughtUp();
  }

  /** The stores as pages and feeds read them. */
  public Catalogue catalogue() {
    return streams.catalogue();
  }

  @Override
  public void close() {
    if (exports != null) {
      exports.shutdownNow();
    }
    http.stop();
    if (ops != null) {
      ops.close();
    }
    streams.close();
    LOG.info("publisher stopped");
  }
}
