package org.inputdesk.publisher;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.inputdesk.ops.OpsEndpoints;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher: keeps a {@link Catalogue} from the consultations, submissions-classified and
 * submission-attachments topics and serves the pages, feeds and attachments over HTTP. Writes only
 * to submissions-dlq (records it cannot read).
 */
public final class PublisherService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PublisherService.class);
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  private final Catalogue catalogue;
  private final CatalogueReader reader;
  private final Javalin http;
  private final URI baseUrl;
  private final ScheduledExecutorService exports;
  private final Runnable closeState;
  private OpsEndpoints ops;

  private PublisherService(
      final Catalogue catalogue,
      final CatalogueReader reader,
      final Javalin http,
      final URI baseUrl,
      final ScheduledExecutorService exports,
      final Runnable closeState) {
    this.closeState = closeState;
    this.catalogue = catalogue;
    this.reader = reader;
    this.http = http;
    this.baseUrl = baseUrl;
    this.exports = exports;
  }

  /**
   * Creates missing topics, reads the topics up to where they ended at start (so the first page
   * served is complete), then starts the HTTP server and returns.
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
    final Path stateDir;
    final boolean temporary = config.stateDir() == null;
    try {
      stateDir =
          temporary
              ? java.nio.file.Files.createTempDirectory("inputdesk-publisher-")
              : config.stateDir();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create a state directory", e);
    }
    final AttachmentStore store =
        AttachmentStore.directory(stateDir.resolve("attachments"), temporary);
    final Catalogue catalogue;
    try {
      catalogue = Catalogue.open(store, stateDir.resolve("catalogue"));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    final Runnable closeState =
        () -> {
          catalogue.close();
          store.close();
          if (temporary) {
            deleteTree(stateDir);
          }
        };
    final CatalogueReader reader = new CatalogueReader(config.kafka(), catalogue);
    reader.start();
    try {
      if (!reader.awaitCaughtUp(CATCH_UP)) {
        LOG.warn("catalogue not caught up after {}; serving what it has", CATCH_UP);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reader.close();
      closeState.run();
      throw new IllegalStateException("interrupted while reading the catalogue", e);
    }
    final Javalin http;
    final URI own;
    final Links links;
    try {
      final URI placeholder =
          config.publicUrl() != null ? config.publicUrl() : URI.create("http://localhost/");
      links = new Links(placeholder);
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
      reader.close();
      closeState.run();
      throw e;
    }
    LOG.info(
        "publisher serving at {} (public {})",
        own,
        config.publicUrl() == null ? own : config.publicUrl());
    final ScheduledExecutorService exports =
        config.exportDir() == null ? null : exportLoop(catalogue, links, config.exportDir());
    final PublisherService service =
        new PublisherService(catalogue, reader, http, own, exports, closeState);
    final PrometheusMeterRegistry registry = OpsEndpoints.registry("publisher");
    Gauge.builder("inputdesk_catalogue_inputs", catalogue, Catalogue::size)
        .description("Inputs in the catalogue")
        .register(registry);
    service.ops = OpsEndpoints.start(config.ops(), registry, () -> true);
    return service;
  }

  /** The port of the operator endpoints; -1 when none are served. */
  public int opsPort() {
    return ops == null ? -1 : ops.port();
  }

  /** Re-exports within a second of any catalogue change; an export that fails is retried. */
  private static ScheduledExecutorService exportLoop(
      final Catalogue catalogue, final Links links, final Path dir) {
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

  /** The catalogue being served, for tools and tests. */
  public Catalogue catalogue() {
    return catalogue;
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
    reader.close();
    closeState.run();
    LOG.info("publisher stopped");
  }

  /**
   * Removes a temporary state directory; what cannot be removed is left to the OS's temp cleanup.
   */
  static void deleteTree(final Path dir) {
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", dir, e.getMessage());
    }
  }
}
