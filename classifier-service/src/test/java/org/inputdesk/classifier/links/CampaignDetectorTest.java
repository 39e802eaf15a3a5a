package org.inputdesk.classifier.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.inputdesk.classifier.BenchInputs;
import org.inputdesk.classifier.Fixtures;
import org.junit.jupiter.api.Test;

class CampaignDetectorTest {

  private static final String LETTER =
      "As a concerned citizen I urge the working group to protect hospitals and other critical"
          + " infrastructure from cyberattacks and to make the norms of responsible State behaviour"
          + " binding on every State that signs up to them in the coming years";

  private final CampaignDetector detector = new CampaignDetector(0.8);

  @Test
  void shouldFindNearDuplicatesAndTellOtherTextsApart() {
    final long[] a = detector.signature("Dear Sir, " + LETTER + ". Ann");
    final long[] b = detector.signature("Hello, " + LETTER + ". Bob Smith");
    final long[] c = detector.signature(Fixtures.MISSION_TEXT);
    assertThat(detector.similar(a, b)).isTrue();
    assertThat(detector.similar(a, c)).isFalse();
    assertThat(detector.bandKeys(a)).containsAnyElementsOf(detector.bandKeys(b));
  }

  @Test
  void shouldKeepSignaturesStableThroughEncoding() {
    final long[] a = detector.signature(LETTER);
    assertThat(CampaignDetector.decode(CampaignDetector.encode(a))).isEqualTo(a);
    assertThat(new CampaignDetector(0.8).signature(LETTER)).isEqualTo(a);
  }

  @Test
  void shouldIgnoreTextsTooShortToTell() {
    assertThat(detector.signature("Thank you.")).isNull();
  }

  @Test
  void shouldHashTheSameShinglesAsSplittingOnNonWordCharacters() {
    final String text =
        LETTER
            + " — l'État, ÉTATS-UNIS, İstanbul, Straße, ½ Ⅻ 𝟘𝟙 x\u0307y, 1,000 cyber-attacks; ИКТ 信息";
    assertThat(CampaignDetector.shingles(text)).isEqualTo(reference(text));
    assertThat(CampaignDetector.shingles(text.toUpperCase(Locale.ROOT)))
        .isEqualTo(reference(text.toUpperCase(Locale.ROOT)));
  }

  // Signatures are kept in a state store and compared with later ones: they must not change from
  // one version to the next. These were computed by the first version of the signature loop.
  @Test
  void shouldKeepTheSignaturesEarlierVersionsStored() {
    long combined = 0;
    for (int i = 0; i < 300; i++) {
      final long[] signature =
          detector.signature(BenchInputs.input(7, i).getTextParts().get(0).getText());
      if (i == 0) {
        assertThat(java.util.Arrays.copyOf(signature, 3))
            .containsExactly(123930257906716674L, 6682092335684385L, 35572233869691880L);
      }
      combined = combined * 31 + java.util.Arrays.hashCode(signature);
    }
    assertThat(combined).isEqualTo(-3064646895216467384L);
  }

  @Test
  void shouldHashTheSameShinglesOnEnglishFrenchAndSpanishLetters() {
    for (int i = 0; i < 300; i++) {
      final String text = BenchInputs.input(7, i).getTextParts().get(0).getText();
      assertThat(CampaignDetector.shingles(text)).isEqualTo(reference(text));
    }
  }

  @Test
  void shouldHashTheSameShinglesInAnyScript() {
    // words of two-, three- and four-byte UTF-8, letters outside the BMP (surrogate pairs), digits
    // of other scripts, a capital that lower-cases to two chars; separators with an emoji (not a
    // letter, outside the BMP) and a lone surrogate
    final String[] words = {
      "Cyber",
      "sécurité",
      "безопасность",
      "الأمن",
      "网络安全",
      "𝐀𝐁𝐂",
      "٣٤٥",
      "İstanbul",
      "Ωmega",
      "naïve",
      "x1",
      "42",
      "ǅemal",
      "ꙮ",
      "𐐀𐐨"
    };
    final String[] separators = {" ", ", ", ".\n", " — ", " 😀 ", "\t", " \uD800 ", "'", "-"};
    final java.util.Random random = new java.util.Random(11);
    for (int t = 0; t < 500; t++) {
      final StringBuilder text = new StringBuilder();
      final int count = 20 + random.nextInt(40);
      for (int w = 0; w < count; w++) {
        text.append(words[random.nextInt(words.length)]);
        text.append(separators[random.nextInt(separators.length)]);
      }
      assertThat(CampaignDetector.shingles(text.toString()))
          .as(text.toString())
          .isEqualTo(reference(text.toString()));
    }
  }

  // The shingles as first written: split the lower-cased text on NOT_WORD, FNV-1a over UTF-8.
  private static Set<Long> reference(final String text) {
    final String[] words =
        CampaignDetector.NOT_WORD
            .matcher(text.toLowerCase(Locale.ROOT))
            .replaceAll(" ")
            .trim()
            .split(" ");
    final Set<Long> out = new LinkedHashSet<>();
    for (int i = 0; i + 3 <= words.length; i++) {
      long h = 0xcbf29ce484222325L;
      for (final byte b :
          (words[i] + " " + words[i + 1] + " " + words[i + 2]).getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
      out.add(h);
    }
    return out;
  }
}
