package org.inputdesk.classifier;

import java.util.List;

/**
 * Finds {@code (?:[SINGLES]|\b(?:WORD1|WORD2|...)\b)} in a region of a text, as {@link
 * java.util.regex.Matcher#find()} does with {@code CASE_INSENSITIVE | UNICODE_CHARACTER_CLASS} and
 * the matcher's default opaque region bounds: the same matches, in the same order, without the
 * regex engine's cost at every character. The words are tried in their order at each place, the
 * first one followed by a word boundary winning; a word boundary sees no character outside the
 * region. {@code EnumerationsTest} compares both on real and random texts.
 */
final class Alternation {

  private final String singles;
  private final char[][] words;
  // the folded first characters of the words, to pass most places with one test
  private final String firsts;
  // the same two tests for an ASCII character, by table: most characters of most texts are
  private final boolean[] singleAscii = new boolean[128];
  private final boolean[] firstAscii = new boolean[128];

  Alternation(final String singles, final List<String> words) {
    this.singles = singles;
    this.words = new char[words.size()][];
    final StringBuilder first = new StringBuilder();
    for (int w = 0; w < words.size(); w++) {
      final char[] folded = words.get(w).toCharArray();
      for (int k = 0; k < folded.length; k++) {
        folded[k] = fold(folded[k]);
      }
      this.words[w] = folded;
      if (first.indexOf(String.valueOf(folded[0])) < 0) {
        first.append(folded[0]);
      }
    }
    this.firsts = first.toString();
    for (char c = 0; c < 128; c++) {
      singleAscii[c] = singles.indexOf(c) >= 0;
      firstAscii[c] = firsts.indexOf(fold(c)) >= 0;
    }
  }

  /**
   * The next match in text[regionStart, regionEnd) starting at or after from, as {start, end}, or
   * null.
   */
  int[] find(final String text, final int regionStart, final int regionEnd, final int from) {
    for (int i = from; i < regionEnd; i++) {
      final char c = text.charAt(i);
      if (c < 128 ? singleAscii[c] : singles.indexOf(c) >= 0) {
        return new int[] {i, i + 1};
      }
      if (!(c < 128 ? firstAscii[c] : firsts.indexOf(fold(c)) >= 0)
          || !boundary(text, regionStart, regionEnd, i)) {
        continue;
      }
      for (final char[] word : words) {
        final int end = i + word.length;
        if (end <= regionEnd
            && matches(text, i, word)
            && boundary(text, regionStart, regionEnd, end)) {
          return new int[] {i, end};
        }
      }
    }
    return null;
  }

  private static boolean matches(final String text, final int at, final char[] word) {
    for (int k = 0; k < word.length; k++) {
      final char c = text.charAt(at + k);
      if (fold(c) != word[k]) {
        return false;
      }
    }
    return true;
  }

  // As the regex compares a character when case does not count (UNICODE_CASE); ASCII by table
  private static char fold(final char c) {
    return c < 128 ? FOLD_ASCII[c] : Character.toLowerCase(Character.toUpperCase(c));
  }

  private static final char[] FOLD_ASCII = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      FOLD_ASCII[c] = Character.toLowerCase(Character.toUpperCase(c));
    }
  }

  // \b at i as java.util.regex reads it with opaque bounds: a word character on one side only.
  private static boolean boundary(
      final String text, final int regionStart, final int regionEnd, final int i) {
    final boolean left = i > regionStart && word(Character.codePointBefore(text, i));
    final boolean right = i < regionEnd && word(Character.codePointAt(text, i));
    return left != right;
  }

  // \w with UNICODE_CHARACTER_CLASS: alphabetic, marks, decimal digits, connector punctuation,
  // joiners
  static boolean word(final int cp) {
    if (cp < 128) {
      return (cp >= 'a' && cp <= 'z')
          || (cp >= 'A' && cp <= 'Z')
          || (cp >= '0' && cp <= '9')
          || cp == '_';
    }
    if (Character.isAlphabetic(cp)) {
      return true;
    }
    final int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.CONNECTOR_PUNCTUATION
        || cp == 0x200C
        || cp == 0x200D;
  }
}
