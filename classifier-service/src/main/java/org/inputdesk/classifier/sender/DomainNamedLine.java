package org.inputdesk.classifier.sender;

import com.ibm.icu.text.Transliterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the line of a message's closing that writes its domain's name: an organisation known only
 * by its domain ({@code intervozes.org.br}, {@code roskomsvoboda.org}) usually signs with the name
 * the domain spells, in its own script ("Роскомсвобода").
 */
final class DomainNamedLine {

  /** Closing lines looked at, from the end of the text. */
  private static final int CLOSING_LINES = 15;

  private static final int LONGEST_NAME = 100;
  private static final int SHORTEST_LABEL = 5;
  private static final Set<String> NOT_NAMES =
      Set.of("mail", "email", "smtp", "info", "contact", "office", "webmail", "gmail");

  /** ICU's transliterators are not thread-safe; one per thread, built once. */
  private static final ThreadLocal<Transliterator> TO_LATIN =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Any-Latin; Latin-ASCII"));

  private DomainNamedLine() {}

  /** The closing line whose Latin letters begin with a label of {@code domain}, or null. */
  static String find(final String text, final String domain) {
    if (text == null || domain == null) {
      return null;
    }
    final List<String> labels = labels(domain);
    if (labels.isEmpty()) {
      return null;
    }
    final String[] lines = text.strip().split("\\R");
    for (int i = lines.length - 1, seen = 0; i >= 0 && seen < CLOSING_LINES; i--) {
      final String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      seen++;
      if (line.length() > LONGEST_NAME || looksLikeAddress(line)) {
        continue;
      }
      final String letters = squash(TO_LATIN.get().transliterate(line));
      for (final String label : labels) {
        if (letters.startsWith(label)) {
          return line;
        }
      }
    }
    return null;
  }

  /** The labels of a domain that can be a name: not its suffixes, not "mail" or "www". */
  private static List<String> labels(final String domain) {
    final String[] parts = domain.toLowerCase(Locale.ROOT).split("\\.");
    final List<String> out = new ArrayList<>();
    for (int i = 0; i < parts.length - 1; i++) {
      final String label = parts[i].replace("-", "");
      if (label.length() >= SHORTEST_LABEL && !NOT_NAMES.contains(label)) {
        out.add(label);
      }
    }
    return out;
  }

  /** An address, a web address or a domain names the domain without naming the organisation. */
  private static boolean looksLikeAddress(final String line) {
    final String l = line.toLowerCase(Locale.ROOT);
    return l.contains("@")
        || l.contains("www")
        || l.contains("http")
        || l.matches(".*\\w\\.\\w{2,}.*");
  }

  private static String squash(final String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
