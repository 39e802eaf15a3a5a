package org.inputdesk.classifier.sender;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words ({@code =?UTF-8?B?...?=}) in a header value as mail programs write
 * them, also where the RFC does not allow them (inside quotes, glued to other text). Adjacent words
 * of one charset are decoded together, so a character split across two words comes out whole. What
 * cannot be decoded stays as written.
 */
final class EncodedWords {

  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
  private static final Pattern BLANK = Pattern.compile("\\s*");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+=*");

  private EncodedWords() {}

  static String decode(final String value) {
    if (value == null || value.indexOf("=?") < 0) {
      return value;
    }
    final Matcher m = WORD.matcher(value);
    final StringBuilder out = new StringBuilder(value.length());
    final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    Charset pendingCharset = null;
    int at = 0;
    while (m.find()) {
      final String between = value.substring(at, m.start());
      // white space between two encoded words is not part of the text (RFC 2047, 6.2)
      if (pendingCharset == null || !BLANK.matcher(between).matches()) {
        pendingCharset = flush(out, pending, pendingCharset);
        out.append(between);
      }
      final Charset charset = charset(m.group(1));
      final byte[] bytes = charset == null ? null : bytes(m.group(2), m.group(3));
      if (bytes == null) {
        pendingCharset = flush(out, pending, pendingCharset);
        out.append(m.group());
      } else {
        if (pendingCharset != null && !pendingCharset.equals(charset)) {
          flush(out, pending, pendingCharset);
        }
        pending.writeBytes(bytes);
        pendingCharset = charset;
      }
      at = m.end();
    }
    flush(out, pending, pendingCharset);
    out.append(value, at, value.length());
    return out.toString();
  }

  private static Charset flush(
      final StringBuilder out, final ByteArrayOutputStream pending, final Charset charset) {
    if (charset != null) {
      out.append(new String(pending.toByteArray(), charset));
      pending.reset();
    }
    return null;
  }

  private static Charset charset(final String name) {
    final int star = name.indexOf('*'); // RFC 2231 language: =?UTF-8*en?Q?...?=
    final String bare = (star >= 0 ? name.substring(0, star) : name).toLowerCase(Locale.ROOT);
    try {
      return Charset.forName("utf8".equals(bare) ? "UTF-8" : bare);
    } catch (IllegalArgumentException e) {
      return "unknown-8bit".equals(bare) || "x-unknown".equals(bare)
          ? StandardCharsets.UTF_8
          : null;
    }
  }

  private static byte[] bytes(final String encoding, final String text) {
    try {
      if (encoding.equalsIgnoreCase("B")) {
        return BASE64.matcher(text).matches() ? Base64.getMimeDecoder().decode(text) : null;
      }
      final ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
      for (int i = 0; i < text.length(); i++) {
        final char c = text.charAt(i);
        if (c == '_') {
          out.write(' ');
        } else if (c == '=' && i + 2 < text.length()) {
          final int hi = Character.digit(text.charAt(i + 1), 16);
          final int lo = Character.digit(text.charAt(i + 2), 16);
          if (hi < 0 || lo < 0) {
            return null;
          }
          out.write(hi * 16 + lo);
          i += 2;
        } else if (c == '=') {
          return null;
        } else {
          out.write(c);
        }
      }
      return out.toByteArray();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
