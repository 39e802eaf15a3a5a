package org.inputdesk.publisher;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.inputdesk.schemas.Consultation;

/**
 * The HTTP routes: pages (Pebble templates, escaped by default), feeds and attachments, all read
 * from the {@link Catalogue}; every response carries a strict Content-Security-Policy. Writes
 * nothing but responses.
 */
final class Site {

  static final String PAGE_CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
          + " base-uri 'none'; frame-ancestors 'none'";
  static final String ATTACHMENT_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";
  static final String HTML = "text/html; charset=utf-8";

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final Catalogue catalogue;
  private final Links links;
  private final FeedWriter feeds;
  private final AtomWriter atom;
  private final int pageSize;
  private final Pages pages;
  private final byte[] stylesheet;

  Site(final Catalogue catalogue, final Links links, final int pageSize) {
    this.catalogue = catalogue;
    this.links = links;
    this.feeds = new FeedWriter(links);
    this.atom = new AtomWriter(links);
    this.pageSize = pageSize;
    this.pages = new Pages(Pages.Mode.LIVE);
    try (InputStream in = Site.class.getResourceAsStream("static/style.css")) {
      this.stylesheet = in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("stylesheet missing from the jar", e);
    }
  }

  /** A server with every route, not started. */
  Javalin create() {
    final Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.router.ignoreTrailingSlashes = false;
              config.http.generateEtags = false;
            });
    app.before(
        ctx -> {
          ctx.header("Content-Security-Policy", PAGE_CSP);
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header("Referrer-Policy", "no-referrer");
          ctx.header("X-Frame-Options", "DENY");
        });
    app.get("/", this::home);
    app.get("/static/style.css", this::style);
    app.get("/attachments/{sha}/{name}", this::attachment);
    app.get("/attachments/{sha}", this::attachment);
    app.get(
        "/c/{id}",
        ctx ->
            ctx.redirect(
                Links.segment(ctx.pathParam("id")) + "/",
                io.javalin.http.HttpStatus.MOVED_PERMANENTLY));
    app.get("/c/{id}/", this::consultation);
    app.get("/c/{id}/feed.json", this::jsonFeed);
    app.get("/c/{id}/feed.atom", this::atomFeed);
    app.get("/c/{id}/paragraphs", this::paragraphs);
    app.get("/c/{id}/{slug}", this::entry);
    app.error(404, ctx -> error(ctx, 404, "Not found", "There is nothing at this address."));
    app.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, "Bad request", e.getMessage()));
    return app;
  }

  private void home(final Context ctx) {
    if (notModified(ctx, null)) {
      return;
    }
    render(ctx, pages.home(catalogue.consultations()));
  }

  private void style(final Context ctx) {
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.contentType("text/css; charset=utf-8");
    ctx.result(stylesheet);
  }

  private void consultation(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    final Catalogue.Query query = query(ctx);
    if (notModified(ctx, c.getId())) {
      return;
    }
    render(ctx, pages.consultation(c, query, catalogue.query(c.getId(), query)));
  }

  private void entry(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    final Optional<PublicEntry> entry = catalogue.entry(c.getId(), ctx.pathParam("slug"));
    if (entry.isEmpty()) {
      throw new io.javalin.http.NotFoundResponse();
    }
    if (notModified(ctx, c.getId())) {
      return;
    }
    render(ctx, pages.entry(c, entry.get()));
  }

  private void paragraphs(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    if (notModified(ctx, c.getId())) {
      return;
    }
    render(ctx, pages.paragraphs(c, catalogue.byParagraph(c.getId())));
  }

  private void jsonFeed(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    final Catalogue.Query query = query(ctx);
    if (notModified(ctx, c.getId())) {
      return;
    }
    ctx.contentType(FeedWriter.CONTENT_TYPE);
    ctx.result(feeds.jsonFeed(c, catalogue.withBodies(catalogue.query(c.getId(), query)), query));
  }

  private void atomFeed(final Context ctx) {
    final Consultation c = consultationOr404(ctx);
    final Catalogue.Query query = query(ctx);
    if (notModified(ctx, c.getId())) {
      return;
    }
    ctx.contentType(AtomWriter.CONTENT_TYPE);
    ctx.result(
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
    final String etag = "\"" + sha + "\"";
    ctx.header("ETag", etag);
    if (matches(ctx.header("If-None-Match"), etag)) {
      ctx.status(304);
      return;
    }
    ctx.contentType(type);
    ctx.header("Content-Length", Long.toString(file.size()));
    try {
      ctx.result(catalogue.attachments().open(sha));
    } catch (java.io.IOException e) {
      // Withdrawn or removed between the lookup and the read.
      throw new io.javalin.http.NotFoundResponse();
    }
  }

  /**
   * Sets ETag and Last-Modified and answers 304 when the client's copy is current. The ETag changes
   * with every catalogue change and differs per URL; If-None-Match takes precedence (RFC 9110).
   */
  private boolean notModified(final Context ctx, final String consultationId) {
    final String etag =
        "\""
            + catalogue.etag()
            + "-"
            + Integer.toHexString((ctx.path() + "?" + ctx.queryString()).hashCode())
            + "\"";
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", "no-cache");
    final Optional<Instant> modified =
        consultationId == null
            ? Optional.empty()
            : catalogue.lastModified(consultationId).map(t -> t.truncatedTo(ChronoUnit.SECONDS));
    modified.ifPresent(
        t -> ctx.header("Last-Modified", HTTP_DATE.format(t.atOffset(ZoneOffset.UTC))));
    final String ifNoneMatch = ctx.header("If-None-Match");
    final boolean current;
    if (ifNoneMatch != null) {
      current = matches(ifNoneMatch, etag);
    } else {
      current = modified.isPresent() && notAfter(modified.get(), ctx.header("If-Modified-Since"));
    }
    if (current) {
      ctx.status(304);
    }
    return current;
  }

  static boolean matches(final String ifNoneMatch, final String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (final String candidate : ifNoneMatch.split(",")) {
      final String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static boolean notAfter(final Instant modified, final String ifModifiedSince) {
    if (ifModifiedSince == null) {
      return false;
    }
    try {
      return !modified.isAfter(Instant.from(HTTP_DATE.parse(ifModifiedSince.trim())));
    } catch (DateTimeParseException e) {
      return false;
    }
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
    render(ctx, pages.error(links.base().getPath(), title, text));
    ctx.status(status);
  }

  private void render(final Context ctx, final String html) {
    ctx.contentType(HTML);
    ctx.result(html);
  }

  /** A request the server cannot answer as asked; shown to the client as a 400. */
  static final class BadRequest extends RuntimeException {
    BadRequest(final String message) {
      super(message);
    }
  }
}
