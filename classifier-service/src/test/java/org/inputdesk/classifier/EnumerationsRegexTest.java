package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The enumeration checks read their separators and openers by hand ({@link Alternation}); here they
 * are compared, at every word of real and random texts, with the regular expressions they were
 * first written with.
 */
class EnumerationsRegexTest {

  static final Pattern ITEM_SEPARATOR =
      Pattern.compile(
          "(?=[,;aoeyиа])(?:[,;]|\\b(?:and|or|as well as|et|ou|ainsi que|y|o|así como|и|или|а также)\\b)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

  static final Pattern LIST_OPENER =
      Pattern.compile(
          "(?=[:—–(silntceтв])(?:[:—–(]|\\b(?:such as|including|like|notamment|tels que|telles"
              + " que|comme|como|incluidos|incluidas|entre ellos|такие как|включая|в том числе)\\b)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  static List<int[]> referenceShortItems(final String text, final int start, final int end) {
    final int[] bounds = Enumerations.sentence(text, start, end);
    if (!referenceHasComma(text, bounds[0], bounds[1])) {
      return null; // an enumeration needs a comma or semicolon between its items
    }
    int from = bounds[0];
    int to = bounds[1];
    // a list starts after its opener ("challenges such as ...", "threats: ...")
    final Matcher opener = LIST_OPENER.matcher(text).region(from, start);
    while (opener.find()) {
      from = opener.end();
    }
    final Matcher closer = LIST_OPENER.matcher(text).region(end, to);
    if (closer.find()) {
      to = closer.start();
    }
    final List<int[]> items = new ArrayList<>();
    boolean comma = false;
    int itemStart = from;
    final Matcher sep = ITEM_SEPARATOR.matcher(text).region(from, to);
    while (sep.find()) {
      if (sep.start() < end && sep.end() > start) {
        // a separator inside the match ("information and communication technologies")
        continue;
      }
      comma |= sep.group().equals(",") || sep.group().equals(";");
      referenceAddItem(text, items, itemStart, sep.start());
      itemStart = sep.end();
    }
    referenceAddItem(text, items, itemStart, to);
    if (!comma || items.size() < 3) {
      return null;
    }
    for (int i = 0; i < items.size(); i++) {
      final int[] item = items.get(i);
      if (item[0] <= start && item[1] >= end) {
        final int extra = referenceWords(text, item[0], item[1]) - referenceWords(text, start, end);
        if (extra > Enumerations.MAX_EXTRA_WORDS) {
          return null;
        }
        // "a free, open and, above all, secure cyberspace": short items before an item whose match
        // follows
        // one word are its modifiers, and the match is the noun they all qualify
        if (i > 0
            && referenceWords(text, items.get(i - 1)[0], items.get(i - 1)[1]) <= 2
            && referenceWords(text, item[0], start) == 1) {
          return null;
        }
        final List<int[]> shortOnes = new ArrayList<>();
        shortOnes.add(item);
        for (int j = 0; j < items.size(); j++) {
          if (j != i
              && referenceWords(text, items.get(j)[0], items.get(j)[1])
                  <= Enumerations.MAX_SIBLING_WORDS) {
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

  private static boolean referenceHasComma(final String text, final int from, final int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == ',' || text.charAt(i) == ';') {
        return true;
      }
    }
    return false;
  }

  private static void referenceAddItem(
      final String text, final List<int[]> items, final int a, final int b) {
    if (b > a && referenceWords(text, a, b) > 0) {
      items.add(new int[] {a, b});
    }
  }

  private static int referenceWords(final String text, final int from, final int to) {
    int n = 0;
    final Matcher m = WORD.matcher(text).region(from, to);
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String describe(final List<int[]> items) {
    if (items == null) {
      return "none";
    }
    final StringBuilder s = new StringBuilder();
    items.forEach(r -> s.append(r[0]).append('-').append(r[1]).append(' '));
    return s.toString();
  }

  // every span of one to three words of the text, as the tagger asks about them
  private static int compareEverywhere(final String text) {
    final List<org.inputdesk.classifier.text.Token> tokens =
        org.inputdesk.classifier.text.Analyzers.tokens(text, "en");
    int asked = 0;
    for (int i = 0; i < tokens.size(); i++) {
      for (int w = 1; w <= 3 && i + w <= tokens.size(); w++) {
        final int start = tokens.get(i).start();
        final int end = tokens.get(i + w - 1).end();
        assertThat(describe(Enumerations.shortItems(text, start, end)))
            .as("%s at %d-%d", text.length() > 200 ? "text" : text, start, end)
            .isEqualTo(describe(referenceShortItems(text, start, end)));
        asked++;
      }
    }
    return asked;
  }

  @Test
  void shouldReadSeparatorsAndOpenersAsTheRegularExpressionsDo() {
    final String[] texts = {
      "Challenges such as climate change, cybersecurity and terrorism.",
      "Threats: ransomware, phishing, AND espionage; Or sabotage (including wipers) as well as theft.",
      "Les menaces, notamment le rançongiciel, l'espionnage et le sabotage, OU la fraude.",
      "Amenazas como el ransomware, el espionaje y el sabotaje, así como el fraude; o el robo.",
      "Угрозы, такие как вымогатели, шпионаж и саботаж, а также мошенничество или кража.",
      "Sandor, Oregon andes, ore; y-axis, oxygen and_more,andy, 2and3, o, o,e,y",
      "TELS QUE a, b, c — ou d – et e (f, g, h): i, j, k",
      "Like LIKE like, comme como commerce, incluidos incluidas entre ellos entre, x",
    };
    int asked = 0;
    for (final String text : texts) {
      asked += compareEverywhere(text);
    }
    assertThat(asked).isGreaterThan(200);
  }

  @Test
  void shouldReadRandomTextsAsTheRegularExpressionsDo() {
    final String[] pieces = {
      "and",
      "And",
      "or",
      "OR",
      "o",
      "y",
      "et",
      "ou",
      "as well as",
      "ainsi que",
      "así como",
      "и",
      "или",
      "а также",
      "such as",
      "including",
      "like",
      "comme",
      "como",
      "tels que",
      "в том числе",
      "cyber",
      "crime",
      "états",
      "ß",
      "x1",
      "_",
      "'",
      ",",
      ";",
      ":",
      "—",
      "–",
      "(",
      ")",
      " ",
      " ",
      " ",
      ". ",
      "\n",
      "é",
      "\u0301",
      "𝔸"
    };
    final Random random = new Random(17);
    for (int k = 0; k < 3_000; k++) {
      final StringBuilder s = new StringBuilder();
      final int length = 3 + random.nextInt(25);
      for (int i = 0; i < length; i++) {
        s.append(pieces[random.nextInt(pieces.length)]);
      }
      compareEverywhere(s.toString());
    }
  }

  @Test
  void shouldReadRealTextsAsTheRegularExpressionsDo() throws Exception {
    final List<String> texts = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      texts.add(BenchInputs.input(11, i).getTextParts().get(0).getText());
    }
    texts.addAll(DevTexts.texts());
    int asked = 0;
    for (final String text : texts) {
      asked += compareEverywhere(text);
    }
    assertThat(asked).isGreaterThan(50_000);
  }
}
