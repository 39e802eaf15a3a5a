package org.inputdesk.classifier.sender;

import java.util.List;
import java.util.Locale;
import org.inputdesk.schemas.MailAuthentication;

/**
 * Reads raw Authentication-Results header values (RFC 8601, including Microsoft 365's form without
 * an authserv-id) into the verdict intake records, for runs without intake ({@code inputdesk
 * classify}): every value given is taken as written by a trusted server. Intake owns the real
 * reading (which servers to trust); this adapter only has to agree with it on the verdict: pass for
 * DMARC pass or a DKIM pass aligned with the From domain, fail for DMARC fail, else not-verified.
 * Never throws: what it cannot read says nothing.
 */
public final class AuthenticationResults {

  private AuthenticationResults() {}

  /** The verdict for a From domain; null values or none: not-verified. */
  public static MailAuthentication read(final List<String> values, final String fromDomain) {
    final String from = fromDomain == null ? null : fromDomain.toLowerCase(Locale.ROOT);
    String dmarc = "none";
    String dkim = "none";
    String spf = "none";
    String by = null;
    boolean failed = false;
    if (values != null) {
      for (final String value : values) {
        if (value == null || value.isBlank()) {
          continue;
        }
        final Header h = header(value, from);
        if (h == null) {
          continue;
        }
        if (by == null) {
          by = h.authservId == null ? "trusted" : h.authservId;
        }
        if ("fail".equals(h.dmarc)) {
          failed = true;
          dmarc = "fail";
        } else if ("none".equals(dmarc) && h.dmarc != null) {
          dmarc = h.dmarc;
        }
        if (h.dkim != null && ("none".equals(dkim) || "pass".equals(h.dkim))) {
          dkim = h.dkim;
        }
        if (h.spf != null && "none".equals(spf)) {
          spf = h.spf;
        }
      }
    }
    final String verdict =
        failed ? "fail" : "pass".equals(dmarc) || "pass".equals(dkim) ? "pass" : "not-verified";
    return MailAuthentication.newBuilder()
        .setFromDomain(from)
        .setDmarc(dmarc)
        .setDkim(dkim)
        .setSpf(spf)
        .setVerifiedBy(by)
        .setVerdict(verdict)
        .build();
  }

  private static final class Header {
    String authservId;
    String dmarc;
    String dkim;
    String spf;
  }

  private static Header header(final String raw, final String from) {
    String v = raw.strip();
    if (v.regionMatches(true, 0, "Authentication-Results:", 0, 23)) {
      v = v.substring(23);
    }
    v = withoutComments(v).replaceAll("\\s+", " ").strip();
    if (v.isEmpty()) {
      return null;
    }
    final Header h = new Header();
    final String[] parts = v.split(";");
    if (parts.length == 0) {
      return null;
    }
    int first = 0;
    if (!looksLikeResult(parts[0])) {
      final String id = parts[0].strip().split(" ")[0];
      h.authservId = id.isEmpty() ? null : id.toLowerCase(Locale.ROOT);
      first = 1;
    }
    for (int i = first; i < parts.length; i++) {
      result(parts[i].strip(), from, h);
    }
    return h;
  }

  private static boolean looksLikeResult(final String part) {
    final String p = part.strip().toLowerCase(Locale.ROOT);
    for (final String method : List.of("dkim=", "spf=", "dmarc=", "arc=", "compauth=", "auth=")) {
      if (p.startsWith(method)) {
        return true;
      }
    }
    return false;
  }

  private static void result(final String resinfo, final String from, final Header h) {
    final String[] tokens = resinfo.split(" ");
    if (tokens.length == 0 || tokens[0].indexOf('=') < 0) {
      return;
    }
    final String method = tokens[0].substring(0, tokens[0].indexOf('=')).toLowerCase(Locale.ROOT);
    final String result = tokens[0].substring(tokens[0].indexOf('=') + 1).toLowerCase(Locale.ROOT);
    String headerFrom = null;
    String headerD = null;
    String mailFrom = null;
    for (int i = 1; i < tokens.length; i++) {
      final int eq = tokens[i].indexOf('=');
      if (eq <= 0) {
        continue;
      }
      final String key = tokens[i].substring(0, eq).toLowerCase(Locale.ROOT);
      final String val = domainOf(tokens[i].substring(eq + 1));
      switch (key) {
        case "header.from" -> headerFrom = val;
        case "header.d", "header.i" -> headerD = headerD == null ? val : headerD;
        case "smtp.mailfrom" -> mailFrom = val;
        default -> {}
      }
    }
    switch (method) {
      case "dmarc" -> {
        if (from == null || headerFrom == null || headerFrom.equals(from)) {
          if (h.dmarc == null || "fail".equals(result)) {
            h.dmarc = result;
          }
        }
      }
      case "dkim" -> {
        if (from != null && headerD != null && aligned(headerD, from)) {
          if (h.dkim == null || "pass".equals(result)) {
            h.dkim = result;
          }
        }
      }
      case "spf" -> {
        if (from != null && mailFrom != null && aligned(mailFrom, from) && h.spf == null) {
          h.spf = result;
        }
      }
      default -> {}
    }
  }

  /** Relaxed alignment: the same domain, or one a sub-domain of the other. */
  static boolean aligned(final String a, final String b) {
    return a.equals(b) || a.endsWith("." + b) || b.endsWith("." + a) && a.indexOf('.') > 0;
  }

  private static String domainOf(final String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.startsWith("\"") && v.endsWith("\"") && v.length() > 1) {
      v = v.substring(1, v.length() - 1);
    }
    final int at = v.lastIndexOf('@');
    return at >= 0 ? v.substring(at + 1) : v;
  }

  private static String withoutComments(final String s) {
    final StringBuilder out = new StringBuilder(s.length());
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
        out.append(' ');
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
