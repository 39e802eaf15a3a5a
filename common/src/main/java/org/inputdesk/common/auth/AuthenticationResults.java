package org.inputdesk.common.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Authentication-Results header field (RFC 8601) as read: who wrote it (the authserv-id), and
 * what each of its checks found. Reads nothing; a value object.
 *
 * @param authservId the server that wrote the header, lower case; empty when the header named none
 *     (Microsoft 365 writes it so)
 * @param version the header's version, 1 when not given
 * @param results the checks in the order written; empty for {@code none}
 */
public record AuthenticationResults(String authservId, int version, List<MethodResult> results) {

  public AuthenticationResults {
    results = List.copyOf(results);
  }

  /**
   * One resinfo: {@code method=result}, its reason and its properties.
   *
   * @param method lower case, without its version ({@code dkim}, {@code spf}, {@code dmarc})
   * @param result lower case ({@code pass}, {@code fail}, {@code none}, ...)
   * @param reason the {@code reason=} value, or null
   * @param properties {@code ptype.property} (lower case) to value as written, e.g. {@code
   *     header.from}, {@code smtp.mailfrom}; a vendor's key without a ptype ({@code action}) stands
   *     alone
   */
  public record MethodResult(
      String method, String result, String reason, Map<String, String> properties) {

    public MethodResult {
      properties = Map.copyOf(properties);
    }

    /** The property's value, or null; {@code key} as {@code ptype.property}, any case. */
    public String property(final String key) {
      return properties.get(key.toLowerCase(Locale.ROOT));
    }
  }
}
