package org.inputdesk.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time on the command line: an instant ({@code 2026-11-20T10:00:00Z}), a date with
 * offset ({@code 2026-11-20T10:00+01:00}), a day in UTC ({@code 2026-11-20}) or an age ({@code 2h},
 * {@code 3d}, {@code 45m}: that long ago).
 */
public final class TimeArg implements ITypeConverter<Instant> {

  private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhd])");

  @Override
  public Instant convert(final String value) {
    return parse(value, Instant.now());
  }

  /** Parses relative to {@code now}. */
  static Instant parse(final String value, final Instant now) {
    final String v = value.trim();
    final Matcher age = AGE.matcher(v.toLowerCase(Locale.ROOT));
    if (age.matches()) {
      final long n = Long.parseLong(age.group(1));
      final Duration d =
          switch (age.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return now.minus(d);
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a time: use 2026-11-20T10:00:00Z, 2026-11-20, or an age like 2h or 3d");
    }
  }
}
