package org.inputdesk.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguagesTest {

  @Test
  void shouldDetectTheLanguagesInputsComeIn() {
    assertThat(
            Languages.detect(
                "The working group welcomes the draft report and supports the proposal on"
                    + " capacity building that was made by the chair."))
        .isEqualTo("en");
    assertThat(
            Languages.detect(
                "Le groupe de travail a examiné le projet de rapport et les propositions des"
                    + " délégations sur les normes."))
        .isEqualTo("fr");
    assertThat(
            Languages.detect(
                "El grupo de trabajo examinó el proyecto de informe y las propuestas de las"
                    + " delegaciones sobre las normas."))
        .isEqualTo("es");
    assertThat(
            Languages.detect(
                "Die Arbeitsgruppe hat den Entwurf des Berichts und die Vorschläge der Delegationen"
                    + " geprüft."))
        .isEqualTo("de");
    assertThat(
            Languages.detect(
                "O grupo de trabalho examinou o projeto de relatório e as propostas das delegações"
                    + " e não chegou a um acordo."))
        .isEqualTo("pt");
    assertThat(
            Languages.detect(
                "Il gruppo di lavoro ha esaminato il progetto di relazione e le proposte delle"
                    + " delegazioni, che sono state discusse."))
        .isEqualTo("it");
    assertThat(
            Languages.detect(
                "De werkgroep heeft het ontwerpverslag en de voorstellen van de delegaties besproken"
                    + " en is het niet eens geworden."))
        .isEqualTo("nl");
  }

  @Test
  void shouldDetectNonLatinScripts() {
    assertThat(
            Languages.detect(
                "Рабочая группа рассмотрела проект доклада и предложения делегаций о нормах, и это"
                    + " не было принято на сессии."))
        .isEqualTo("ru");
    assertThat(
            Languages.detect(
                "نظر الفريق العامل في مشروع التقرير وفي مقترحات الوفود بشأن قواعد السلوك التي تم"
                    + " تقديمها إلى الدورة من أجل هذا"))
        .isEqualTo("ar");
    assertThat(Languages.detect("不限成员名额工作组审议了报告草稿以及各代表团关于国家负责任行为规范的提案，并讨论了信息安全问题。"))
        .isEqualTo("zh");
  }

  @Test
  void shouldSayNothingWhenShortOrUnclear() {
    assertThat(Languages.detect(null)).isNull();
    assertThat(Languages.detect("12345 67890 12345 67890 12345 67890 12345 67890 12345")).isNull();
    assertThat(Languages.detect("Le, la, the.")).isNull();
  }

  @Test
  void shouldNameLanguagesBeyondTheUnOnesAndBothChineseScripts() {
    assertThat(
            Languages.detect(
                "Arbetsgruppen har granskat utkastet till rapporten och delegationernas förslag om"
                    + " normer för ansvarsfullt beteende."))
        .isEqualTo("sv");
    assertThat(Languages.detect("不限成員名額工作組審議了報告草稿以及各代表團關於國家負責任行為規範的提案。")).isEqualTo("zh");
  }
}
