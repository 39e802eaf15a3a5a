package org.inputdesk.classifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.tika.langdetect.optimaize.OptimaizeLangDetector;
import org.apache.tika.language.detect.LanguageResult;

/**
 * Detects the language of a text (ISO 639-1 code): reads the text and writes the code, or null when
 * the text is too short or unclear.
 *
 * <p>Most inputs are long and in a language that two cheap signals settle: the script of the
 * letters (Cyrillic, Arabic, Han) and, for Latin script, which language's most common function
 * words ("the", "les", "los", "der" ...) the first words are. Only when neither is clear (short
 * texts, Latin-script languages without a list here, mixed texts) does Tika's n-gram detector,
 * loaded for the languages of the UN and a few more, read the text: it costs about a hundred times
 * as much.
 */
public final class LanguageDetector {

  private static final Set<String> LANGUAGES =
      Set.of("en", "fr", "es", "ru", "ar", "zh-CN", "zh-TW", "de", "pt", "it", "nl");

  // the detector keeps per-text state between addText and detect: one per thread
  private static final ThreadLocal<OptimaizeLangDetector> DETECTOR =
      ThreadLocal.withInitial(LanguageDetector::load);

  private static final int MIN_LETTERS = 12;
  private static final int MAX_CHARS = 4000;

  /** The cheap signals read this much of a text: a few hundred words. */
  static final int SAMPLE_CHARS = 2000;

  /** A script carries the text when this share of its letters are of it. */
  private static final double SCRIPT_SHARE = 0.6;

  /** Function words needed, and the lead over the runner-up, to call a Latin-script language. */
  private static final int MIN_WORDS = 8;

  private static final int LEAD_FACTOR = 3;

  private static final int MAX_WORD = 8;

  // Frequent function words, each in one list only: words the languages share ("de", "la",
  // "que", "en", "a") say nothing about which it is.
  private static final List<String> CODES = List.of("en", "fr", "es", "de", "pt", "it", "nl");
  private static final Map<String, Integer> WORDS = new HashMap<>();
  // The function words again, by open addressing over their characters, so that a word of the
  // text is looked up as it was read, without making a String of it.
  private static final char[][] WORD_CHARS = new char[512][];
  private static final int[] WORD_LANGUAGE = new int[512];

  static {
    final List<String> lists =
        List.of(
            "the and of to is that for with are this be by it we which our from have has should"
                + " will on its not or an",
            "le les des et du est pour dans sur au aux qui nous ne pas avec cette ces sont être"
                + " leur une par",
            "el los las y es más también su sus nuestra nuestro nuestros pero hay",
            "der die und ist nicht mit von zu den ein eine auf für sich dem wir auch werden"
                + " im",
            "não os do da dos em ao são pelo pela é uma um também nós às",
            "il di della che è gli nel nella sono alla dei delle degli non per anche",
            "het een van dat niet op te voor zijn wij ook worden aan bij met");
    for (int i = 0; i < lists.size(); i++) {
      for (final String w : lists.get(i).split(" ")) {
        if (WORDS.put(w, i) != null) {
          throw new IllegalStateException("function word in two lists: " + w);
        }
      }
    }
    WORDS.forEach(
        (w, language) -> {
          int at = slot(w.hashCode());
          while (WORD_CHARS[at] != null) {
            at = (at + 1) & (WORD_CHARS.length - 1);
          }
          WORD_CHARS[at] = w.toCharArray();
          WORD_LANGUAGE[at] = language;
        });
  }

  private static int slot(final int hash) {
    return (hash ^ (hash >>> 9)) & (WORD_CHARS.length - 1);
  }

  // WORDS.get(new String(word, 0, length)), where hash is that String's hashCode; -1 for none
  private static int language(final char[] word, final int length, final int hash) {
    for (int at = slot(hash); WORD_CHARS[at] != null; at = (at + 1) & (WORD_CHARS.length - 1)) {
      final char[] w = WORD_CHARS[at];
      if (w.length == length && Arrays.equals(w, 0, length, word, 0, length)) {
        return WORD_LANGUAGE[at];
      }
    }
    return -1;
  }

  private LanguageDetector() {}

