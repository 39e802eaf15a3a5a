package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.inputdesk.testsupport.SharedData;
import org.junit.jupiter.api.Test;

class PlainWordsTest {

  // What Lucene's StandardTokenizer makes of a text: "start-end:term" per token.
  private static List<String> lucene(final String text) throws IOException {
    final List<String> out = new ArrayList<>();
    try (StandardTokenizer tokenizer = new StandardTokenizer()) {
      tokenizer.setReader(new java.io.StringReader(text));
      final CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
      final OffsetAttribute offset = tokenizer.addAttribute(OffsetAttribute.class);
      tokenizer.reset();
      while (tokenizer.incrementToken()) {
        out.add(offset.startOffset() + "-" + offset.endOffset() + ":" + term);
      }
      tokenizer.end();
    }
    return out;
  }

  // The same from PlainWords, or null when it leaves the text to the tokenizer.
  private static List<String> plain(final String text) {
    final List<String> out = new ArrayList<>();
    final boolean cut =
        PlainWords.cut(
            text, (start, end) -> out.add(start + "-" + end + ":" + text.substring(start, end)));
    return cut ? out : null;
  }

  @Test
  void shouldCutAsTheStandardTokenizerDoesOnTheCasesItsRulesName() throws IOException {
    final List<String> texts =
        List.of(
            "U.S. and U.K.: e.g. l'État, don’t, ‘quoted’ d'« ici »",
            "10,000.50 and 3.5x, 1.a a.1 a:b 10:30 a,b 1;2 1'000 a'b' 'a",
            "Paragraph 45bis; para.12 — section E… 2024–2025 § 3 ° € £ • “ok”",
            "Straße, Œuvre, São Paulo, Ñandú, façade, naïve, ÿ, ÀÖØöøÿĀſ",
            "ends with a mark.",
            "x".repeat(255) + " " + "y".repeat(3));
    for (final String text : texts) {
      assertThat(plain(text)).as(text).isEqualTo(lucene(text));
    }
  }

  @Test
  void shouldLeaveOtherCharactersAndLongWordsToTheTokenizer() {
    assertThat(plain("snake_case")).isNull();
    assertThat(plain("Москва")).isNull();
    assertThat(plain("co\u00ADoperation")).isNull(); // a soft hyphen is ignored inside a word
    assertThat(plain("e\u0301")).isNull(); // a combining accent
    assertThat(plain("emoji ©")).isNull();
    assertThat(plain("x".repeat(256))).isNull();
    assertThat(plain("tab\tand\r\nline")).isNotNull();
  }

  @Test
  void shouldCutRandomTextsAsTheStandardTokenizerDoes() throws IOException {
    final String alphabet = "aBzéÉßŸĀ01 9:.',;’‘ \n\t-«»—…€§\u00A0()\"!?/";
    final Random random = new Random(29);
    int compared = 0;
    for (int k = 0; k < 20_000; k++) {
      final StringBuilder s = new StringBuilder();
      final int length = 1 + random.nextInt(30);
      for (int i = 0; i < length; i++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      final String text = s.toString();
      final List<String> plain = plain(text);
      assertThat(plain).as("«%s» is plain", text).isNotNull();
      assertThat(plain).as(text).isEqualTo(lucene(text));
      compared++;
    }
    assertThat(compared).isEqualTo(20_000);
  }

  @Test
  void shouldCutRealTextsAsTheStandardTokenizerDoes() throws IOException {
    final List<String> texts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      texts.add(BenchInputs.input(3, i).getTextParts().get(0).getText());
    }
    texts.addAll(DevTexts.texts());
    final Optional<Path> samples = SharedData.resolve("samples");
    if (samples.isPresent()) {
      try (Stream<Path> files = Files.list(samples.get())) {
        for (final Path p : files.sorted().toList()) {
          texts.add(Files.readString(p));
        }
      }
    }
    int plainTexts = 0;
    for (final String text : texts) {
      final List<String> plain = plain(text);
      if (plain != null) {
        plainTexts++;
        assertThat(plain).isEqualTo(lucene(text));
      }
    }
    // the benchmark's English, French and Spanish letters are all plain
    assertThat(plainTexts).isGreaterThanOrEqualTo(300);
  }
}
