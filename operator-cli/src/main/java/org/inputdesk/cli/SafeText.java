package org.inputdesk.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns bytes of unknown content into text that is safe on a terminal: control characters (C0 and
 * C1, so no escape sequence reaches the terminal), invisible format characters (bidi overrides,
 * zero-width) and undecodable bytes are replaced by {@code ?}, and the length is bounded. Content
 * that is mostly not text is called binary and not shown at all. Reads and writes nothing.
 */
public final class SafeText {

  /** What a preview holds: the lines shown, whether the content is binary, what was left out. */
  public record Preview(boolean binary, List<String> lines, boolean truncated) {}

  private static final char REPLACEMENT = '?';
  private static final int SAMPLE = 8192;

  private SafeText() {}

  /**
   * A preview of at most {@code maxLines} lines of at most {@code maxLineChars} characters each.
   */
  public static Preview preview(final byte[] bytes, final int maxLines, final int maxLineChars) {
    if (isBinary(bytes)) {
      return new Preview(true, List.of(), false);
    }
    final String text = decode(bytes, Math.min(bytes.length, maxLines * (maxLineChars + 2) * 4));
    final List<String> lines = new ArrayList<>();
    boolean truncated = bytes.length > maxLines * (maxLineChars + 2) * 4;
    for (final String raw : text.split("\r\n|\n|\r", -1)) {
      if (lines.size() == maxLines) {
        truncated = true;
        break;
      }
      String line = clean(raw);
      if (line.length() > maxLineChars) {
        line = line.substring(0, maxLineChars) + "...";
      }
      lines.add(line);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty() && !truncated) {
      lines.remove(lines.size() - 1);
    }
    return new Preview(false, List.copyOf(lines), truncated);
  }

  /** One line, e.g. a header value: line breaks become spaces, at most {@code max} characters. */
  public static String line(final String value, final int max) {
    if (value == null) {
      return "";
    }
    final String one = clean(value.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' '));
    return one.length() > max ? one.substring(0, max) + "..." : one;
  }

  /**
   * Whether the bytes are binary rather than text: a NUL byte, or more than one character in ten
   * that is not valid UTF-8 or is a control character, among the first 8 KB.
   */
  public static boolean isBinary(final byte[] bytes) {
    final int n = Math.min(bytes.length, SAMPLE);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    final String sample = decode(bytes, n);
    final long chars = sample.codePoints().count();
    final long bad =
        sample
            .codePoints()
            .filter(c -> c == '\uFFFD' || unsafe(c) && c != '\n' && c != '\r' && c != '\t')
            .count();
    return chars > 0 && bad * 10 > chars;
  }

  private static String decode(final byte[] bytes, final int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not throw", e);
    }
  }

  private static String clean(final String text) {
    final StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\t') {
                out.append("    ");
              } else if (c == '\uFFFD' || unsafe(c)) {
                out.append(REPLACEMENT);
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /**
   * Control characters (C0, DEL, C1), format characters (bidi controls, zero-width), line and
   * paragraph separators, private-use, unassigned code points and lone surrogates.
   */
  private static boolean unsafe(final int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }
}
