package org.inputdesk.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a pattern in a long text as {@link Matcher#find()} does, faster: reads the pattern and the
 * short prefixes every match begins with, and writes the same matches, in the same order.
 *
 * <p>{@code find()} tries the whole pattern at every place of the text; with case-insensitive
 * Unicode matching and many alternatives that costs tens of nanoseconds a character. Here a plain
 * loop looks for the prefixes (a table by first letter, then the few prefixes with that letter),
 * and the pattern is tried ({@link Matcher#lookingAt()} over the rest of the text, bounds
 * transparent so that {@code \b} and look-behinds see what stands before) only where a prefix
 * stands.
 */
final class Scan {

  // prefixes are grouped by their first character, folded; past this, one list holds the rest
  private static final int TABLE = 0x500;

  private final Pattern pattern;
  private final boolean ignoreCase;
  private final char[][][] byFirst = new char[TABLE][][];
  private final char[][] others;
  // the characters below TABLE a prefix may begin with, to pass over all others with one test
  private final BitSet first = new BitSet(TABLE);
  // the same for two ASCII characters in a row, which most places of most texts are
  private final boolean[] pairs = new boolean[128 * 128];
  private final boolean[] starts = new boolean[128];

  /**
   * @param pattern the pattern; each of its matches must begin with one of the prefixes
   * @param prefixes literal text, compared as the pattern compares (in any case when it is
   *     case-insensitive); a space stands for a run of white space, a # for a digit 0-9
   */
  Scan(final Pattern pattern, final String... prefixes) {
    this.pattern = pattern;
    this.ignoreCase = (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0;
    final List<char[]> rest = new ArrayList<>();
    // a prefix beginning with a digit (#) is filed under each digit
    final List<String> all = new ArrayList<>();
    for (final String prefix : prefixes) {
      if (prefix.charAt(0) == '#') {
        for (char digit = '0'; digit <= '9'; digit++) {
          all.add(digit + prefix.substring(1));
        }
      } else {
        all.add(prefix);
      }
    }
    for (final String prefix : all) {
      final char[] folded = new char[prefix.length()];
      for (int k = 0; k < folded.length; k++) {
        folded[k] = fold(prefix.charAt(k));
      }
      final char head = folded[0];
      if (head < TABLE) {
        final char[][] list = byFirst[head];
        final char[][] grown = list == null ? new char[1][] : Arrays.copyOf(list, list.length + 1);
        grown[grown.length - 1] = folded;
        byFirst[head] = grown;
      } else {
        rest.add(folded);
      }
    }
    this.others = rest.toArray(new char[0][]);
    for (int c = 0; c < TABLE; c++) {
      final char f = fold((char) c);
      if (f < TABLE ? byFirst[f] != null : !rest.isEmpty()) {
        first.set(c);
      }
    }
    for (int c = 0; c < 128; c++) {
      final char f = fold((char) c);
      if (f >= TABLE || byFirst[f] == null) {
        continue;
      }
      for (final char[] prefix : byFirst[f]) {
        for (int d = 0; d < 128; d++) {
          if (prefix.length == 1 || prefixAt(String.valueOf((char) d), 0, prefix, 2)) {
            pairs[c << 7 | d] = true;
            starts[c] = true;
          }
        }
      }
    }
  }

  // A character as compared: its lower case of its upper case when case does not count (the
  // regex compares upper and lower cases, so this may let a rare letter through, never miss one).
  private char fold(final char c) {
    if (!ignoreCase) {
      return c;
    }
    return c < TABLE ? FOLDED[c] : Character.toLowerCase(Character.toUpperCase(c));
  }

  private static final char[] FOLDED = new char[TABLE];

  static {
    for (int c = 0; c < TABLE; c++) {
      FOLDED[c] = Character.toLowerCase(Character.toUpperCase((char) c));
    }
  }

  // For the characters past the table: whether a prefix may begin with it.
  private boolean mayBegin(final char c) {
    final char f = fold(c);
    return f < TABLE ? byFirst[f] != null : others.length > 0;
  }

  private static boolean whiteSpace(final char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private boolean prefixAt(final String text, final int at) {
    final char head = fold(text.charAt(at));
    final char[][] candidates = head < TABLE ? byFirst[head] : others;
    if (candidates == null) {
      return false;
    }
    for (final char[] prefix : candidates) {
      if (prefix[0] == head && prefixAt(text, at + 1, prefix, prefix.length)) {
        return true;
      }
    }
    return false;
  }

  // The prefix from its second character up to (not including) the character to, at from: a space
  // takes a run of white space, a # one digit.
  private boolean prefixAt(final String text, final int from, final char[] prefix, final int to) {
    final int length = text.length();
    int i = from;
    for (int k = 1; k < to; k++) {
      if (i >= length) {
        return false;
      }
      final char p = prefix[k];
      if (p == ' ') {
        if (!whiteSpace(text.charAt(i))) {
          return false;
        }
        while (i < length && whiteSpace(text.charAt(i))) {
          i++;
        }
      } else if (p == '#') {
        final char c = text.charAt(i++);
        if (c < '0' || c > '9') {
          return false;
        }
      } else if (fold(text.charAt(i++)) != p) {
        return false;
      }
    }
    return true;
  }

  Pattern pattern() {
    return pattern;
  }

  /** The matches in a text, one at a time. */
  Finder in(final String text) {
    return new Finder(text);
  }

  /** Whether the pattern occurs in the text: {@code pattern.matcher(text).find()}. */
  boolean foundIn(final String text) {
    return in(text).next();
  }

  /** Where the pattern first occurs in the text, or -1. */
  int indexIn(final String text) {
    final Finder f = in(text);
    return f.next() ? f.match().start() : -1;
  }

  /** Steps through the matches in a text like repeated {@link Matcher#find()} calls. */
  final class Finder {
    private final String text;
    // the characters read from an array: the loop below reads each one, and this is its cost
    private final char[] chars;
    private final Matcher matcher;
    private int from;

    private Finder(final String text) {
      this.text = text;
      this.chars = text.toCharArray();
      this.matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    }

    /** Moves to the next match; false when there is none. */
    boolean next() {
      final char[] chars = this.chars;
      final boolean[] starts = Scan.this.starts;
      final boolean[] pairs = Scan.this.pairs;
      final int length = chars.length;
      for (int i = from; i < length; i++) {
        final char c = chars[i];
        if (c < 128) {
          // most characters fail here, with one test
          if (!starts[c]) {
            continue;
          }
          if (i + 1 < length && chars[i + 1] < 128 && !pairs[c << 7 | chars[i + 1]]) {
            continue;
          }
        } else if (c < TABLE ? !first.get(c) : !mayBegin(c)) {
          continue;
        }
        if (!prefixAt(text, i)) {
          continue;
        }
        matcher.region(i, length);
        if (matcher.lookingAt()) {
          // as find() goes on: after the match, or one further after an empty one
          from = matcher.end() > i ? matcher.end() : i + 1;
          return true;
        }
      }
      from = length;
      return false;
    }

    /** The current match (groups, start, end in the whole text). */
    Matcher match() {
      return matcher;
    }
  }
}
