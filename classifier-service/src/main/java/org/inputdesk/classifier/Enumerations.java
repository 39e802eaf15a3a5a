package org.inputdesk.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the shape of a sentence around a match: tells whether the match is one short item of an
 * enumeration ("climate change, cybersecurity and terrorism"), where a topic is named rather than
 * spoken of, and whether a stretch of text crosses a clause break.
 */
final class Enumerations {

  // Sentence ends ([.!?](?=\s|$)|\n): a full stop, question or exclamation mark before a space,
  // or a line break. Clause breaks ([.!?;:](?=\s|$)|[—–\n]) add semicolons, colons and dashes. Both
  // are read by hand below: they are asked about for every match.

  // Separators between items of a list, in the languages the default taxonomy speaks:
  // (?:[,;]|\b(?:and|or|...)\b), read in any case (EnumerationsTest keeps it as a regex and
  // compares).
  static final Alternation ITEM_SEPARATOR =
      new Alternation(
          ",;",
          List.of(
              "and",
              "or",
              "as well as",
              "et",
              "ou",
              "ainsi que",
              "y",
              "o",
              "así como",
              "и",
              "или",
              "а также"));

  // Words that open a list: what stands before them is its head, not an item.
  static final Alternation LIST_OPENER =
      new Alternation(
          ":—–(",
          List.of(
              "such as",
              "including",
              "like",
              "notamment",
              "tels que",
              "telles que",
              "comme",
              "como",
              "incluidos",
              "incluidas",
              "entre ellos",
              "такие как",
              "включая",
              "в том числе"));

  /** An item may hold this many words besides the match and still be a bare mention. */
  static final int MAX_EXTRA_WORDS = 4;

  /** Two other items this short show the sentence is enumerating, not just joining clauses. */
  static final int MAX_SIBLING_WORDS = 4;

  private Enumerations() {}

  /** Whether a stretch of text between two words crosses a sentence or clause break. */
  static boolean breaksClause(final String between) {
    return breaksClause(between, 0, between.length());
  }

  /**
   * Whether text[from, to) crosses a sentence or clause break, as if it were the whole text: a mark
   * at its end counts.
   */
  static boolean breaksClause(final String text, final int from, final int to) {
    for (int i = from; i < to; i++) {
      final char c = text.charAt(i);
      if (c == '\n' || c == '—' || c == '–') {
        return true;
      }
      if ((c == '.' || c == '!' || c == '?' || c == ';' || c == ':')
          && spaceOrEnd(text, i + 1, to)) {
        return true;
      }
    }
    return false;
  }

  /** Whether text[from, to) crosses a sentence end, as if it were the whole text. */
  static boolean breaksSentence(final String text, final int from, final int to) {
    for (int i = from; i < to; i++) {
      final char c = text.charAt(i);
      if (c == '\n') {
        return true;
      }
      if ((c == '.' || c == '!' || c == '?') && spaceOrEnd(text, i + 1, to)) {
        return true;
      }
    }
    return false;
  }

  // The look-ahead (?=\s|$) at i of the substring ending at to: white space, the end, or (as $
  // reads it) a last line terminator before the end.
  private static boolean spaceOrEnd(final String text, final int i, final int to) {
    if (i >= to) {
      return true;
    }
    final char c = text.charAt(i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
      return true;
    }
    return i + 1 == to && (c == '\u0085' || c == '\u2028' || c == '\u2029');
  }

  /** Whether a stretch of text between two words crosses a sentence end. */
  static boolean breaksSentence(final String between) {
    return breaksSentence(between, 0, between.length());
  }

  /** The character range [from, to) of the sentence holding [start, end). */
  static int[] sentence(final String text, final int start, final int end) {
    // walk out from the match rather than scan from the top: long attachments hold many matches
    int from = start;
    while (from > 0 && !endsSentenceAt(text, from - 1)) {
      from--;
    }
    int to = end;
    while (to < text.length() && !endsSentenceAt(text, to)) {
      to++;
    }
    return new int[] {from, to};
  }

