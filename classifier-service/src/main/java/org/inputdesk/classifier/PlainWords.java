package org.inputdesk.classifier;

/**
 * Cuts text into words exactly as Lucene's {@code StandardTokenizer} does (the word boundaries of
 * Unicode's UAX #29), for texts written only in a small set of characters whose word-boundary
 * classes are plain: ASCII without the underscore and control characters, the letters of Latin-1
 * and Latin Extended-A, the curly single quotes and a few punctuation marks and symbols (« » “ ” –
 * — … • § ° € £ and the no-break space). That covers letters in English, French, Spanish,
 * Portuguese, German and most other Western European languages. For any other character the answer
 * is "not plain" and the tokenizer reads the text.
 *
 * <p>Within that set, the rules reduce to these: letters and digits join each other; a colon, full
 * stop or apostrophe between two letters joins them ("U.S", "l'État", "don’t"); a comma, semicolon,
 * full stop or apostrophe between two digits joins them ("10,000.50"); anything else ends a word. A
 * word longer than the tokenizer's 255 characters also leaves the text to it. {@code
 * PlainWordsTest} compares both on real and on random texts.
 */
final class PlainWords {

  static final byte OTHER = 0;
  static final byte LETTER = 1;
  static final byte DIGIT = 2;
  // WB classes MidLetter (the colon), MidNumLet and Single_Quote (full stop, apostrophes), MidNum
  static final byte MID_LETTER = 3;
  static final byte MID_NUM_LET = 4;
  static final byte MID_NUM = 5;
  static final byte UNKNOWN = -1;

  private static final int MAX_WORD = 255;
  private static final byte[] CLASS = new byte[0x180];

  static {
    for (int c = 0; c < CLASS.length; c++) {
      CLASS[c] = UNKNOWN;
    }
    for (int c = 0x20; c < 0x7F; c++) {
      CLASS[c] = OTHER;
    }
    for (final char c : new char[] {'\t', '\n', '\u000B', '\f', '\r'}) {
      CLASS[c] = OTHER;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      CLASS[c] = LETTER;
      CLASS[Character.toUpperCase(c)] = LETTER;
    }
    for (int c = '0'; c <= '9'; c++) {
      CLASS[c] = DIGIT;
    }
    CLASS[':'] = MID_LETTER;
    CLASS['.'] = MID_NUM_LET;
    CLASS['\''] = MID_NUM_LET;
    CLASS[','] = MID_NUM;
    CLASS[';'] = MID_NUM;
    // joins words (ExtendNumLet): left to the tokenizer
    CLASS['_'] = UNKNOWN;
    for (int c = 0xC0; c < 0x180; c++) {
      if (c != 0xD7 && c != 0xF7) {
        CLASS[c] = LETTER;
      }
    }
    for (final char c : new char[] {'\u00A0', '«', '»', '§', '°', '£'}) {
      CLASS[c] = OTHER;
    }
  }

  private PlainWords() {}

  /** The class of a character, {@link #UNKNOWN} outside the plain set. */
  static byte classOf(final char c) {
    if (c < CLASS.length) {
      return CLASS[c];
    }
    switch (c) {
      case '\u2018', '\u2019':
        return MID_NUM_LET;
      case '\u201C', '\u201D', '\u2013', '\u2014', '\u2026', '\u2022', '\u20AC':
        return OTHER;
      default:
        return UNKNOWN;
    }
  }

  /** Receives each word: its start and end offsets in the text. */
  interface Sink {
    void word(int start, int end);
  }

  /**
   * Passes each word of a plain text to the sink, in order, and returns true; returns false as soon
   * as a character is outside the plain set or a word is too long (the sink may then have received
   * some words already).
   */
  static boolean cut(final String text, final Sink sink) {
    return cut(text.toCharArray(), sink);
  }

  /** As {@link #cut(String, Sink)}, over the text's characters. */
  static boolean cut(final char[] text, final Sink sink) {
    final int n = text.length;
    int i = 0;
    while (i < n) {
      final byte c = classOf(text[i]);
      if (c == UNKNOWN) {
        return false;
      }
      if (c != LETTER && c != DIGIT) {
        i++;
        continue;
      }
      final int start = i;
      byte last = c;
      i++;
      while (i < n) {
        final byte d = classOf(text[i]);
        if (d == LETTER || d == DIGIT) {
          last = d;
          i++;
        } else if (i + 1 < n
            && ((last == LETTER && (d == MID_LETTER || d == MID_NUM_LET))
                || (last == DIGIT && (d == MID_NUM || d == MID_NUM_LET)))
            && classOf(text[i + 1]) == last) {
          i += 2;
        } else {
          // an unknown character here is caught as the outer loop reads it
          break;
        }
      }
      if (i - start > MAX_WORD) {
        return false;
      }
      sink.word(start, i);
    }
    return true;
  }
}
