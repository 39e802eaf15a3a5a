package org.inputdesk.intake.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the decoded bytes of one MIME part under a size cap, and what its Content-Type says (base
 * type, charset, a file extension for an unnamed part). Reads the part; writes nothing.
 */
final class PartBytes {

  private PartBytes() {}

  private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

  /** A part's bytes (empty when over the cap) and its full decoded size. */
  record Capped(byte[] bytes, long size) {}

  /**
   * A part's decoded bytes. Base64 (nearly every attachment) is decoded in bulk with the JDK's MIME
   * decoder, several times faster than the stream decoder; anything else, an oversized part or
   * base64 the JDK refuses (bad padding) goes through jakarta.mail's lenient decoding stream.
   */
  static Capped readDecoded(final Part part, final long cap)
      throws IOException, MessagingException {
    InputStream raw = null;
    if (part instanceof MimeBodyPart p && "base64".equalsIgnoreCase(strip(p.getEncoding()))) {
      raw = p.getRawInputStream();
    } else if (part instanceof MimeMessage m && "base64".equalsIgnoreCase(strip(m.getEncoding()))) {
      raw = m.getRawInputStream();
    }
    if (raw != null) {
      try (InputStream in = raw) {
        // base64 with line breaks is at most about 1.37 times the decoded size
        final long most = Math.min(Integer.MAX_VALUE - 64L, cap / 100 * 140 + 4096);
        final byte[] encoded = in.readNBytes((int) most);
        if (in.read() == -1) {
          try {
            final byte[] decoded = Base64.getMimeDecoder().decode(encoded);
            if (decoded.length <= cap) {
              return new Capped(decoded, decoded.length);
            }
          } catch (IllegalArgumentException e) {
            // not clean base64: the lenient stream below decodes what it can
          }
        }
      }
    }
    try (InputStream in = part.getInputStream()) {
      return readCapped(in, cap);
    }
  }

  static String strip(final String s) {
    return s == null ? "" : s.strip();
  }

  /** Reads up to {@code cap} bytes, counting the rest without keeping it. */
  static Capped readCapped(final InputStream in, final long cap) throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      if (total + n <= cap) {
        out.write(buffer, 0, n);
      }
      total += n;
    }
    return new Capped(total <= cap ? out.toByteArray() : new byte[0], total);
  }

  static String baseType(final Part part) {
    try {
      final String ct = part.getContentType();
      if (ct == null) {
        return "application/octet-stream";
      }
      final String base = ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      return base.contains("/") ? base : "application/octet-stream";
    } catch (MessagingException | RuntimeException e) {
      return "application/octet-stream";
    }
  }

  static String charsetOf(final Part part) {
    try {
      final String ct = part.getContentType();
      if (ct == null) {
        return null;
      }
      final Matcher m = CHARSET.matcher(ct.replaceAll("\\s+", " "));
      return m.find() ? m.group(1) : null;
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  static String extensionFor(final String type) {
    return switch (type) {
      case "application/pdf" -> ".pdf";
      case "text/plain" -> ".txt";
      case "text/html" -> ".html";
      case "image/png" -> ".png";
      case "image/jpeg" -> ".jpg";
      case "image/gif" -> ".gif";
      default -> ".bin";
    };
  }
}
