package org.inputdesk.publisher.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.attachments.AttachmentHeaders;
import org.inputdesk.publisher.attachments.AttachmentStore;
import org.inputdesk.publisher.render.AtomWriter;
import org.inputdesk.publisher.render.FeedWriter;
import org.inputdesk.publisher.render.Pages;
import org.inputdesk.publisher.render.SiteLinks;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.schemas.Consultation;

/**
 * The HTTP routes: pages (Pebble templates, escaped by default), feeds and attachments, all read
 * from the {@link Catalogue}; every response carries a strict Content-Security-Policy. Each route
 * answers GET, HEAD and OPTIONS and refuses other methods with 405; feeds and attachments may be
 * read from any origin (CORS). Writes nothing but responses.
 */
public final class Site {

  static final String PAGE_CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
          + " base-uri 'none'; frame-ancestors 'none'";
  static final String ATTACHMENT_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";
  static final String HTML = "text/html; charset=utf-8";

  static final String CSS = "text/css; charset=utf-8";

  /** What every route answers to; anything else is refused with 405. */
  static final String ALLOW = "GET, HEAD, OPTIONS";

  private static final List<HandlerType> REFUSED =
      List.of(
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE,
          HandlerType.TRACE,
          HandlerType.CONNECT);

  private final Catalogue catalogue;
  private final SiteLinks links;
  private final FeedWriter feeds;
  private final AtomWriter atom;
  private final int pageSize;
  private final Pages pages;
  private final byte[] stylesheet;
  private final String stylesheetTag;
  // Pages and feeds are rendered once per change, not per request: the bytes of each URL and
  // encoding are kept under the ETag they were rendered for, which names the stored content, so a
  // change of what a page shows gives a new key and the old bytes are never served again.
  private final Cache<String, byte[]> rendered =
      Caffeine.newBuilder()
          .maximumWeight(RENDERED_BYTES)
          .weigher((String key, byte[] body) -> key.length() + body.length)
          .build();
  private final AtomicLong renders = new AtomicLong();
  private static final long RENDERED_BYTES = 64L * 1024 * 1024;
  // What page() answered, given again before Javalin routes the next request for the same URL and
  // encoding, until the version moves: most of a 304's cost was routing and the servlet stack,
  // and Javalin copies a 200's bytes through an InputStream (BENCHMARK.md).
  private final KeptAnswers kept;

  public Site(final Catalogue catalogue, final SiteLinks links, final int pageSize) {
    this.catalogue = catalogue;
    this.links = links;
    this.feeds = new FeedWriter(links);
    this.atom = new AtomWriter(links);
    this.pageSize = pageSize;
    this.pages = new Pages(Pages.Mode.LIVE);
    this.kept = new KeptAnswers(catalogue::version);
    try (InputStream in =
        Site.class.getResourceAsStream("/org/inputdesk/publisher/static/style.css")) {
      this.stylesheet = in.readAllBytes();
      this.stylesheetTag = "css-" + Integer.toHexString(java.util.Arrays.hashCode(stylesheet));
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("stylesheet missing from the jar", e);
    }
  }

