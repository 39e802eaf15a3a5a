package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageDetectorTest {

  // One sentence in each language, written for this test (not from the dev set).
  private static String sentence(final String language) {
    return switch (language) {
      case "en" ->
          "The delegation supports the establishment of a permanent mechanism for regular"
              + " institutional dialogue on the security of information and communications"
              + " technologies, and it stresses that capacity-building should be demand-driven. ";
      case "fr" ->
          "La délégation appuie la création d'un mécanisme permanent de dialogue institutionnel"
              + " sur la sécurité des technologies de l'information et des communications, et elle"
              + " souligne que le renforcement des capacités doit répondre aux besoins des États. ";
      case "es" ->
          "La delegación apoya el establecimiento de un mecanismo permanente para el diálogo"
              + " institucional sobre la seguridad de las tecnologías de la información y las"
              + " comunicaciones, y subraya que el fomento de la capacidad debe responder a las"
              + " necesidades de los Estados. ";
      case "ru" ->
          "Делегация поддерживает создание постоянного механизма регулярного институционального"
              + " диалога по вопросам безопасности информационно-коммуникационных технологий и"
              + " подчеркивает, что наращивание потенциала должно отвечать потребностям государств. ";
      case "ar" ->
          "يؤيد الوفد إنشاء آلية دائمة للحوار المؤسسي المنتظم بشأن أمن تكنولوجيات المعلومات"
              + " والاتصالات، ويؤكد أن بناء القدرات ينبغي أن يستجيب لاحتياجات الدول. ";
      case "zh" -> "代表团支持建立一个关于信息和通信技术安全的定期机构对话常设机制，并强调能力建设应当以需求为导向。";
      default -> throw new IllegalArgumentException(language);
    };
  }

  @ParameterizedTest
  @CsvSource({"en", "fr", "es", "ru", "ar", "zh"})
  void shouldDetectTheLanguageOfOneSentence(final String language) {
    assertThat(LanguageDetector.detect(sentence(language))).isEqualTo(language);
  }

  @ParameterizedTest
  @CsvSource({"en", "fr", "es", "ru", "ar", "zh"})
  void shouldDetectTheLanguageOfALongTextWithoutTheNgramDetector(final String language) {
    final String text = sentence(language).repeat(30);
    assertThat(LanguageDetector.detect(text)).isEqualTo(language);
    // long texts in these languages are settled by script or function words alone
    assertThat(LanguageDetector.quick(text)).isEqualTo(language);
  }

  @ParameterizedTest
  @CsvSource({
    "The working group met today.,en",
    "Le groupe de travail s'est réuni aujourd'hui.,fr",
    "El grupo de trabajo se reunió hoy.,es",
    "Рабочая группа собралась сегодня.,ru",
    "اجتمع الفريق العامل اليوم.,ar",
    "工作组今天举行了会议并讨论了报告草案。,zh"
  })
  void shouldDetectTheLanguageOfShortTexts(final String text, final String language) {
    assertThat(LanguageDetector.detect(text)).isEqualTo(language);
  }

  @ParameterizedTest
  @CsvSource({
    "Die Arbeitsgruppe hat heute den Entwurf des Berichts besprochen und wird ihre Arbeit"
        + " morgen fortsetzen.,de",
    "O grupo de trabalho examinou hoje o projeto de relatório e continuará o seu trabalho"
        + " amanhã.,pt",
    "Il gruppo di lavoro ha esaminato oggi il progetto di relazione e continuerà il suo lavoro"
        + " domani.,it"
  })
  void shouldDetectOtherLanguagesReasonably(final String text, final String language) {
    assertThat(LanguageDetector.detect(text)).isEqualTo(language);
  }

  @ParameterizedTest
  @CsvSource({
    "en,fr", "fr,es", "es,en",
  })
  void shouldReadTheLanguageOfTheBodyBelowAShortLetterheadInAnother(
      final String letterhead, final String body) {
    final String text = sentence(letterhead).substring(0, 60) + "\n\n" + sentence(body).repeat(10);
    assertThat(LanguageDetector.detect(text)).isEqualTo(body);
  }

  @ParameterizedTest
  @CsvSource({"ok", "'12345 67890 !!'", "''"})
  void shouldNotGuessForTooLittleText(final String text) {
    assertThat(LanguageDetector.detect(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"ジャパン語の文章です。これはテストの文章です。ひらがなとカタカナと漢字。"})
  void shouldLeaveJapaneseToTheNgramDetector(final String text) {
    // kana beside Han characters: not called Chinese by the script count
    assertThat(LanguageDetector.quick(text)).isNull();
  }
}
