package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a From header value as mail programs write it: display names bare or quoted, encoded words,
 * comments, {@code Doe, Jane <jane@example.org>} without quotes, Outlook's {@code [mailto:]} form,
 * groups, several addresses. Never throws: what is not an address is kept as a name.
 */
public final class FromHeader {

  /** One mailbox: the address (lower-cased domain; may be null for a name alone) and its name. */
  public record Mailbox(String address, String name) {

    /** The domain of the address, lower case, or "" when there is none. */
    public String domain() {
      if (address == null) {
        return "";
      }
      final int at = address.lastIndexOf('@');
      return at < 0 ? "" : address.substring(at + 1);
    }

    /** True when the display name is itself written as an address. */
    public boolean nameIsAddress() {
      return name != null && ADDRESS.matcher(name).find();
    }
  }

  static final Pattern ADDRESS =
      Pattern.compile(
          "[\\p{L}\\p{N}._%+'!#$&*=?^`{|}~/-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");
  private static final Pattern MAILTO = Pattern.compile("\\[mailto:([^\\]\\s]+)\\]");

  private FromHeader() {}

  /** Every mailbox in the value, in order; an empty list for a value with neither. */
  public static List<Mailbox> parse(final String value) {
    final List<Mailbox> out = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    final String cleaned = MAILTO.matcher(value).replaceAll("<$1>");
    String pendingName = null;
    for (final String part : split(cleaned)) {
      final Mailbox m = mailbox(part);
      if (m == null) {
        continue;
      }
      if (m.address() == null) {
        // "Doe, Jane <jane@...>": the part before the comma is the start of the next one's name
        pendingName = pendingName == null ? m.name() : pendingName + ", " + m.name();
        continue;
      }
      if (pendingName != null && m.name() != null && !m.nameIsAddress()) {
        out.add(new Mailbox(m.address(), pendingName + ", " + m.name()));
      } else if (pendingName != null && m.name() == null && out.isEmpty()) {
        out.add(new Mailbox(m.address(), pendingName));
      } else {
        out.add(m);
      }
      pendingName = null;
    }
    if (pendingName != null && out.isEmpty()) {
      out.add(new Mailbox(null, pendingName));
    }
    return out;
  }

  /** The parts of a list, split at commas outside quotes, comments and angle brackets. */
  private static List<String> split(final String value) {
    final List<String> parts = new ArrayList<>();
    final StringBuilder current = new StringBuilder();
    boolean quoted = false;
    int comment = 0;
    boolean angle = false;
    for (int i = 0; i < value.length(); i++) {
      final char c = value.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < value.length()) {
          current.append(value.charAt(++i));
          continue;
        }
        if (c == '"') {
          quoted = false;
        }
        current.append(c);
        continue;
      }
      if (comment > 0) {
        if (c == '(') {
          comment++;
        } else if (c == ')') {
          comment--;
        }
        current.append(c);
        continue;
      }
      switch (c) {
        case '"' -> quoted = true;
        case '(' -> comment++;
        case '<' -> angle = true;
        case '>' -> angle = false;
        default -> {}
      }
      if ((c == ',' || c == ';') && !angle) {
        parts.add(current.toString());
        current.setLength(0);
        continue;
      }
      if (c == ':' && !angle && isGroupName(current)) {
        current.setLength(0); // "Undisclosed recipients:" names a group, not a mailbox
        continue;
      }
      current.append(c);
    }
    parts.add(current.toString());
    return parts;
  }

  private static boolean isGroupName(final CharSequence before) {
    for (int i = 0; i < before.length(); i++) {
      if (before.charAt(i) == '@') {
        return false;
      }
    }
    return before.length() > 0;
  }

  private static Mailbox mailbox(final String part) {
    final String p = part.strip();
    if (p.isEmpty()) {
      return null;
    }
    final int open = p.lastIndexOf('<');
    final int close = p.indexOf('>', Math.max(open, 0));
    String address = null;
    String name;
    if (open >= 0 && close > open) {
      address = address(p.substring(open + 1, close));
      name = p.substring(0, open) + " " + p.substring(close + 1);
    } else {
      final Matcher m = ADDRESS.matcher(withoutComments(p));
      if (m.find()) {
        address = address(m.group());
        name = commentsOf(p);
        if (name.isBlank()) {
          final String rest = withoutComments(p).replace(m.group(), " ");
          name = rest;
        }
      } else {
        name = p;
      }
    }
    name = name(name);
    if (address == null && name == null) {
      return null;
    }
    return new Mailbox(address, name);
  }

  private static String address(final String raw) {
    final String a = raw.strip().replaceFirst("^mailto:", "");
    final Matcher m = ADDRESS.matcher(a);
    if (!m.find()) {
      return null;
    }
    final String found = m.group();
    final int at = found.lastIndexOf('@');
    return found.substring(0, at) + "@" + found.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  private static String name(final String raw) {
    if (raw == null) {
      return null;
    }
    String n = withoutComments(raw).isBlank() ? commentsOf(raw) : withoutComments(raw);
    n = EncodedWords.decode(n.replace("\"", " "));
    n = n.replaceAll("\\s+", " ").strip();
    while (n.length() >= 2
        && ((n.startsWith("'") && n.endsWith("'")) || (n.startsWith("\"") && n.endsWith("\"")))) {
      n = n.substring(1, n.length() - 1).strip();
    }
    return n.isEmpty() ? null : n;
  }

  private static String withoutComments(final String s) {
    if (s.indexOf('(') < 0) {
      return s;
    }
    final StringBuilder out = new StringBuilder();
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c == '"' && depth == 0) {
        quoted = !quoted;
      }
      if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && depth > 0) {
        depth--;
        out.append(' ');
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String commentsOf(final String s) {
    final StringBuilder out = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c == '(') {
        if (depth++ > 0) {
          out.append(c);
        }
      } else if (c == ')' && depth > 0) {
        if (--depth > 0) {
          out.append(c);
        } else {
          out.append(' ');
        }
      } else if (depth > 0) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
