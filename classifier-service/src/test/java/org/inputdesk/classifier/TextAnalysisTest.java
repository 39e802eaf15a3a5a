package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextAnalysisTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "en|The State's obligations under the U.N. Charter, e-mail and ICTs (3.5%) aren't new.",
        "fr|L'Assemblée générale a adopté l'ordre du jour ; les États d'Afrique s'y sont ralliés.",
        "es|Los Estados reafirmaron que el derecho internacional se aplica al ciberespacio.",
        "ru|Государства подтвердили, что международное право применяется к ИКТ.",
        "ar|أكدت الدول أن القانون الدولي ينطبق على تكنولوجيات المعلومات والاتصالات.",
        "zh|各国重申国际法适用于信息和通信技术。",
        "de|Die Staaten bekräftigten, dass das Völkerrecht gilt.",
        "|No language at all, 1,000 words_with_underscores x-ray.",
        // numbers skip the analyzers: each language must still read them as its analyzer does
        "en|Paragraphs 45 and 0046, resolution 76/19 of 2021, 10 000 000 inputs.",
        "fr|Les paragraphes 45 et 0046, la résolution 76/19 de 2021, 10 000 000 contributions.",
        "ru|Пункты 45 и 0046, резолюция 76/19 от 2021 года.",
        "ar|الفقرتان 45 و 0046، القرار 76/19 لعام 2021 ١٢٣.",
        "es|Los párrafos 45 y 0046, la resolución 76/19 de 2021."
      })
  void shouldTokeniseWordByWordAsTheAnalyzerDoesOnTheWholeText(
      final String language, final String text) {
    final TextAnalysis.Words words = TextAnalysis.words(text);
    // twice: the second time from what the first one learnt
    assertThat(TextAnalysis.tokens(language, words).toList())
        .isEqualTo(TextAnalysis.tokens(language, text))
        .isNotEmpty();
    assertThat(TextAnalysis.tokens(language, words).toList())
        .isEqualTo(TextAnalysis.tokens(language, text));
  }
}
