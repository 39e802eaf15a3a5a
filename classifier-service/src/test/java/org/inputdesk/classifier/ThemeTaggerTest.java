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
  void shouldMatchAPhraseThatBeginsWithANumber() {
    // numbers are not kept in a lexicon; a phrase that begins with one must still be found
    final Theme agenda =
        Theme.newBuilder()
            .setId("agenda-2030")
            .setLabel("Agenda 2030")
            .setPhrases(Map.of("en", List.of("2030 agenda")))
            .setWeight(1.0)
            .build();
    final ThemeTagger t = new ThemeTagger(List.of(agenda));
    final String text = "Our delegation recalls that the 2030 Agenda frames all of this work.";
    for (int read = 0; read < 2; read++) {
      assertThat(t.tag(List.of(new ThemeTagger.Segment("body", text, "en"))))
          .extracting(ThemeTag::getId)
          .containsExactly("agenda-2030");
    }
    assertThat(tagger.tag(List.of(new ThemeTagger.Segment("body", text, "en"))))
        .extracting(ThemeTag::getId)
        .doesNotContain("agenda-2030");
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

  @Test
  void shouldNotTagATopicNamedInPassingInAListOfUnrelatedChallenges() {
    assertThat(
            ids(
                "en",
                "We must tackle global challenges such as climate change, cybersecurity, migration"
                    + " and terrorism, and the United Nations needs to be strengthened."))
        .doesNotContain("threats");
  }

  @Test
  void shouldTagAThreatNamedInAListHeadedAsThreats() {
    assertThat(
            ids(
                "en",
                "We face serious transnational threats posed by terrorism, violent extremism,"
                    + " organized crime and cybercrime."))
        .contains("threats");
  }

  @Test
  void shouldNotRelateWordsAcrossASentenceEnd() {
    assertThat(
            ids(
                "en",
                "The efforts of the Security Council deserve praise. Our farmers now sell online"
                    + " through cyber cafes."))
        .doesNotContain("institutional-dialogue");
  }

  @Test
  void shouldTagTheUnitedNationsDeliberatingOnCyberAsInstitutionalDialogue() {
    assertThat(
            ids(
                "en",
                "Matters related to cybersecurity also deserve a most serious deliberation within"
                    + " the UN."))
        .contains("institutional-dialogue");
    assertThat(
            ids(
                "fr",
                "Les questions de cybersécurité méritent des délibérations approfondies au sein de"
                    + " l'Organisation des Nations Unies."))
        .contains("institutional-dialogue");
  }

  @Test
  void shouldKeepEvidenceOffsetsOnTheMatchedText() {
    final String text =
        "Many topics were raised. Later we discussed how malicious cyber activities threaten"
            + " hospitals.";
    final List<ThemeTag> tags = tagger.tag(List.of(new ThemeTagger.Segment("body", text, "en")));
    final ThemeTag threats =
        tags.stream().filter(t -> t.getId().equals("threats")).findFirst().orElseThrow();
    for (final Evidence e : threats.getEvidence()) {
      assertThat(text.substring(e.getOffset()).toLowerCase(java.util.Locale.ROOT))
          .startsWith(e.getPhrase().toLowerCase(java.util.Locale.ROOT).substring(0, 5));
      assertThat(text).contains(e.getSnippet());
    }
  }

  @Test
  void shouldAskMoreEvidenceOfALongTextThanOfAShortOne() {
    assertThat(ThemeTagger.lengthFactor(500)).isEqualTo(1.0);
    assertThat(ThemeTagger.lengthFactor(20_000)).isGreaterThan(ThemeTagger.lengthFactor(5_000));
    assertThat(ThemeTagger.lengthFactor(5_000)).isGreaterThan(1.0);
  }

  @Test
  void shouldNotReadTheUnDialogueIntoTheNameOfAUnAgency() {
    assertThat(
            ids(
                "en",
                "We value the fulfilment of rights in cyberspace, and the efforts made by the United"
                    + " Nations Development Programme to reduce inequalities."))
        .doesNotContain("institutional-dialogue");
  }

  @Test
  void shouldTagTheSameRightsOnlineAsOfflineAsInternationalLaw() {
    assertThat(ids("en", "Human rights apply online as they do offline."))
        .contains("international-law");
    assertThat(ids("en", "Children face abuse online and offline every day."))
        .doesNotContain("international-law");
  }
}
