package org.inputdesk.intake.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.inputdesk.schemas.DeadLetters;

/**
 * The mail header that names the dead letter a mail was retried from ({@value
 * DeadLetters#MAIL_RETRY_HEADER}): {@code dlq retry} sets it before putting the mail back into the
 * mailbox, and intake reads it when the mail fails again, so the new dead letter is marked as a
 * repeat instead of looking new. Works on the raw bytes, so the rest of the mail stays as it was.
 * Reads and writes nothing else.
 */
public final class RetryMarker {

  private static final String NAME = DeadLetters.MAIL_RETRY_HEADER.toLowerCase(Locale.ROOT);
  private static final int MAX_VALUE = 200;

  private RetryMarker() {}

  /** The mail with the header set to {@code letter}, replacing any earlier one. */
  public static byte[] mark(final byte[] raw, final String letter) {
    final String value = clean(letter);
    final int end = headerEnd(raw);
    final String newline = usesCrlf(raw, end) ? "\r\n" : "\n";
    final ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64);
    out.writeBytes(
        (DeadLetters.MAIL_RETRY_HEADER + ": " + value + newline)
            .getBytes(StandardCharsets.US_ASCII));
    boolean skipping = false;
    int line = 0;
    while (line < end) {
      final int next = lineEnd(raw, line, end);
      final boolean continuation = raw[line] == ' ' || raw[line] == '\t';
      if (!continuation) {
        skipping = isMarker(raw, line, next);
      }
      if (!skipping) {
        out.write(raw, line, next - line);
      }
      line = next;
    }
    out.write(raw, end, raw.length - end);
    return out.toByteArray();
  }

  /** The dead letter the mail was retried from, or null when it carries no such header. */
  public static String of(final byte[] raw) {
    final int end = headerEnd(raw);
    int line = 0;
    while (line < end) {
      final int next = lineEnd(raw, line, end);
      if (isMarker(raw, line, next)) {
        final StringBuilder value =
            new StringBuilder(
                new String(
                    raw,
                    line + NAME.length() + 1,
                    next - line - NAME.length() - 1,
                    StandardCharsets.US_ASCII));
        for (int more = next; more < end && (raw[more] == ' ' || raw[more] == '\t'); ) {
          final int after = lineEnd(raw, more, end);
          value.append(new String(raw, more, after - more, StandardCharsets.US_ASCII));
          more = after;
        }
        final String found = clean(value.toString());
        return found.isEmpty() ? null : found;
      }
      line = next;
    }
    return null;
  }

  /** Only the characters a dead letter's name has, bounded: the header comes from outside. */
  private static String clean(final String value) {
    final String kept = value.strip().replaceAll("[^A-Za-z0-9._/@:-]", "");
    return kept.length() > MAX_VALUE ? kept.substring(0, MAX_VALUE) : kept;
  }

  private static boolean isMarker(final byte[] raw, final int start, final int end) {
    if (end - start <= NAME.length() || raw[start + NAME.length()] != ':') {
      return false;
    }
    final String name = new String(raw, start, NAME.length(), StandardCharsets.US_ASCII);
    return name.toLowerCase(Locale.ROOT).equals(NAME);
  }

  /** The offset just after the line starting at {@code start} (its line break included). */
  private static int lineEnd(final byte[] raw, final int start, final int limit) {
    for (int i = start; i < limit; i++) {
      if (raw[i] == '\n') {
        return i + 1;
      }
    }
    return limit;
  }

  /** Where the header block ends: after the first empty line, or the whole mail without one. */
  private static int headerEnd(final byte[] raw) {
    int line = 0;
    while (line < raw.length) {
      if (raw[line] == '\n'
          || raw[line] == '\r' && line + 1 < raw.length && raw[line + 1] == '\n') {
        return line;
      }
      line = lineEnd(raw, line, raw.length);
    }
    return raw.length;
  }

  private static boolean usesCrlf(final byte[] raw, final int end) {
    for (int i = 0; i < Math.min(end + 2, raw.length); i++) {
      if (raw[i] == '\n') {
        return i > 0 && raw[i - 1] == '\r';
      }
    }
    return true;
  }
}
