package org.inputdesk.intake.mime;

import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import java.text.ParsePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.schemas.Address;

/**
 * Reads the header fields of one message leniently: addresses (groups, encoded names, bare
 * addresses in broken fields), dates and their UTC offset, the Received date, and the headers kept
 * on the submission. Reads the message's headers; writes nothing.
 */
final class MailHeaders {

  private MailHeaders() {}

  private static final Pattern OFFSET =
      Pattern.compile("([+-])(\\d\\d)(\\d\\d)\\s*(\\(.*\\))?\\s*$");
  private static final Pattern BARE_ADDRESS =
      Pattern.compile("[A-Za-z0-9._%+'=-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

  static String header(final Part p, final String name) {
    try {
      final String[] values = p.getHeader(name);
      return values == null || values.length == 0 ? null : values[0];
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  static String messageId(final MimeMessage m) {
    final String id = header(m, "Message-ID");
    return id == null || id.isBlank() ? null : id.strip();
  }

  static Address firstAddress(final Part p, final String name) {
    final List<Address> all = addresses(p, name);
    return all.isEmpty() ? null : all.get(0);
  }

  static List<Address> addresses(final Part p, final String name) {
    final List<Address> out = new ArrayList<>();
    final String[] values;
    try {
      values = p.getHeader(name);
    } catch (MessagingException | RuntimeException e) {
      return out;
    }
    if (values == null) {
      return out;
    }
    for (final String value : values) {
      try {
        for (final InternetAddress a : InternetAddress.parseHeader(value, false)) {
          if (a.isGroup()) {
            final InternetAddress[] members = a.getGroup(false);
            if (members != null) {
              for (final InternetAddress member : members) {
                add(out, member.getAddress(), member.getPersonal());
              }
            }
          } else {
            add(out, a.getAddress(), a.getPersonal());
          }
        }
      } catch (MessagingException | RuntimeException e) {
        final Matcher m = BARE_ADDRESS.matcher(value);
        while (m.find()) {
          add(out, m.group(), null);
        }
      }
    }
    return out;
  }

  static void add(final List<Address> out, final String address, final String personal) {
    if (address == null || address.isBlank() || !address.contains("@")) {
      return;
    }
    final String trimmed = address.strip();
    final int at = trimmed.lastIndexOf('@');
    final String normalised =
        trimmed.substring(0, at) + "@" + trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
    final String name = personal == null ? null : clean(TextDecoding.decodeWords(personal));
    out.add(new Address(normalised, name == null || name.isBlank() ? null : name));
  }

  static List<String> deliveredTo(final MimeMessage m) {
    final Set<String> out = new LinkedHashSet<>();
    for (final String name : List.of("Delivered-To", "X-Original-To")) {
      for (final Address a : addresses(m, name)) {
        out.add(a.getAddress());
      }
    }
    return new ArrayList<>(out);
  }

  static Map<String, String> keptHeaders(final MimeMessage m) {
    final Map<String, String> out = new LinkedHashMap<>();
    for (final String name : MimeReader.KEPT_HEADERS) {
      final String value = header(m, name);
      if (value != null) {
        out.put(name, clean(value));
      }
    }
    return out;
  }

  /** All headers of a message as name/value pairs, for the dead-letter record. */
  static List<Map.Entry<String, String>> allHeaders(final MimeMessage m) throws MessagingException {
    final List<Map.Entry<String, String>> out = new ArrayList<>();
    for (final Header h : java.util.Collections.list(m.getAllHeaders())) {
      out.add(Map.entry(h.getName(), h.getValue()));
    }
    return out;
  }

  static Instant date(final String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      final Date d = new MailDateFormat().parse(value.strip(), new ParsePosition(0));
      return d == null ? null : d.toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String offset(final String value) {
    if (value == null) {
      return null;
    }
    final Matcher m = OFFSET.matcher(value.strip());
    return m.find() ? m.group(1) + m.group(2) + ":" + m.group(3) : null;
  }

  static Instant receivedHeaderDate(final Message m) {
    final String received = header((Part) m, "Received");
    if (received == null || !received.contains(";")) {
      return null;
    }
    return date(received.substring(received.lastIndexOf(';') + 1).replaceAll("\\s+", " "));
  }

  static String clean(final String value) {
    if (value == null) {
      return null;
    }
    return value.replaceAll("[\\r\\n\\t]+", " ").replace('\u0000', ' ').strip();
  }
}
