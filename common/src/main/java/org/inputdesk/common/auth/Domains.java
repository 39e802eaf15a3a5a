package org.inputdesk.common.auth;

import java.util.Locale;

/** Domain names as Authentication-Results and addresses carry them, and their alignment. */
public final class Domains {

  private Domains() {}

  /** Lower case, without angle brackets, whitespace or a trailing dot; null stays null. */
  static String normalise(final String domain) {
    if (domain == null) {
      return null;
    }
    String d = domain.strip().toLowerCase(Locale.ROOT);
    if (d.startsWith("<") && d.endsWith(">")) {
      d = d.substring(1, d.length() - 1).strip();
    }
    while (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }

  /**
   * The domain of {@code local@domain}, {@code @domain} or a bare {@code domain}; null for null.
   */
  public static String ofAddress(final String address) {
    if (address == null) {
      return null;
    }
    final String a = normalise(address);
    return normalise(a.substring(a.lastIndexOf('@') + 1));
  }

  /** Relaxed alignment: the same domain, or one a subdomain of the other. */
  static boolean aligned(final String a, final String b) {
    if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
      return false;
    }
    return a.equals(b) || a.endsWith("." + b) || b.endsWith("." + a);
  }
}
