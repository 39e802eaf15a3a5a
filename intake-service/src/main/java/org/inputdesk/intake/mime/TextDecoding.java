package org.inputdesk.intake.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tika.parser.txt.CharsetDetector;
import org.apache.tika.parser.txt.CharsetMatch;

/**
 * Turns bytes in a declared (possibly wrong or unknown) charset into text, and decodes RFC 2047
 * encoded words. Never throws: the worst outcome is replacement characters. Reads and writes
 * nothing.
 */
public final class TextDecoding {

  /**
   * Labels mail clients write that Java does not know, or that name a subset of what senders really
   * use (Outlook labels windows-1252 text as iso-8859-1, GBK text as gb2312).
   */
  private static final Map<String, String> SUPERSETS =
      Map.ofEntries(
          Map.entry("us-ascii", "windows-1252"),
          Map.entry("ascii", "windows-1252"),
          Map.entry("iso-8859-1", "windows-1252"),
          Map.entry("latin1", "windows-1252"),
          Map.entry("gb2312", "GB18030"),
          Map.entry("gbk", "GB18030"),
          Map.entry("x-gbk", "GB18030"),
          Map.entry("cp936", "GB18030"),
          Map.entry("big5", "Big5-HKSCS"),
          Map.entry("shift_jis", "windows-31j"),
          Map.entry("shift-jis", "windows-31j"),
          Map.entry("sjis", "windows-31j"),
          Map.entry("x-sjis", "windows-31j"),
          Map.entry("ks_c_5601-1987", "x-windows-949"),
          Map.entry("ks_c_5601", "x-windows-949"),
          Map.entry("euc-kr", "x-windows-949"),
          Map.entry("iso-2022-jp", "x-windows-iso2022jp"),
          Map.entry("utf8", "UTF-8"),
          Map.entry("unicode-1-1-utf-8", "UTF-8"),
          Map.entry("x-unknown", "windows-1252"),
          Map.entry("unknown-8bit", "windows-1252"),
          Map.entry("x-user-defined", "windows-1252"));

  private static final Pattern ENCODED_WORD =
      Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");

  private TextDecoding() {}

  /** A decoded text and the charset finally used. */
  public record Decoded(String text, String charset) {}

  /** The Java charset for a label, widened to the superset senders really use; null if unknown. */
  public static Charset charsetFor(final String label) {
    if (label == null || label.isBlank()) {
      return null;
    }
    String name = label.trim().replace("\"", "").replace("'", "");
    // RFC 2231 allows a language suffix: utf-8*en
    final int star = name.indexOf('*');
    if (star > 0) {
      name = name.substring(0, star);
    }
    final String lower = name.toLowerCase(Locale.ROOT);
    final String mapped = SUPERSETS.getOrDefault(lower, name);
    try {
      return Charset.forName(mapped);
    } catch (RuntimeException e) {
      try {
        return Charset.forName(name);
      } catch (RuntimeException again) {
        return null;
      }
    }
  }

  /**
   * Decodes bytes: the declared charset when they are valid in it, UTF-8 when they are valid UTF-8
   * but mislabelled, else a detected charset, else windows-1252.
   */
  public static Decoded decode(final byte[] bytes, final String declared) {
    final Charset charset = charsetFor(declared);
    final boolean ascii = isAscii(bytes);
    if (!ascii && charset != null && isSingleByteLatin(charset)) {
      // Valid multi-byte UTF-8 is almost never an accident in Latin text: the label is wrong.
      final String utf8 = strict(bytes, StandardCharsets.UTF_8);
      if (utf8 != null) {
        return new Decoded(utf8, "UTF-8");
      }
    }
    if (charset != null && (ascii || !isAsciiLabel(declared))) {
      final String strict = strict(bytes, charset);
      if (strict != null) {
        return new Decoded(strict, charset.name());
      }
    }
    if (ascii) {
      return new Decoded(new String(bytes, StandardCharsets.US_ASCII), "US-ASCII");
    }
    final String utf8 = strict(bytes, StandardCharsets.UTF_8);
    if (utf8 != null) {
      return new Decoded(utf8, "UTF-8");
    }
    final Charset detected = detect(bytes);
    if (detected != null) {
      final String text = strict(bytes, detected);
      if (text != null) {
        return new Decoded(text, detected.name());
      }
    }
    final Charset fallback = charset != null ? charset : Charset.forName("windows-1252");
    return new Decoded(new String(bytes, fallback), fallback.name());
  }

