package org.inputdesk.publisher.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Answers a GET or HEAD of a page or feed in Jetty, before Javalin routes it, with what {@link
 * Site} answered last for the same URL in the same encoding, as long as the catalogue's version has
 * not moved since (every change of what a page shows moves it): a 304 when If-None-Match names the
 * kept tag, else the kept 200, headers and bytes as Site sent them. A request with only
 * If-Modified-Since, a version that moved, a URL not answered yet or any other method goes on to
 * Javalin untouched. Reads the request's method, URL, If-None-Match, If-Modified-Since and
 * Accept-Encoding; writes the response.
 */
final class KeptAnswers extends HandlerWrapper {

  /** The kept 200s' bytes at most (outside the heap). */
  private static final long KEPT_BYTES = 64L * 1024 * 1024;

  /** Headers of a 200 that a 304 does not carry (RFC 9110 15.4.5: it describes no content). */
  private static final Set<String> CONTENT_HEADERS =
      Set.of("content-type", "content-length", "content-encoding");

  /**
   * What was answered as of a catalogue version: the tag, the headers of a 304 for it, and the
   * 200's headers (Content-Length apart) and bytes, null while only a 304 was answered. The bytes
   * are a direct buffer, written to the socket as they are: a heap array would be copied into one
   * on every write (140 KB for a feed).
   */
  private record Kept(
      long version, String etag, HttpFields notModified, HttpFields full, ByteBuffer body) {}

  private final LongSupplier version;
  private final Cache<String, Kept> kept =
      Caffeine.newBuilder()
          .maximumWeight(KEPT_BYTES)
          .weigher(
              (String key, Kept k) -> key.length() + (k.body() == null ? 0 : k.body().capacity()))
          .build();
  private final LongAdder answers = new LongAdder();

  KeptAnswers(final LongSupplier version) {
    this.version = version;
  }

  /**
   * Remembers a 304 that {@link Site} is giving, {@code response} holding all its headers. {@code
   * version} is the catalogue's version read before the tag was computed, so that a tag is never
   * kept under an older version than the content it names; {@code acceptEncoding} is the request's.
   */
  void notModified(
      final long version,
      final String acceptEncoding,
      final String path,
      final String query,
      final String etag,
      final HttpServletResponse response) {
    final String key = key(Representation.acceptsGzip(acceptEncoding), path, query);
    final Kept known = kept.getIfPresent(key);
    if (known != null && known.version() == version && known.etag().equals(etag)) {
      return;
    }
    kept.put(key, new Kept(version, etag, headers(response, false), null, null));
  }

  /** Remembers a 200 that {@link Site} has written: all its headers and its bytes. */
  void full(
      final long version,
      final String acceptEncoding,
      final String path,
      final String query,
      final String etag,
      final HttpServletResponse response,
      final byte[] body) {
    final String key = key(Representation.acceptsGzip(acceptEncoding), path, query);
    final Kept known = kept.getIfPresent(key);
    if (known != null
        && known.version() == version
        && known.etag().equals(etag)
        && known.body() != null) {
      return;
    }
    final ByteBuffer direct = ByteBuffer.allocateDirect(body.length).put(body).flip();
    kept.put(
        key,
        new Kept(
            version,
            etag,
            headers(response, false),
            headers(response, true),
            direct.asReadOnlyBuffer()));
  }

  /** The response's headers, encoded once here rather than on every answer. */
  private static HttpFields headers(final HttpServletResponse response, final boolean full) {
    final HttpFields.Mutable headers = HttpFields.build();
    for (final String name : response.getHeaderNames()) {
      final String lower = name.toLowerCase(Locale.ROOT);
      // Jetty dates each response itself. Content-Length is set on the response, so that Jetty
      // knows it (no chunked encoding).
      if (lower.equals("date")
          || (full ? lower.equals("content-length") : CONTENT_HEADERS.contains(lower))) {
        continue;
      }
      for (final String value : response.getHeaders(name)) {
        headers.add(new PreEncodedHttpField(name, value));
      }
    }
    return headers.asImmutable();
  }

  @Override
  public void handle(
      final String target,
      final Request base,
      final HttpServletRequest request,
      final HttpServletResponse response)
      throws IOException, ServletException {
    if (!answered(base)) {
      super.handle(target, base, request, response);
    }
  }

  private boolean answered(final Request base) throws IOException {
    final String method = base.getMethod();
    final boolean head = "HEAD".equals(method);
    if (!head && !"GET".equals(method)) {
      return false;
    }
    final HttpFields fields = base.getHttpFields();
    final String ifNoneMatch = fields.get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch == null && fields.contains(HttpHeader.IF_MODIFIED_SINCE)) {
      return false; // decided by date, in Site
    }
    final boolean gzip = Representation.acceptsGzip(fields.get(HttpHeader.ACCEPT_ENCODING));
    final Kept known = kept.getIfPresent(key(gzip, base.getRequestURI(), base.getQueryString()));
    if (known == null || known.version() != version.getAsLong()) {
      return false;
    }
    final Response response = base.getResponse();
    if (ifNoneMatch != null && Representation.matches(ifNoneMatch, known.etag())) {
      answers.increment();
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      response.getHttpFields().add(known.notModified());
    } else if (known.body() != null) {
      // counted before the body goes out: a client holding the whole answer may ask at once
      answers.increment();
      response.setStatus(HttpServletResponse.SC_OK);
      response.getHttpFields().add(known.full());
      response.setContentLength(known.body().capacity());
      if (!head) {
        // One write of the whole body, not Javalin's copy of it through an InputStream; a
        // duplicate, as the write moves its position.
        response.getHttpOutput().sendContent(known.body().duplicate());
      }
    } else {
      return false;
    }
    base.setHandled(true);
    return true;
  }

  /** How many answers were given here, for tests. */
  long answers() {
    return answers.sum();
  }

  private static String key(final boolean gzip, final String path, final String query) {
    return (gzip ? "gzip " : "identity ") + path + "?" + query;
  }
}
