package org.inputdesk.publisher.attachments;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides how an attachment is served: a file name safe in a URL path and in a header, the content
 * type to declare, and whether the browser may show it inline. Reads and writes strings only.
 */
public final class AttachmentHeaders {

  /** Types a browser shows without running anything (with {@code nosniff}). */
  private static final Set<String> INLINE_SAFE =
      Set.of("text/plain", "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf");

  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+\\-]*/[a-z0-9][a-z0-9!#$&^_.+\\-]*");

  private static final int MAX_NAME = 120;

  private AttachmentHeaders() {}

  /**
   * The declared type without parameters, lower case; anything malformed becomes {@code
   * application/octet-stream}.
   */
  public static String contentType(final String declared) {
    if (declared == null) {
      return "application/octet-stream";
    }
    final String bare = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return MEDIA_TYPE.matcher(bare).matches() ? bare : "application/octet-stream";
  }

  /** Whether the type may be shown inline; anything that could run script is downloaded. */
  public static boolean inline(final String contentType) {
    return INLINE_SAFE.contains(contentType(contentType));
  }

  /**
   * The last path component of the name, without control or separator characters and without
   * leading dots, at most 120 characters; {@code attachment} when nothing is left. Unicode letters
   * stay (they are percent-encoded in URLs and in {@code filename*}).
   */
  public static String displayName(final String filename) {
    if (filename == null) {
      return "attachment";
    }
    String name = Normalizer.normalize(filename, Normalizer.Form.NFC);
    final int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    name = name.replaceAll("[\\p{Cntrl}\"<>:|?*%;]", "_").strip();
    name = name.replaceFirst("^[.\\s]+", "");
    if (name.length() > MAX_NAME) {
      final int dot = name.lastIndexOf('.');
      final String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
      name = name.substring(0, MAX_NAME - ext.length()) + ext;
    }
    return name.isEmpty() ? "attachment" : name;
  }

  /** The name as one URL path segment: ASCII letters, digits, dot, dash and underscore only. */
  public static String urlName(final String filename) {
    final String ascii =
        Normalizer.normalize(displayName(filename), Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .replaceAll("[^A-Za-z0-9._-]", "_")
            .replaceAll("_+", "_")
            .replaceFirst("^[._]+", "");
    return ascii.isEmpty() ? "attachment" : ascii;
  }

  /**
   * The {@code Content-Disposition} value (RFC 6266): an ASCII {@code filename} fallback and the
   * exact name in {@code filename*}.
   */
  public static String contentDisposition(final String filename, final boolean inline) {
    return (inline ? "inline" : "attachment")
        + "; filename=\""
        + urlName(filename)
        + "\"; filename*=UTF-8''"
        + percentEncode(displayName(filename));
  }

  private static String percentEncode(final String value) {
    final StringBuilder out = new StringBuilder();
    for (final byte b : value.getBytes(StandardCharsets.UTF_8)) {
      final int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
