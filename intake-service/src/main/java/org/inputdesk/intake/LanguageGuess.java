package org.inputdesk.intake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Guesses the ISO 639-1 language of a text by its script and its commonest words (articles,
 * prepositions, conjunctions); null when the text is too short or the guess unclear. Reads the text
 * given; writes nothing. Stateless, safe to share between threads.
 *
 * <p>It knows the languages the classifier's theme terms and rules come in (en, fr, es, ru, ar, zh,
 * de, pt, it, nl): a guess outside them would change nothing downstream, and the classifier detects
 * the body's language again with its n-gram detector. Counting stop words costs a few microseconds
 * a text where Tika's n-gram detector cost about 250, 43% of the intake's time on small messages.
 */
public final class LanguageGuess {

  private static final int MIN_CHARS = 40;
  // 1,000 characters hold some 150 words: far more stop words than a clear decision needs
  private static final int SAMPLE_CHARS = 1_000;
  private static final int MIN_HITS = 3;

  private static final List<String> LATIN = List.of("en", "fr", "es", "de", "pt", "it", "nl");

  /** Frequent short words by language; a word in several lists counts for each. */
  private static final Map<String, String> STOP_WORDS =
      Map.of(
          "en",
          "the and of to is in that for it with as on are this be by we not have from which at or"
              + " an has was will its their our these should would",
          "fr",
          "le la les des et est un une du en que qui pour dans pas sur au aux avec ce il nous sont"
              + " par plus ne se cette été ces leur notre être",
          "es",
          "el la los las de y que en un una es por con para del al se no lo su sus como más está"
              + " son sobre este esta ha han nuestra",
          "de",
          "der die das und ist nicht mit von den dem zu ein eine auf für sich auch es im des wir"
              + " werden wird sind dass zur zum",
          "pt",
          "o os a as de e que do da dos das em um uma para com não por no na se mais ao é são pelo"
              + " pela nos nas",
          "it",
          "il la le di e che è un una per non con del della dei delle in si sono al alla anche"
              + " gli da questo come nel nella",
          "nl",
          "de het een en van is dat niet op te in met voor zijn er ook aan door wordt worden naar"
              + " bij om dit we",
          "ru",
          "и в не на что с по о к как для это из от мы его но все они же или быть был также",
          "ar",
          "في من على إلى أن عن التي الذي مع هذا هذه كما وفي ان لا ما بين");

  // word -> bit set of the languages it is a stop word of (bit i = LANGUAGES.get(i))
  private static final List<String> LANGUAGES =
      List.of("en", "fr", "es", "de", "pt", "it", "nl", "ru", "ar");
  private static final Map<String, Integer> WORDS = new HashMap<>();

  static {
    for (int i = 0; i < LANGUAGES.size(); i++) {
      for (final String w : STOP_WORDS.get(LANGUAGES.get(i)).split(" ")) {
        WORDS.merge(w, 1 << i, (a, b) -> a | b);
      }
    }
  }

  /** The language code, or null. */
  public String guess(final String text) {
    if (text == null || text.length() < MIN_CHARS || text.strip().length() < MIN_CHARS) {
      return null;
    }
    final String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
    int latin = 0;
    int cyrillic = 0;
    int arabic = 0;
    int han = 0;
    int kana = 0;
    int letters = 0;
    final int[] hits = new int[LANGUAGES.size()];
    final StringBuilder word = new StringBuilder(24);
    for (int i = 0; i <= sample.length(); i++) {
      final char ch = i < sample.length() ? sample.charAt(i) : ' ';
      if (ch < 0x80) {
        // ASCII, nearly every character of Latin-script text: no Unicode tables needed
        final char lower = (char) (ch | 0x20);
        if (lower >= 'a' && lower <= 'z') {
          letters++;
          latin++;
          if (word.length() <= 8) {
            word.append(lower);
          }
          continue;
        }
      } else if (Character.isLetter(ch)) {
        letters++;
        switch (Character.UnicodeScript.of(ch)) {
          case LATIN -> latin++;
          case CYRILLIC -> cyrillic++;
          case ARABIC -> arabic++;
          case HAN -> han++;
          case HIRAGANA, KATAKANA -> kana++;
          default -> {}
        }
        if (word.length() <= 8) {
          word.append(Character.toLowerCase(ch));
        }
        continue;
      }
      if (word.length() > 0) {
        final Integer langs = word.length() <= 8 ? WORDS.get(word.toString()) : null;
        if (langs != null) {
          for (int l = 0; l < hits.length; l++) {
            if ((langs & (1 << l)) != 0) {
              hits[l]++;
            }
          }
        }
        word.setLength(0);
      }
    }
    if (letters < MIN_CHARS / 2) {
      return null;
    }
    // Chinese has no spaces to count words by: its script decides (kana means Japanese)
    if (han * 2 > letters) {
      return kana * 10 > han ? null : "zh";
    }
    if (cyrillic * 2 > letters) {
      return hits[LANGUAGES.indexOf("ru")] >= MIN_HITS ? "ru" : null;
    }
    if (arabic * 2 > letters) {
      return hits[LANGUAGES.indexOf("ar")] >= MIN_HITS ? "ar" : null;
    }
    if (latin * 2 <= letters) {
      return null;
    }
    int best = -1;
    int second = 0;
    for (int l = 0; l < LATIN.size(); l++) {
      if (best < 0 || hits[l] > hits[best]) {
        second = best < 0 ? 0 : Math.max(second, hits[best]);
        best = l;
      } else {
        second = Math.max(second, hits[l]);
      }
    }
    // clear: enough stop words, and well ahead of the runner-up (Romance languages share many)
    return hits[best] >= MIN_HITS && hits[best] * 2 > second * 3 ? LATIN.get(best) : null;
  }
}