  private static boolean isAsciiLabel(final String declared) {
    return declared != null && declared.trim().toLowerCase(Locale.ROOT).contains("ascii");
  }

  private static boolean isSingleByteLatin(final Charset charset) {
    final String name = charset.name().toLowerCase(Locale.ROOT);
    return name.equals("windows-1252")
        || name.startsWith("iso-8859-1")
        || name.equals("iso-8859-15");
  }

  private static boolean isAscii(final byte[] bytes) {
    for (final byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static String strict(final byte[] bytes, final Charset charset) {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException | RuntimeException e) {
      return null;
    }
  }

  private static Charset detect(final byte[] bytes) {
    try {
      final CharsetDetector detector = new CharsetDetector();
      detector.setText(bytes);
      final CharsetMatch match = detector.detect();
      return match == null || match.getConfidence() < 20 ? null : charsetFor(match.getName());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Decodes RFC 2047 encoded words in a header value; adjacent words in one charset are joined
   * before decoding, because encoders split multi-byte sequences (ISO-2022-JP) across words.
   * Undecodable words stay as written.
   */
  public static String decodeWords(final String value) {
    if (value == null) {
      return null;
    }
    final String unfolded = value.replaceAll("\r?\n[ \t]", " ");
    if (!unfolded.contains("=?")) {
      return unfolded;
    }
    final Matcher m = ENCODED_WORD.matcher(unfolded);
    final StringBuilder out = new StringBuilder();
    int at = 0;
    String pendingCharset = null;
    java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    while (m.find()) {
      final String between = unfolded.substring(at, m.start());
      final boolean adjacent = at > 0 && between.isBlank() && pendingCharset != null;
      final String charset = m.group(1);
      if (!adjacent || !charset.equalsIgnoreCase(pendingCharset)) {
        flush(out, pending, pendingCharset);
        pending = new java.io.ByteArrayOutputStream();
        if (!adjacent) {
          out.append(between);
        }
      }
      final byte[] bytes = wordBytes(m.group(2), m.group(3));
      if (bytes == null) {
        flush(out, pending, pendingCharset);
        pending = new java.io.ByteArrayOutputStream();
        out.append(m.group());
        pendingCharset = null;
      } else {
        pending.writeBytes(bytes);
        pendingCharset = charset;
      }
      at = m.end();
    }
    flush(out, pending, pendingCharset);
    out.append(unfolded.substring(at));
    return out.toString();
  }

  private static void flush(
      final StringBuilder out, final java.io.ByteArrayOutputStream pending, final String charset) {
    if (pending.size() > 0) {
      out.append(decode(pending.toByteArray(), charset).text());
    }
  }

  private static byte[] wordBytes(final String encoding, final String text) {
    try {
      if (encoding.equalsIgnoreCase("B")) {
        String padded = text.replaceAll("[^A-Za-z0-9+/]", "");
        while (padded.length() % 4 != 0) {
          padded += "=";
        }
        return Base64.getDecoder().decode(padded);
      }
      final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < text.length(); i++) {
        final char c = text.charAt(i);
        if (c == '_') {
          out.write(' ');
        } else if (c == '=' && i + 2 < text.length() + 0 && i + 2 <= text.length() - 1) {
          out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
          i += 2;
        } else {
          out.write(c);
        }
      }
      return out.toByteArray();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
