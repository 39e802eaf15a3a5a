package org.inputdesk.intake.auth;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Map;
import org.inputdesk.common.auth.AuthVerdict;
import org.inputdesk.common.auth.Domains;
import org.inputdesk.schemas.MailAuthentication;

/**
 * The authentication of one received message: the domain of its From address, checked against the
 * Authentication-Results headers of the trusted receiving hops ({@link AuthTrust}), judged by
 * {@link AuthVerdict}. Reads the message's header fields; writes nothing.
 */
public final class MailAuthenticator {

  private final AuthTrust trust;

  public MailAuthenticator(final AuthTrust trust) {
    this.trust = trust;
  }

  /**
   * What the trusted servers said of this message's From domain; never null, {@code not-verified}
   * when they said nothing.
   *
   * @param headers the message's header fields in order, top first, as name and value
   */
  public MailAuthentication authenticate(final List<Map.Entry<String, String>> headers) {
    return AuthVerdict.decide(fromDomain(headers), trust.trusted(headers));
  }

  /**
   * The domain of the one From address, or null when the From fields hold none or several (DMARC
   * cannot say who such a message is from).
   */
  static String fromDomain(final List<Map.Entry<String, String>> headers) {
    String address = null;
    int count = 0;
    for (final Map.Entry<String, String> h : headers) {
      if (!h.getKey().strip().equalsIgnoreCase("From")) {
        continue;
      }
      final InternetAddress[] parsed;
      try {
        parsed = InternetAddress.parseHeader(h.getValue(), false);
      } catch (AddressException | RuntimeException e) {
        return null;
      }
      for (final InternetAddress a : parsed) {
        if (a.isGroup()) {
          return null;
        }
        address = a.getAddress();
        count++;
      }
    }
    if (count != 1 || address == null || address.lastIndexOf('@') <= 0) {
      return null;
    }
    final String domain = Domains.ofAddress(address);
    return domain.isEmpty() ? null : domain;
  }
}