  private static OptimaizeLangDetector load() {
    try {
      final OptimaizeLangDetector detector = new OptimaizeLangDetector();
      detector.loadModels(LANGUAGES);
      return detector;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load language profiles", e);
    }
  }

  /** The language code, or null when the text is too short or unclear. */
  public static String detect(final String text) {
    if (text == null) {
      return null;
    }
    final String sample = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    if (!hasLetters(sample, MIN_LETTERS)) {
      return null;
    }
    final String quick = quick(sample);
    return quick != null ? quick : ngrams(sample);
  }

  private static boolean hasLetters(final String text, final int needed) {
    int n = 0;
    for (int i = 0; i < text.length() && n < needed; ) {
      final int c = text.codePointAt(i);
      if (Character.isLetter(c)) {
        n++;
      }
      i += Character.charCount(c);
    }
    return n >= needed;
  }

  /** The n-gram detector's answer: the fallback, and what the quick path is checked against. */
  static String ngrams(final String sample) {
    final OptimaizeLangDetector detector = DETECTOR.get();
    detector.reset();
    detector.addText(sample);
    final LanguageResult result = detector.detect();
    if (result == null || result.isUnknown()) {
      return null;
    }
    return TextAnalysis.normalise(result.getLanguage());
  }

  // an ASCII letter's lower case, 0 for any other ASCII character
  private static final char[] ASCII_LOWER = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_LOWER[c] = Character.isLetter(c) ? Character.toLowerCase(c) : 0;
    }
  }

  /** The language when script or function words make it clear, else null. */
  static String quick(final String text) {
    final int to = Math.min(text.length(), SAMPLE_CHARS);
    int letters = 0;
    int latin = 0;
    int cyrillic = 0;
    int arabic = 0;
    int han = 0;
    final int[] counts = new int[CODES.size()];
    final char[] word = new char[MAX_WORD];
    int length = 0;
    int hash = 0;
    boolean overlong = false;
    for (int i = 0; i <= to; i++) {
      final char c = i < to ? text.charAt(i) : ' ';
      // ASCII, most characters of most texts, by table: what Character.isLetter and toLowerCase
      // give
      if (c < 128 ? ASCII_LOWER[c] != 0 : Character.isLetter(c)) {
        letters++;
        if (c < 0x250) {
          latin++;
        } else if (c >= 0x400 && c <= 0x52f) {
          cyrillic++;
        } else if ((c >= 0x600 && c <= 0x6ff)
            || (c >= 0x750 && c <= 0x77f)
            || (c >= 0x8a0 && c <= 0x8ff)
            || (c >= 0xfb50 && c <= 0xfdff)
            || (c >= 0xfe70 && c <= 0xfeff)) {
          arabic++;
        } else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) {
          han++;
        }
        if (length < MAX_WORD) {
          final char lower = c < 128 ? ASCII_LOWER[c] : Character.toLowerCase(c);
          word[length++] = lower;
          hash = 31 * hash + lower;
        } else {
          overlong = true;
        }
        continue;
      }
      if (length > 0 && !overlong) {
        final int language = language(word, length, hash);
        if (language >= 0) {
          counts[language]++;
        }
      }
      length = 0;
      hash = 0;
      overlong = false;
    }
    if (letters == 0) {
      return null;
    }
    if (cyrillic >= SCRIPT_SHARE * letters) {
      return "ru";
    }
    if (arabic >= SCRIPT_SHARE * letters) {
      return "ar";
    }
    // Japanese and Korean (kana, hangul beside Han characters) stay below the share: they go to
    // the n-gram detector
    if (han >= SCRIPT_SHARE * letters) {
      return "zh";
    }
    if (latin < SCRIPT_SHARE * letters) {
      return null;
    }
    int best = 0;
    int second = -1;
    for (int i = 1; i < counts.length; i++) {
      if (counts[i] > counts[best]) {
        second = best;
        best = i;
      } else if (second < 0 || counts[i] > counts[second]) {
        second = i;
      }
    }
    if (counts[best] >= MIN_WORDS && counts[best] >= LEAD_FACTOR * counts[second]) {
      return CODES.get(best);
    }
    return null;
  }
}
