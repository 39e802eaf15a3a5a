package org.inputdesk.publisher.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110, section 5.6.7): written as IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37
 * GMT}, with a two-digit day; read in that form and the two obsolete ones a recipient must still
 * accept. Reads and writes strings only.
 */
final class HttpDates {

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  /**
   * RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov 6 08:49:37 1994}).
   */
  private static final List<DateTimeFormatter> OBSOLETE =
      List.of(
          new java.time.format.DateTimeFormatterBuilder()
              .appendPattern("EEEE, dd-MMM-")
              .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 2, 1970)
              .appendPattern(" HH:mm:ss 'GMT'")
              .toFormatter(Locale.ENGLISH),
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH));

  private HttpDates() {}

  /** The instant as IMF-fixdate, to the second. */
  static String format(final Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** The instant an HTTP date names; empty when it is in none of the three forms. */
  static Optional<Instant> parse(final String value) {
    if (value == null) {
      return Optional.empty();
    }
    final String trimmed = value.trim();
    try {
      return Optional.of(Instant.from(IMF_FIXDATE.parse(trimmed)));
    } catch (DateTimeParseException e) {
      // one of the obsolete forms, or nothing
    }
    for (final DateTimeFormatter format : OBSOLETE) {
      try {
        return Optional.of(LocalDateTime.parse(trimmed, format).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return Optional.empty();
  }
}