  // Same rule as SENTENCE_END: a full stop, question or exclamation mark before a space or the
  // end, or a line break.
  private static boolean endsSentenceAt(final String text, final int i) {
    final char c = text.charAt(i);
    if (c == '\n') {
      return true;
    }
    return (c == '.' || c == '!' || c == '?')
        && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)));
  }

  /**
   * Whether the text at [start, end) is a short item of an enumeration of at least three items,
   * separated by commas (or semicolons) and conjunctions, with at least two other short items.
   */
  static boolean isListItem(final String text, final int start, final int end) {
    return shortItems(text, start, end) != null;
  }

  /**
   * When the text at [start, end) is a short item of an enumeration (see {@link #isListItem}), the
   * character ranges of the enumeration's short items, its own first; otherwise null. What stands
   * outside them in the sentence is the enumeration's head ("threats such as ...").
   */
  static List<int[]> shortItems(final String text, final int start, final int end) {
    final int[] bounds = sentence(text, start, end);
    if (!hasComma(text, bounds[0], bounds[1])) {
      return null; // an enumeration needs a comma or semicolon between its items
    }
    int from = bounds[0];
    int to = bounds[1];
    // a list starts after its opener ("challenges such as ...", "threats: ...")
    int[] opener = LIST_OPENER.find(text, bounds[0], start, bounds[0]);
    while (opener != null) {
      from = opener[1];
      opener = LIST_OPENER.find(text, bounds[0], start, opener[1]);
    }
    final int[] closer = LIST_OPENER.find(text, end, to, end);
    if (closer != null) {
      to = closer[0];
    }
    final List<int[]> items = new ArrayList<>();
    boolean comma = false;
    int itemStart = from;
    for (int[] sep = ITEM_SEPARATOR.find(text, from, to, from);
        sep != null;
        sep = ITEM_SEPARATOR.find(text, from, to, sep[1])) {
      if (sep[0] < end && sep[1] > start) {
        // a separator inside the match ("information and communication technologies")
        continue;
      }
      comma |= sep[1] - sep[0] == 1 && (text.charAt(sep[0]) == ',' || text.charAt(sep[0]) == ';');
      addItem(text, items, itemStart, sep[0]);
      itemStart = sep[1];
    }
    addItem(text, items, itemStart, to);
    if (!comma || items.size() < 3) {
      return null;
    }
    for (int i = 0; i < items.size(); i++) {
      final int[] item = items.get(i);
      if (item[0] <= start && item[1] >= end) {
        final int extra = words(text, item[0], item[1]) - words(text, start, end);
        if (extra > MAX_EXTRA_WORDS) {
          return null;
        }
        // "a free, open and, above all, secure cyberspace": short items before an item whose match
        // follows
        // one word are its modifiers, and the match is the noun they all qualify
        if (i > 0
            && words(text, items.get(i - 1)[0], items.get(i - 1)[1]) <= 2
            && words(text, item[0], start) == 1) {
          return null;
        }
        final List<int[]> shortOnes = new ArrayList<>();
        shortOnes.add(item);
        for (int j = 0; j < items.size(); j++) {
          if (j != i && words(text, items.get(j)[0], items.get(j)[1]) <= MAX_SIBLING_WORDS) {
            shortOnes.add(items.get(j));
          }
        }
        // clauses joined by "and" have a short piece here and there; an enumeration is mostly
        // short items
        return shortOnes.size() >= 3 && 2 * shortOnes.size() > items.size() ? shortOnes : null;
      }
    }
    return null;
  }

  private static boolean hasComma(final String text, final int from, final int to) {
    for (int i = from; i < to; i++) {
      final char c = text.charAt(i);
      if (c == ',' || c == ';') {
        return true;
      }
    }
    return false;
  }

  // Empty stretches (", and") are no items.
  private static void addItem(
      final String text, final List<int[]> items, final int a, final int b) {
    if (b > a && words(text, a, b) > 0) {
      items.add(new int[] {a, b});
    }
  }

  // The runs of letters and digits ([\p{L}\p{N}]+) in text[from, to), counted by code point.
  static int words(final String text, final int from, final int to) {
    int n = 0;
    boolean inWord = false;
    int i = from;
    while (i < to) {
      final int cp = Character.codePointAt(text, i);
      final int next = i + Character.charCount(cp);
      final boolean letter = next <= to && CampaignDetector.wordChar(cp);
      if (letter && !inWord) {
        n++;
      }
      inWord = letter;
      i = letter ? next : i + 1;
    }
    return n;
  }
}
