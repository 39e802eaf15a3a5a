package org.inputdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageGuessTest {

  private final LanguageGuess guess = new LanguageGuess();

  @Test
  void shouldGuessTheLanguagesTheClassifierKnowsFromTheirCommonestWords() {
    assertThat(
            guess.guess(
                "The working group welcomes the draft report and supports the proposal on"
                    + " capacity building that was made by the chair."))
        .isEqualTo("en");
    assertThat(
            guess.guess(
                "Le groupe de travail a examiné le projet de rapport et les propositions des"
                    + " délégations sur les normes."))
        .isEqualTo("fr");
    assertThat(
            guess.guess(
                "El grupo de trabajo examinó el proyecto de informe y las propuestas de las"
                    + " delegaciones sobre las normas."))
        .isEqualTo("es");
    assertThat(
            guess.guess(
                "Die Arbeitsgruppe hat den Entwurf des Berichts und die Vorschläge der Delegationen"
                    + " geprüft."))
        .isEqualTo("de");
    assertThat(
            guess.guess(
                "O grupo de trabalho examinou o projeto de relatório e as propostas das delegações"
                    + " e não chegou a um acordo."))
        .isEqualTo("pt");
    assertThat(
            guess.guess(
                "Il gruppo di lavoro ha esaminato il progetto di relazione e le proposte delle"
                    + " delegazioni, che sono state discusse."))
        .isEqualTo("it");
    assertThat(
            guess.guess(
                "De werkgroep heeft het ontwerpverslag en de voorstellen van de delegaties besproken"
                    + " en is het niet eens geworden."))
        .isEqualTo("nl");
  }

  @Test
  void shouldGuessNonLatinScripts() {
    assertThat(
            guess.guess(
                "Рабочая группа рассмотрела проект доклада и предложения делегаций о нормах, и это"
                    + " не было принято на сессии."))
        .isEqualTo("ru");
    assertThat(
            guess.guess(
                "نظر الفريق العامل في مشروع التقرير وفي مقترحات الوفود بشأن قواعد السلوك التي تم"
                    + " تقديمها إلى الدورة من أجل هذا"))
        .isEqualTo("ar");
    assertThat(guess.guess("不限成员名额工作组审议了报告草稿以及各代表团关于国家负责任行为规范的提案，并讨论了信息安全问题。")).isEqualTo("zh");
  }

  @Test
  void shouldSayNothingWhenShortOrUnclear() {
    assertThat(guess.guess(null)).isNull();
    assertThat(guess.guess("Thanks, see attached.")).isNull();
    assertThat(guess.guess("12345 67890 12345 67890 12345 67890 12345 67890 12345")).isNull();
    // Swedish: none of the languages the classifier knows
    assertThat(
            guess.guess(
                "Arbetsgruppen har granskat utkastet till rapporten och delegationernas förslag om"
                    + " normer för ansvarsfullt beteende."))
        .isNull();
  }
}
