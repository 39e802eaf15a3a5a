package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.inputdesk.schemas.Evidence;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;
import org.junit.jupiter.api.Test;

class ThemeTaggerTest {

  private final ThemeTagger tagger = new ThemeTagger(DefaultTaxonomy.oewg());

  private List<String> ids(final String language, final String text) {
    return tagger.tag(List.of(new ThemeTagger.Segment("body", text, language))).stream()
        .map(ThemeTag::getId)
        .toList();
  }

  @Test
  void shouldShipTheSevenCodebookThemes() {
    assertThat(DefaultTaxonomy.oewg().stream().map(Theme::getId))
        .containsExactly(
            "threats",
            "norms",
            "international-law",
            "cbm",
            "capacity-building",
            "institutional-dialogue",
            "digital-cooperation");
    assertThat(DefaultTaxonomy.oewg())
        .allSatisfy(t -> assertThat(t.getPhrases()).containsKeys("en", "fr", "es", "ru"));
  }

  @Test
  void shouldTagEnglishTextWithSeveralThemesAndEvidence() {
    final String text =
        "Ransomware attacks on hospitals show the risk. We call for the implementation of the"
            + " voluntary norms of responsible State behaviour and for confidence-building"
            + " measures such as a points of contact directory.";
    final List<ThemeTag> tags = tagger.tag(List.of(new ThemeTagger.Segment("body", text, "en")));
    assertThat(tags).extracting(ThemeTag::getId).contains("threats", "norms", "cbm");
    final ThemeTag threats =
        tags.stream().filter(t -> t.getId().equals("threats")).findFirst().orElseThrow();
    final Evidence e = threats.getEvidence().get(0);
    assertThat(e.getPhrase()).isEqualToIgnoringCase("ransomware");
    assertThat(e.getLocation()).isEqualTo("body");
    assertThat(e.getOffset()).isZero();
    assertThat(e.getSnippet()).contains("Ransomware attacks");
    assertThat(threats.getScore()).isBetween(0.0, 1.0);
  }

  @Test
  void shouldTagFrenchTextAsWellAsEnglish() {
    assertThat(
            ids(
                "fr",
                "Les cyberattaques contre les hôpitaux nous inquiètent. Nous soutenons les mesures"
                    + " de confiance et le renforcement des capacités des pays en développement."))
        .contains("threats", "cbm", "capacity-building");
  }

  @Test
  void shouldTagSpanishTextAsWellAsEnglish() {
    assertThat(
            ids(
                "es",
                "Los ciberataques contra infraestructuras críticas preocupan a mi país. El derecho"
                    + " internacional se aplica al ciberespacio y apoyamos las medidas de fomento de"
                    + " la confianza."))
        .contains("threats", "international-law", "cbm");
  }

  @Test
  void shouldTagRussianText() {
    assertThat(
            ids(
                "ru",
                "Мы поддерживаем меры укрепления доверия и наращивание потенциала в сфере"
                    + " международной информационной безопасности."))
        .contains("cbm", "capacity-building", "institutional-dialogue");
  }

  @Test
  void shouldMatchInflectedFormsThroughStemming() {
    assertThat(ids("en", "Cyber-attacks and more cyberattacks hit the hospitals."))
        .contains("threats");
    assertThat(ids("en", "States are building capacities and confidence-building measures."))
        .contains("cbm");
  }

  @Test
  void shouldNotTagTextAboutSomethingElse() {
    assertThat(ids("en", "We welcome the progress on climate finance and ocean conservation."))
        .isEmpty();
  }

  @Test
  void shouldWeighTheSubjectMoreThanTheBody() {
    final Theme weak =
        Theme.newBuilder()
            .setId("oceans")
            .setLabel("Oceans")
            .setPhrases(Map.of("en", List.of("ocean^0.8")))
            .setWeight(1.0)
            .build();
    final ThemeTagger t = new ThemeTagger(List.of(weak));
    assertThat(
            t.tag(
                List.of(
                    new ThemeTagger.Segment(
                        "body", "later text. " + "x ".repeat(400) + "ocean", "en"))))
        .isEmpty();
    assertThat(t.tag(List.of(new ThemeTagger.Segment("subject", "Oceans", "en"))))
        .extracting(ThemeTag::getId)
        .containsExactly("oceans");
  }

  @Test
  void shouldReportAttachmentLocation() {
    final List<ThemeTag> tags =
        tagger.tag(
            List.of(
                new ThemeTagger.Segment("subject", "Our input", "en"),
                new ThemeTagger.Segment(
                    "attachment:views.pdf",
                    "The Programme of Action should be established.",
                    "en")));
    assertThat(tags).extracting(ThemeTag::getId).containsExactly("institutional-dialogue");
    assertThat(tags.get(0).getEvidence().get(0).getLocation()).isEqualTo("attachment:views.pdf");
  }
}
