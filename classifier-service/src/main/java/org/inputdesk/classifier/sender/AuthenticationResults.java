package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import org.inputdesk.common.auth.AuthVerdict;
import org.inputdesk.common.auth.AuthenticationResultsParser;
import org.inputdesk.schemas.MailAuthentication;

/**
 * Raw Authentication-Results header values (RFC 8601) read into the verdict intake records, for
 * runs without intake ({@code inputdesk classify}): every value given is taken as written by a
 * trusted server, and read with intake's own parser and verdict ({@code
 * org.inputdesk.common.auth}). Never throws: what cannot be read says nothing.
 */
public final class AuthenticationResults {

  private static final String HEADER = "Authentication-Results:";

  private AuthenticationResults() {}

  /** The verdict for a From domain; null values or none: not-verified. */
  public static MailAuthentication read(final List<String> values, final String fromDomain) {
    final List<org.inputdesk.common.auth.AuthenticationResults> read = new ArrayList<>();
    if (values != null) {
      for (final String value : values) {
        if (value != null) {
          // a line pasted with its header name is read as its value
          final String v =
              value.regionMatches(true, 0, HEADER, 0, HEADER.length())
                  ? value.substring(HEADER.length())
                  : value;
          AuthenticationResultsParser.parse(v).ifPresent(read::add);
        }
      }
    }
    return AuthVerdict.decide(fromDomain, read);
  }
}