  /** A server with every route, not started; one per Site. */
  public Javalin create() {
    final Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.router.ignoreTrailingSlashes = false;
              config.http.generateEtags = false;
              // Encodings are chosen per representation, each with its own ETag (Representation).
              config.http.disableCompression();
              config.jetty.modifyServer(server -> server.insertHandler(kept));
            });
    app.before(
        ctx -> {
          ctx.header("Content-Security-Policy", PAGE_CSP);
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header("Referrer-Policy", "no-referrer");
          ctx.header("X-Frame-Options", "DENY");
        });
    route(app, "/", this::home, false);
    route(app, "/static/style.css", this::style, false);
    route(app, "/attachments/{sha}/{name}", this::attachment, true);
    route(app, "/attachments/{sha}", this::attachment, true);
    route(
        app,
        "/c/{id}",
        ctx ->
            ctx.redirect(
                SiteLinks.segment(ctx.pathParam("id")) + "/",
                io.javalin.http.HttpStatus.MOVED_PERMANENTLY),
        false);
    route(app, "/c/{id}/", this::consultation, false);
    route(app, "/c/{id}/feed.json", this::jsonFeed, true);
    route(app, "/c/{id}/feed.atom", this::atomFeed, true);
    route(app, "/c/{id}/paragraphs", this::paragraphs, false);
    route(app, "/c/{id}/{slug}", this::entry, false);
    app.error(404, ctx -> error(ctx, 404, "Not found", "There is nothing at this address."));
    app.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, "Bad request", e.getMessage()));
    app.exception(
        InvalidStateStoreException.class,
        (e, ctx) -> {
          // The stores are being restored or handed over: a moment, not an error of the request.
          ctx.header("Retry-After", "1");
          error(ctx, 503, "Unavailable", "The inputs are being loaded; try again in a moment.");
        });
    return app;
  }

  /**
   * Serves {@code handler} for GET and HEAD (the same headers, no body for HEAD), answers OPTIONS
   * and refuses every other method with 405 and {@code Allow}. Routes others may read from their
   * own pages ({@code cors}: feeds and attachments) carry {@code Access-Control-Allow-Origin: *}.
   */
  private void route(
      final Javalin app, final String path, final Handler handler, final boolean cors) {
    final Handler served =
        cors
            ? ctx -> {
              Cors.allow(ctx);
              handler.handle(ctx);
            }
            : handler;
    app.get(path, served);
    app.head(path, served);
    app.options(path, ctx -> options(ctx, cors));
    for (final HandlerType other : REFUSED) {
      app.addHttpHandler(other, path, this::methodNotAllowed);
    }
  }

  private void options(final Context ctx, final boolean cors) {
    ctx.header("Allow", ALLOW);
    if (cors) {
      Cors.preflight(ctx, ALLOW);
    }
    ctx.status(204);
  }

  private void methodNotAllowed(final Context ctx) {
    ctx.header("Allow", ALLOW);
    error(
        ctx,
        405,
        "Method not allowed",
        "This address only answers " + ALLOW + "; nothing here can be changed over the web.");
  }

  private void home(final Context ctx) {
    page(ctx, HTML, null, () -> pages.home(catalogue.consultations()));
  }

  private void style(final Context ctx) {
    ctx.header("Cache-Control", "public, max-age=3600");
    final Representation css = Representation.negotiate(ctx, CSS, stylesheetTag);
    if (!css.notModified(ctx, Optional.empty())) {
      css.send(ctx, stylesheet);
    }
  }

  private void consultation(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    final Catalogue.Query query = query(ctx);
    page(ctx, HTML, c, () -> pages.consultation(c, query, catalogue.query(c.getId(), query)));
  }

  private void entry(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    final String slug = ctx.pathParam("slug");
    final Optional<PublicEntry> entry = catalogue.entry(c.getId(), slug);
    if (entry.isEmpty()) {
      final Optional<Catalogue.Removed> removed = catalogue.removedEntry(c.getId(), slug);
      if (removed.isPresent() && removed.get().withdrawn()) {
        final String name =
            removed.get().trackingNumber() == null ? "This input" : removed.get().trackingNumber();
        error(ctx, 410, "Withdrawn", name + " was withdrawn and is no longer published.");
        return;
      }
      throw new io.javalin.http.NotFoundResponse();
    }
    page(
        ctx,
        HTML,
        c,
        () ->
            pages.entry(
                c,
                entry.get(),
                entry.get().campaignId() == null
                    ? null
                    : catalogue.campaign(c.getId(), entry.get().campaignId()).orElse(null)));
  }

  private void paragraphs(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    page(ctx, HTML, c, () -> pages.paragraphs(c, catalogue.byParagraph(c.getId())));
  }

  private void jsonFeed(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    final Catalogue.Query query = query(ctx);
    page(
        ctx,
        FeedWriter.CONTENT_TYPE,
        c,
        () -> feeds.jsonFeed(c, catalogue.withBodies(catalogue.query(c.getId(), query)), query));
  }

  private void atomFeed(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    final Catalogue.Query query = query(ctx);
    page(
        ctx,
        AtomWriter.CONTENT_TYPE,
        c,
        () ->
            atom.feed(
                c,
                catalogue.withBodies(catalogue.query(c.getId(), query)),
                query,
                catalogue.removed(c.getId(), query.since()),
                catalogue.lastModified(c.getId()).orElse(c.getUpdatedAt())));
  }

  private void attachment(final Context ctx) {
    final String sha = ctx.pathParam("sha").toLowerCase(Locale.ROOT);
    if (!sha.matches("[0-9a-f]{64}")) {
      throw new io.javalin.http.NotFoundResponse();
    }
    final AttachmentStore.Stored file =
        catalogue.publicAttachment(sha).orElseThrow(io.javalin.http.NotFoundResponse::new);
    final String type = AttachmentHeaders.contentType(file.contentType());
    ctx.header("Content-Security-Policy", ATTACHMENT_CSP);
    ctx.header(
        "Content-Disposition",
        AttachmentHeaders.contentDisposition(file.filename(), AttachmentHeaders.inline(type)));
    ctx.header("Cache-Control", "public, max-age=300");
    // Sent as stored, never re-encoded: one representation, named by its sha256.
    final Representation bytes =
        Representation.negotiate(ctx.header("Accept-Encoding"), type, sha, false);
    if (bytes.notModified(ctx, Optional.empty())) {
      return;
    }
    ctx.contentType(type);
    ctx.header("Content-Length", Long.toString(file.size()));
    if (ctx.method() == HandlerType.HEAD) {
      return;
    }
    try {
      ctx.result(catalogue.attachments().open(sha));
    } catch (java.io.IOException e) {
      // Withdrawn or removed between the lookup and the read.
      throw new io.javalin.http.NotFoundResponse();
    }
  }

  /**
   * Answers with a document made from the catalogue: ETag and Last-Modified first, 304 when the
   * client's copy is current (nothing rendered), else the rendered body in the negotiated encoding.
   * The ETag changes with every catalogue change, differs per URL and per encoding.
   */
  private void page(
      final Context ctx,
      final String contentType,
      final Consultation consultation,
      final Supplier<String> render) {
    // Read before the stamp, so that KeptAnswers never keeps a tag under an older version than
    // the content it names.
    final long version = catalogue.version();
    // Named by what is stored (content digests, consultation versions), so the same content has
    // the same tag after a restart; computed before rendering, so a tag never names newer content.
    final String base;
    final Optional<Instant> modified;
    if (consultation == null) {
      base = catalogue.homeStamp();
      modified = Optional.empty();
    } else {
      final Catalogue.Stamp stamp = catalogue.stamp(consultation);
      base = stamp.etag();
      modified =
          Optional.ofNullable(stamp.lastModified()).map(t -> t.truncatedTo(ChronoUnit.SECONDS));
    }
    final String opaque =
        base + "-" + Integer.toHexString((ctx.path() + "?" + ctx.queryString()).hashCode());
    final Representation representation = Representation.negotiate(ctx, contentType, opaque);
    ctx.header("Cache-Control", "no-cache");
    final String acceptEncoding = ctx.header("Accept-Encoding");
    if (representation.notModified(ctx, modified)) {
      // Every header of the 304 is set by now.
      kept.notModified(
          version, acceptEncoding, ctx.path(), ctx.queryString(), representation.etag(), ctx.res());
      return;
    }
    final String key = representation.etag() + " " + ctx.path() + "?" + ctx.queryString();
    final byte[] body =
        rendered.get(
            key,
            k -> {
              renders.incrementAndGet();
              return representation.encode(render.get().getBytes(StandardCharsets.UTF_8));
            });
    representation.sendEncoded(ctx, body);
    kept.full(
        version,
        acceptEncoding,
        ctx.path(),
        ctx.queryString(),
        representation.etag(),
        ctx.res(),
        body);
  }

  /** How many answers were given before Javalin (KeptAnswers), for tests. */
  long keptAnswers() {
    return kept.answers();
  }

  /** How many times a page or feed was rendered, for tests and the benchmark. */
  long renders() {
    return renders.get();
  }

  private Consultation consultationOr404(final Context ctx) {
    return catalogue
        .consultation(ctx.pathParam("id"))
        .orElseThrow(io.javalin.http.NotFoundResponse::new);
  }

  private Catalogue.Query query(final Context ctx) {
    final String late = ctx.queryParam("late");
    final String since = ctx.queryParam("since");
    Instant sinceAt = null;
    if (since != null && !since.isBlank()) {
      try {
        sinceAt = Instant.parse(since.trim());
      } catch (DateTimeParseException e) {
        throw new BadRequest("since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
      }
    }
    int page = 1;
    try {
      final String p = ctx.queryParam("page");
      page = p == null ? 1 : Math.max(1, Integer.parseInt(p));
    } catch (NumberFormatException e) {
      throw new BadRequest("page must be a number");
    }
    return new Catalogue.Query(
        blankToNull(ctx.queryParam("theme")),
        blankToNull(ctx.queryParam("sender-type")),
        blankToNull(ctx.queryParam("language")),
        "true".equals(late) ? Boolean.TRUE : "false".equals(late) ? Boolean.FALSE : null,
        blankToNull(ctx.queryParam("campaign")),
        sinceAt,
        page,
        pageSize);
  }

  private static String blankToNull(final String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private void error(final Context ctx, final int status, final String title, final String text) {
    ctx.status(status);
    Representation.negotiate(ctx, HTML, null)
        .send(
            ctx, pages.error(links.base().getPath(), title, text).getBytes(StandardCharsets.UTF_8));
  }

  /** A request the server cannot answer as asked; shown to the client as a 400. */
  static final class BadRequest extends RuntimeException {
    BadRequest(final String message) {
      super(message);
    }
  }
}
