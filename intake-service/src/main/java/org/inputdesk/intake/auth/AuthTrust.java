package org.inputdesk.intake.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.inputdesk.common.auth.AuthenticationResults;
import org.inputdesk.common.auth.AuthenticationResultsParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Authentication-Results headers of a message may be believed: only those written by the
 * receiving hops the operator runs or trusts. A hop prepends its Received header, so a header that
 * stands above the N-th Received header (counted from the top) was added on the way in through the
 * first N hops; anything below it came with the message and may be the sender's own invention. Of
 * those, only headers whose authserv-id the operator named are read (RFC 8601 section 5). Reads the
 * message's header fields; writes nothing.
 *
 * @param authservIds the trusted authserv-ids, lower case; empty trusts nothing
 * @param receivedHops how many Received headers, from the top, the trusted hops add
 */
public record AuthTrust(Set<String> authservIds, int receivedHops) {

  private static final Logger LOG = LoggerFactory.getLogger(AuthTrust.class);

  /** Trusts no header: every message is not verified. */
  public static final AuthTrust NONE = new AuthTrust(Set.of(), 1);

  public AuthTrust {
    final Set<String> ids = new LinkedHashSet<>();
    for (final String id : authservIds) {
      if (!id.isBlank()) {
        ids.add(id.strip().toLowerCase(Locale.ROOT));
      }
    }
    authservIds = Set.copyOf(ids);
    if (receivedHops < 1) {
      throw new IllegalArgumentException("receivedHops must be at least 1");
    }
  }

  /** The trust of a comma list of authserv-ids and a hop count, as configured. */
  public static AuthTrust of(final List<String> authservIds, final int receivedHops) {
    return new AuthTrust(new LinkedHashSet<>(authservIds), receivedHops);
  }

  /**
   * The trusted headers read, top first.
   *
   * @param headers the message's header fields in order, top first, as name and value
   */
  public List<AuthenticationResults> trusted(final List<Map.Entry<String, String>> headers) {
    final List<AuthenticationResults> out = new ArrayList<>();
    if (authservIds.isEmpty()) {
      return out;
    }
    final int boundary = nthReceived(headers);
    if (boundary < 0) {
      LOG.debug(
          "Fewer than {} Received headers: the trusted hops did not carry this message, no"
              + " Authentication-Results believed",
          receivedHops);
      return out;
    }
    int ignored = 0;
    for (int i = 0; i < headers.size(); i++) {
      if (!isAuthenticationResults(headers.get(i).getKey())) {
        continue;
      }
      if (i > boundary) {
        ignored++;
        continue;
      }
      final var read = AuthenticationResultsParser.parse(headers.get(i).getValue());
      if (read.isPresent() && authservIds.contains(read.get().authservId())) {
        out.add(read.get());
      } else if (read.isPresent()) {
        ignored++;
      }
    }
    if (ignored > 0) {
      LOG.debug(
          "{} Authentication-Results headers ignored: below the trusted hops or of an untrusted"
              + " authserv-id",
          ignored);
    }
    return out;
  }

  /** Index of the N-th Received header from the top, or -1 when there are fewer. */
  private int nthReceived(final List<Map.Entry<String, String>> headers) {
    int seen = 0;
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).getKey().equalsIgnoreCase("Received") && ++seen == receivedHops) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isAuthenticationResults(final String name) {
    return name.strip().equalsIgnoreCase("Authentication-Results");
  }
}
