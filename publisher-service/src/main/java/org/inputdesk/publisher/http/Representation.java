package org.inputdesk.publisher.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * One response body as it goes out (RFC 9110): gzip when the client accepts it and the type is
 * worth compressing, else identity; an entity tag per encoding (gzip bytes are another
 * representation than the plain ones, so they get another strong tag); {@code Vary:
 * Accept-Encoding} wherever the encoding could have differed; 304 when the client's copy is
 * current; and for HEAD the same headers as GET, Content-Length included, without the body. Reads
 * the request's headers; writes the response.
 */
final class Representation {

  static final String VARY = "Accept-Encoding";

  private final String contentType;
  private final boolean compressible;
  private final boolean gzip;
  private final String etag;

  private Representation(
      final String contentType, final boolean compressible, final boolean gzip, final String etag) {
    this.contentType = contentType;
    this.compressible = compressible;
    this.gzip = gzip;
    this.etag = etag;
  }

  /**
   * The representation a request with this {@code Accept-Encoding} gets of a body of this type;
   * {@code opaqueTag} names the identity bytes (null: no ETag). Attachments pass {@code
   * compressible} false: they go out as stored.
   */
  static Representation negotiate(
      final String acceptEncoding,
      final String contentType,
      final String opaqueTag,
      final boolean compressible) {
    final boolean gzip = compressible && acceptsGzip(acceptEncoding);
    final String etag = opaqueTag == null ? null : "\"" + opaqueTag + (gzip ? "-gzip" : "") + "\"";
    return new Representation(contentType, compressible, gzip, etag);
  }

  /** As {@link #negotiate(String, String, String, boolean)} for the request in {@code ctx}. */
  static Representation negotiate(
      final Context ctx, final String contentType, final String opaqueTag) {
    return negotiate(
        ctx.header("Accept-Encoding"), contentType, opaqueTag, compressible(contentType));
  }

  /** Text formats shrink well; images, PDFs and archives are compressed already. */
  static boolean compressible(final String contentType) {
    final String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.endsWith("+json")
        || type.endsWith("+xml")
        || type.equals("application/json")
        || type.equals("application/xml");
  }

  /**
   * Whether gzip is acceptable: named (or {@code *}) with a q-value above zero (RFC 9110 12.5.3).
   */
  static boolean acceptsGzip(final String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    Boolean gzip = null;
    boolean star = false;
    for (final String element : acceptEncoding.split(",")) {
      final String[] parts = element.trim().split(";");
      final String coding = parts[0].trim().toLowerCase(Locale.ROOT);
      final boolean acceptable = quality(parts) > 0;
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        gzip = acceptable;
      } else if (coding.equals("*")) {
        star = acceptable;
      }
    }
    return gzip != null ? gzip : star;
  }

  private static double quality(final String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      final String p = parts[i].trim();
      if (p.length() > 2 && (p.startsWith("q=") || p.startsWith("Q="))) {
        try {
          return Double.parseDouble(p.substring(2));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  boolean gzip() {
    return gzip;
  }

  /** The entity tag, quotes included; null when there is none. */
  String etag() {
    return etag;
  }

  /**
   * Sets ETag, Vary and Last-Modified, and answers 304 when the client's copy is current:
   * If-None-Match decides when present (weak comparison), else If-Modified-Since against {@code
   * lastModified}. Returns true when the 304 is the whole answer.
   */
  boolean notModified(final Context ctx, final Optional<Instant> lastModified) {
    metadata(ctx);
    lastModified.ifPresent(t -> ctx.header("Last-Modified", HttpDates.format(t)));
    final String ifNoneMatch = ctx.header("If-None-Match");
    final boolean current =
        ifNoneMatch != null
            ? matches(ifNoneMatch, etag)
            : lastModified.isPresent()
                && HttpDates.parse(ctx.header("If-Modified-Since"))
                    .map(since -> !lastModified.get().isAfter(since))
                    .orElse(false);
    if (current) {
      ctx.status(304);
      // Javalin's default type (text/plain) is not this content's: a cache that updates its stored
      // headers from a 304 (RFC 9111 4.3.4) would take it; and KeptAnswers' 304s carry none.
      ctx.res().setContentType(null);
    }
    return current;
  }

  /** Whether an If-None-Match list names this tag (weak comparison, RFC 9110 13.1.2). */
  static boolean matches(final String ifNoneMatch, final String etag) {
    if (ifNoneMatch == null || etag == null) {
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

  /** Writes the body in this representation's encoding; for HEAD only its headers. */
  void send(final Context ctx, final byte[] identity) {
    sendEncoded(ctx, encode(identity));
  }

  /** The identity bytes in this representation's encoding. */
  byte[] encode(final byte[] identity) {
    return gzip ? gzip(identity) : identity;
  }

  /** Writes a body already in this representation's encoding; for HEAD only its headers. */
  void sendEncoded(final Context ctx, final byte[] body) {
    metadata(ctx);
    ctx.contentType(contentType);
    if (gzip) {
      ctx.header("Content-Encoding", "gzip");
    }
    ctx.header("Content-Length", Integer.toString(body.length));
    if (ctx.method() != HandlerType.HEAD) {
      ctx.result(body);
    }
  }

  private void metadata(final Context ctx) {
    if (etag != null) {
      ctx.header("ETag", etag);
    }
    if (compressible) {
      ctx.header("Vary", VARY);
    }
  }

  static byte[] gzip(final byte[] identity) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(identity.length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(identity);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
