package org.inputdesk.common.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.inputdesk.common.auth.AuthenticationResults.MethodResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the value of an Authentication-Results header field (RFC 8601 section 2.2): the
 * authserv-id, an optional version, then {@code none} or resinfo items separated by {@code ;}, each
 * {@code method[/version]=result} with an optional {@code reason=} and {@code ptype.property=value}
 * properties. Comments in parentheses (nested) and folding whitespace may stand between any two
 * tokens; values may be quoted strings. Reads the string given; writes nothing.
 *
 * <p>Lenient where real servers stray from the grammar and it costs no certainty: Microsoft 365
 * leaves the authserv-id out (read as empty), vendors add {@code key=value} without a ptype ({@code
 * action=none}), signatures in {@code header.b} carry {@code /} and {@code =}, and a trailing
 * {@code ;} is allowed. Anything else malformed is "nothing read": {@link #parse} never throws, and
 * logs why at DEBUG (a position, never the value, which may hold addresses).
 */
public final class AuthenticationResultsParser {

  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationResultsParser.class);

  /** RFC 2045 tspecials: they end a token. */
  private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

  private final String in;
  private int at;

  private AuthenticationResultsParser(final String value) {
    this.in = value;
  }

  /** The header value read, or empty when it is malformed (the reason logged at DEBUG). */
  public static Optional<AuthenticationResults> parse(final String value) {
    if (value == null) {
      LOG.debug("Authentication-Results not read: no value");
      return Optional.empty();
    }
    try {
      return Optional.of(new AuthenticationResultsParser(value).payload());
    } catch (Malformed e) {
      LOG.debug("Authentication-Results not read: {}", e.getMessage());
      return Optional.empty();
    } catch (RuntimeException e) {
      // a bug here must cost one header, not the message
      LOG.debug("Authentication-Results not read: {}", e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------ grammar

  /** authres-payload = [CFWS] authserv-id [CFWS authres-version] (no-result / 1*resinfo) */
  private AuthenticationResults payload() {
    skipCfws();
    if (startsWithMethod()) {
      return new AuthenticationResults("", 1, resinfos(false));
    }
    final String authservId = value("authserv-id").toLowerCase(Locale.ROOT);
    skipCfws();
    final int version = isDigit(peek()) ? version() : 1;
    if (atEnd()) {
      throw new Malformed("no result after the authserv-id (not even none) at " + at);
    }
    return new AuthenticationResults(authservId, version, resinfos(true));
  }

  /** Whether the payload opens with {@code method=} rather than an authserv-id (Microsoft 365). */
  private boolean startsWithMethod() {
    final int start = at;
    try {
      if (!isKeywordChar(peek())) {
        return false;
      }
      keyword("method");
      skipCfws();
      return peek() == '=' || peek() == '/';
    } catch (Malformed e) {
      return false;
    } finally {
      at = start;
    }
  }

  private int version() {
    final int start = at;
    while (isDigit(peek())) {
      at++;
    }
    if (at - start > 9) {
      throw new Malformed("version too long at " + start);
    }
    final int version = Integer.parseInt(in.substring(start, at));
    skipCfws();
    return version;
  }

  /** Zero or more {@code ; resinfo}, or {@code ; none}; the first {@code ;} optional if asked. */
  private List<MethodResult> resinfos(final boolean semicolonFirst) {
    final List<MethodResult> out = new ArrayList<>();
    boolean first = true;
    while (true) {
      skipCfws();
      if (atEnd()) {
        return out;
      }
      if (!first || semicolonFirst) {
        expect(';');
        skipCfws();
        if (atEnd()) {
          return out; // a trailing ";"
        }
      }
      if (first && isNone()) {
        skipCfws();
        if (!atEnd()) {
          throw new Malformed("text after none at " + at);
        }
        return out;
      }
      out.add(resinfo());
      first = false;
    }
  }

  private boolean isNone() {
    final int start = at;
    if (isKeywordChar(peek()) && keyword("result").equalsIgnoreCase("none")) {
      skipCfws();
      if (peek() != '=' && peek() != '.' && peek() != '/') {
        return true;
      }
    }
    at = start;
    return false;
  }

  /** resinfo = methodspec [CFWS reasonspec] [CFWS 1*propspec] */
  private MethodResult resinfo() {
    final String method = keyword("method").toLowerCase(Locale.ROOT);
    skipCfws();
    if (peek() == '/') {
      at++;
      skipCfws();
      if (!isDigit(peek())) {
        throw new Malformed("method version expected at " + at);
      }
      version();
    }
    expect('=');
    skipCfws();
    final String result = keyword("result").toLowerCase(Locale.ROOT);
    String reason = null;
    final Map<String, String> properties = new LinkedHashMap<>();
    while (true) {
      skipCfws();
      if (atEnd() || peek() == ';') {
        return new MethodResult(method, result, reason, properties);
      }
      final int nameAt = at;
      final String name = keyword("property").toLowerCase(Locale.ROOT);
      skipCfws();
      if (peek() == '.') {
        at++;
        skipCfws();
        final String key = name + "." + keyword("property").toLowerCase(Locale.ROOT);
        skipCfws();
        expect('=');
        properties.putIfAbsent(key, pvalue());
      } else if (peek() == '=') {
        at++;
        final String v = pvalue();
        if (name.equals("reason")) {
          reason = reason == null ? v : reason;
        } else {
          properties.putIfAbsent(name, v); // a vendor's key without ptype
        }
      } else {
        throw new Malformed("'.' or '=' expected after the name at " + nameAt);
      }
    }
  }

  /**
   * pvalue = [CFWS] (value / [[local-part] "@"] domain-name) [CFWS]: a quoted string, or a run of
   * any characters up to whitespace, {@code ;} or a comment (signatures hold {@code / + =}).
   */
  private String pvalue() {
    skipCfws();
    if (peek() == '"') {
      return quoted();
    }
    final int start = at;
    while (!atEnd() && !isSpace(peek()) && "();\"".indexOf(peek()) < 0) {
      at++;
    }
    if (at == start) {
      throw new Malformed("value expected at " + start);
    }
    return in.substring(start, at);
  }

  /** value = token / quoted-string (RFC 2045). */
  private String value(final String what) {
    if (peek() == '"') {
      return quoted();
    }
    final int start = at;
    while (!atEnd() && isTokenChar(peek())) {
      at++;
    }
    if (at == start) {
      throw new Malformed(what + " expected at " + start);
    }
    return in.substring(start, at);
  }

  /** Keyword = letters, digits and hyphens (and underscores, which some vendors use). */
  private String keyword(final String what) {
    final int start = at;
    while (!atEnd() && isKeywordChar(peek())) {
      at++;
    }
    if (at == start) {
      throw new Malformed(what + " expected at " + start);
    }
    return in.substring(start, at);
  }

  private String quoted() {
    final int start = at;
    at++; // the opening quote
    final StringBuilder out = new StringBuilder();
    while (!atEnd()) {
      final char c = in.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        if (atEnd()) {
          break;
        }
        out.append(in.charAt(at++));
      } else if (c != '\r' && c != '\n') {
        out.append(c);
      }
    }
    throw new Malformed("quoted string opened at " + start + " not closed");
  }

  /** CFWS: whitespace, line folds and comments, which nest and may quote a character. */
  private void skipCfws() {
    while (!atEnd()) {
      final char c = peek();
      if (isSpace(c)) {
        at++;
      } else if (c == '(') {
        comment();
      } else {
        return;
      }
    }
  }

  private void comment() {
    final int start = at;
    int depth = 0;
    while (!atEnd()) {
      final char c = in.charAt(at++);
      if (c == '\\') {
        at = Math.min(at + 1, in.length());
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return;
        }
      }
    }
    throw new Malformed("comment opened at " + start + " not closed");
  }

  private void expect(final char c) {
    if (peek() != c) {
      throw new Malformed("'" + c + "' expected at " + at);
    }
    at++;
  }

  // ------------------------------------------------------------------ characters

  private boolean atEnd() {
    return at >= in.length();
  }

  private char peek() {
    return atEnd() ? '\0' : in.charAt(at);
  }

  private static boolean isSpace(final char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isDigit(final char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isKeywordChar(final char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '-' || c == '_';
  }

  private static boolean isTokenChar(final char c) {
    return c > ' ' && c != 127 && TSPECIALS.indexOf(c) < 0;
  }

  /** The value does not follow the grammar; the message says where. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(final String message) {
      super(message, null, false, false);
    }
  }
}
