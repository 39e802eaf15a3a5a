package org.inputdesk.publisher.http;

import io.javalin.http.Context;

/**
 * Cross-origin reading (the Fetch standard's CORS protocol) of what is public anyway: feeds and
 * attachments, so that a widget on an organisation's own site can show them. Any origin, no
 * credentials, read-only. Writes response headers only.
 */
final class Cors {

  /** Request headers a reader may send beyond the CORS-safelisted ones: conditional requests. */
  static final String ALLOWED_HEADERS = "If-None-Match, If-Modified-Since, Cache-Control";

  /** Response headers a script may read beyond the safelisted ones. */
  static final String EXPOSED_HEADERS = "ETag, Content-Disposition";

  /** How long a browser may cache the preflight answer, in seconds. */
  static final String MAX_AGE = "86400";

  private Cors() {}

  /** On a GET or HEAD answer: any origin may read it and its ETag. */
  static void allow(final Context ctx) {
    ctx.header("Access-Control-Allow-Origin", "*");
    ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }

  /** On an OPTIONS answer: the preflight's permission for the read-only methods. */
  static void preflight(final Context ctx, final String methods) {
    ctx.header("Access-Control-Allow-Origin", "*");
    ctx.header("Access-Control-Allow-Methods", methods);
    ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    ctx.header("Access-Control-Max-Age", MAX_AGE);
  }
}
