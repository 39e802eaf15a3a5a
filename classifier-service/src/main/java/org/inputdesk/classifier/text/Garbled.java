package org.inputdesk.classifier.text;

/**
 * Tells text that was decoded with the wrong character set ("ž‹[jÇºà", "Ã©tÃ©") from text in any
 * script: reads a text and says whether a reader would see garbage. The signs are the ones a wrong
 * decoding leaves: the replacement character, C1 control characters, the lead bytes of UTF-8 read
 * as Windows-1252 or Latin-1 ("Ã", "Â", "â€") followed by another character of that range, and
 * Latin-1 symbols where letters should be. A text in Arabic, Chinese, Russian or French with its
 * accents has none of them.
 */
public final class Garbled {

  /** A text is garbled when the signs reach this share of its letters and signs. */
  static final double SHARE = 0.04;

  private static final int MIN_SIGNS = 3;
  private static final int SAMPLE_CHARS = 20_000;

  private Garbled() {}

  /** Whether the text looks wrongly decoded. */
  public static boolean test(final String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    final String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
    int letters = 0;
    int signs = 0;
    for (int i = 0; i < sample.length(); i++) {
      final char c = sample.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
      }
      if (sign(sample, i)) {
        signs++;
      }
    }
    return signs >= MIN_SIGNS && signs >= SHARE * (letters + signs);
  }

  private static boolean sign(final String s, final int i) {
    final char c = s.charAt(i);
    if (c == '\uFFFD' || (c >= 0x80 && c <= 0x9F)) {
      return true;
    }
    // UTF-8 lead bytes read as Latin-1/Windows-1252, then a continuation byte read the same way
    if ((c == 'Ã' || c == 'Â' || c == 'â' || c == 'Ð' || c == 'Ñ' || c == 'Ø' || c == 'Ù'
            || c == 'ï')
        && i + 1 < s.length()) {
      final char next = s.charAt(i + 1);
      return (next >= 0x80 && next <= 0xBF) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".indexOf(next) >= 0;
    }
    // Latin-1 symbols and the Windows-1252 extras that text does not hold among its letters
    return "¤¦¨¬¯´¸¹²³¼½¾‹›Œœ‰ƒ†‡ˆ˜šž".indexOf(c) >= 0;
  }
}
