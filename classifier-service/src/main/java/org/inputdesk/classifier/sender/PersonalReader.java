package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.inputdesk.classifier.sender.Lexicon.Role;
import org.inputdesk.classifier.sender.NameIndex.Hit;

/**
 * Reads whether a person writes for themselves: "in my personal capacity" and its kind in the other
 * languages, and whether the author's name (display name or address words) signs the message;
 * writes the phrase or the name found.
 */
final class PersonalReader {

  static final Pattern FIRST_PERSON =
      Pattern.compile(
          "(?:^|[^\\p{L}])(?:i|i'm|i’m|my|me|myself|je|j'|j’|mon|ma|mes|moi|yo|mi|mis|me|я|мой|моя|мои"
              + "|меня|мне|eu|meu|minha|meus|minhas|ich|mein|meine|meiner)(?:[^\\p{L}]|$)|我|بصفتي|رأيي|أنا",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  static final Pattern GENERIC_PERSONAL =
      Pattern.compile("(?:in an? |as an? |writing in a )", Pattern.CASE_INSENSITIVE);

  static String personalIn(final String text, final List<Hit> hits, final boolean subject) {
    for (final Hit h : hits) {
      if (h.entry().role() != Role.PERSONAL) {
        continue;
      }
      final String phrase = text.substring(h.start(), h.end());
      // "as an individual", "in a personal capacity" may speak of others; the other languages'
      // phrases, like "in my personal capacity", speak of the writer
      if (subject
          || FIRST_PERSON.matcher(phrase).find()
          || !GENERIC_PERSONAL.matcher(phrase).lookingAt()) {
        return phrase;
      }
      final int from = Math.max(0, h.start() - 160);
      final int to = Math.min(text.length(), h.end() + 160);
      if (FIRST_PERSON.matcher(text.substring(from, to)).find()) {
        return text.substring(from, to).strip();
      }
    }
    return null;
  }

  /** The author's name when it signs the message: the display name, or the address's words. */
  static String signedBy(
      final FromHeader.Mailbox author, final String body, final List<String> tails) {
    if (author == null) {
      return null;
    }
    final String tail = String.join("\n", tails).toLowerCase(Locale.ROOT);
    final String name = author.name();
    if (name != null && !author.nameIsAddress()) {
      final String n = name.toLowerCase(Locale.ROOT);
      if (NameText.isUncased(name.charAt(0)) && n.length() >= 2 && tail.contains(n)) {
        return name;
      }
      int found = 0;
      int words = 0;
      for (final String w : n.split("[\\s,.]+")) {
        if (w.length() >= 2 && Character.isLetter(w.charAt(0))) {
          words++;
          if (containsWord(tail, w)) {
            found++;
          }
        }
      }
      if (words >= 1 && found >= Math.min(2, words) && words <= 5) {
        return name;
      }
    }
    if (author.address() != null) {
      final String local =
          author.address().substring(0, author.address().indexOf('@')).toLowerCase(Locale.ROOT);
      int found = 0;
      final List<String> parts = new ArrayList<>();
      for (final String w : local.split("[._\\-+0-9]+")) {
        if (w.length() >= 3) {
          parts.add(w);
          if (containsWord(tail, w)) {
            found++;
          }
        }
      }
      if (parts.size() >= 2 && found >= 2) {
        return String.join(" ", parts);
      }
    }
    return null;
  }

  static boolean containsWord(final String text, final String word) {
    int at = text.indexOf(word);
    while (at >= 0) {
      final boolean before = at == 0 || !Character.isLetter(text.charAt(at - 1));
      final int end = at + word.length();
      final boolean after = end >= text.length() || !Character.isLetter(text.charAt(end));
      if (before && after) {
        return true;
      }
      at = text.indexOf(word, at + 1);
    }
    return false;
  }

  private PersonalReader() {}
}
