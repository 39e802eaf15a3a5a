package org.inputdesk.cli.console;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use the console, and which forms to believe. Every path but the login form needs the
 * operator token: a session cookie from the login form, or the token as Bearer or as the password
 * of HTTP Basic authentication. Every POST must also carry the form token of its session (field
 * {@code csrf} or header {@code X-CSRF-Token}) and must not come from another site; the session
 * cookie is HttpOnly and SameSite=Strict. The token alone (a Bearer or Basic header) reads pages
 * but never changes anything without a session's form token.
 */
final class Guard {

  static final String COOKIE = "inputdesk_ops";
  static final String CSRF_FIELD = "csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";

  /** Paths anyone may reach: the login form and what it looks like. */
  private static final Set<String> OPEN = Set.of("/ops/login", "/ops/style.css", "/ops/console.js");

  private static final String SESSION = "console.session";
  private static final String HEADER_USER = "console.header-user";

  /** Who a request authenticated only by header acts as when the header names nobody. */
  static final String DEFAULT_USER = "operator";

  private final Sessions sessions;
  private final String token;

  Guard(final Sessions sessions, final String token) {
    this.sessions = sessions;
    this.token = token;
  }

  /** Before every request: 401 without the token, 403 for a POST without its form token. */
  void check(final Context ctx) {
    final Optional<Sessions.Session> session = sessions.find(ctx.cookie(COOKIE));
    session.ifPresent(s -> ctx.attribute(SESSION, s));
    if (OPEN.contains(ctx.path())) {
      if (isPost(ctx)) {
        requireFormToken(ctx, session);
      }
      return;
    }
    final boolean loggedIn = session.map(Sessions.Session::loggedIn).orElse(false);
    if (!loggedIn) {
      final Optional<String> user = headerUser(ctx.header("Authorization"), token);
      if (user.isEmpty()) {
        ctx.header("WWW-Authenticate", "Basic realm=\"InputDesk operators\", charset=\"UTF-8\"");
        ctx.status(HttpStatus.UNAUTHORIZED)
            .contentType("text/html; charset=utf-8")
            .result(
                "<!DOCTYPE html><html lang=\"en\"><head><title>Log in</title></head><body><main>"
                    + "<h1>Operator token required</h1><p><a href=\"/ops/login\">Log in</a> with"
                    + " the operator token.</p></main></body></html>");
        ctx.skipRemainingHandlers();
        return;
      }
      ctx.attribute(HEADER_USER, user.get());
    }
    if (isPost(ctx)) {
      requireFormToken(ctx, session.filter(Sessions.Session::loggedIn));
    }
  }

  private static void requireFormToken(
      final Context ctx, final Optional<Sessions.Session> session) {
    if ("cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
      throw new ForbiddenResponse("a form from another site is not accepted");
    }
    String given = ctx.header(CSRF_HEADER);
    if (given == null && isForm(ctx)) {
      given = ctx.formParam(CSRF_FIELD);
    }
    final String presented = given;
    if (session.isEmpty() || !session.get().csrfMatches(presented)) {
      throw new ForbiddenResponse(
          "the form's session token is missing or out of date: reload the page and try again");
    }
  }

  /**
   * The request's session, made for it when it came with the token in a header only: a browser
   * using Basic authentication gets a session, and with it the token its forms carry.
   */
  Sessions.Session session(final Context ctx) {
    final Sessions.Session current = ctx.attribute(SESSION);
    if (current != null && current.loggedIn()) {
      return current;
    }
    final String user = ctx.attribute(HEADER_USER);
    final Sessions.Session made = sessions.login(user == null ? DEFAULT_USER : user);
    setCookie(ctx, made);
    ctx.attribute(SESSION, made);
    return made;
  }

  /** The login form's session: the current one, or a new one before login. */
  Sessions.Session loginSession(final Context ctx) {
    final Sessions.Session current = ctx.attribute(SESSION);
    if (current != null) {
      return current;
    }
    final Sessions.Session made = sessions.anonymous();
    setCookie(ctx, made);
    ctx.attribute(SESSION, made);
    return made;
  }

  /** Logs {@code user} in when {@code given} is the token; the old session id is dropped. */
  Optional<Sessions.Session> login(final Context ctx, final String user, final String given) {
    if (!tokenMatches(given, token)) {
      return Optional.empty();
    }
    final Sessions.Session old = ctx.attribute(SESSION);
    if (old != null) {
      sessions.end(old.id());
    }
    final Sessions.Session s = sessions.login(user);
    setCookie(ctx, s);
    ctx.attribute(SESSION, s);
    return Optional.of(s);
  }

  void logout(final Context ctx) {
    final Sessions.Session s = ctx.attribute(SESSION);
    if (s != null) {
      sessions.end(s.id());
    }
    ctx.res().addHeader("Set-Cookie", cookie(ctx, "", 0));
  }

  private void setCookie(final Context ctx, final Sessions.Session s) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            cookie(ctx, s.id(), (s.loggedIn() ? Sessions.IDLE : Sessions.LOGIN_IDLE).toSeconds()));
  }

  private static String cookie(final Context ctx, final String value, final long maxAge) {
    final boolean https =
        "https".equalsIgnoreCase(ctx.scheme())
            || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    return COOKIE
        + "="
        + value
        + "; Path=/ops/; Max-Age="
        + maxAge
        + "; HttpOnly; SameSite=Strict"
        + (https ? "; Secure" : "");
  }

  private static boolean isPost(final Context ctx) {
    return "POST".equals(ctx.method().name());
  }

  private static boolean isForm(final Context ctx) {
    final String type = ctx.contentType();
    return type != null
        && (type.startsWith("application/x-www-form-urlencoded")
            || type.startsWith("multipart/form-data"));
  }

  /**
   * Who a request with this Authorization header is: the Basic user name (or {@link #DEFAULT_USER})
   * when it carries the token; empty when it does not.
   */
  static Optional<String> headerUser(final String header, final String token) {
    if (header == null) {
      return Optional.empty();
    }
    if (header.startsWith("Bearer ")) {
      return tokenMatches(header.substring(7).trim(), token)
          ? Optional.of(DEFAULT_USER)
          : Optional.empty();
    }
    if (header.startsWith("Basic ")) {
      final String pair;
      try {
        pair =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      final int colon = pair.indexOf(':');
      if (colon < 0 || !tokenMatches(pair.substring(colon + 1), token)) {
        return Optional.empty();
      }
      final String name = Console.userName(pair.substring(0, colon));
      return Optional.of(name == null ? DEFAULT_USER : name);
    }
    return Optional.empty();
  }

  /** Whether {@code given} is the token; no token configured, nobody gets in. */
  static boolean tokenMatches(final String given, final String token) {
    return token != null
        && !token.isBlank()
        && given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }
}
