package org.inputdesk.classifier.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inputdesk.classifier.DefaultTaxonomy;
import org.inputdesk.schemas.Evidence;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;
import org.junit.jupiter.api.Test;

class ThemeClassifierTest {

  private static final ThemeClassifier SHIPPED = DefaultTaxonomy.classifierFor(List.of());

  private static Theme theme(final String id, final Map<String, List<String>> phrases) {
    return Theme.newBuilder().setId(id).setLabel(id).setPhrases(phrases).build();
  }

  private static List<ThemeTag> tag(final ThemeClassifier c, final String text) {
    return c.tag(List.of(new Segment("body", text, "en")));
  }

  @Test
  void shouldTagAPassageAboutPointsOfContactAsCbmWithThatSentenceAsEvidence() {
    final String text =
        "We thank the Chair for the progress report. "
            + "We support the establishment of a global, intergovernmental directory of points of contact, "
            + "so that States can exchange information on ICT incidents quickly and prevent misperception and escalation. "
            + "We look forward to the next session.";
    final List<ThemeTag> tags = tag(SHIPPED, text);
    assertThat(tags).extracting(ThemeTag::getId).contains("cbm");
    final ThemeTag cbm =
        tags.stream().filter(t -> t.getId().equals("cbm")).findFirst().orElseThrow();
    assertThat(cbm.getEvidence()).isNotEmpty();
    final Evidence first = cbm.getEvidence().get(0);
    assertThat(first.getSnippet()).contains("points of contact");
    assertThat(text.substring(first.getOffset())).startsWith(first.getPhrase());
  }

  @Test
  void shouldTagRansomwareAgainstHospitalsAsThreatsAndAFarmingParagraphAsNothing() {
    assertThat(
            tag(
                SHIPPED,
                "Ransomware attacks against hospitals and other critical infrastructure "
                    + "during the pandemic showed how malicious use of ICTs endangers lives."))
        .extracting(ThemeTag::getId)
        .contains("threats");
    assertThat(
            tag(
                SHIPPED,
                "Our farmers need irrigation, fair prices for their crops and roads to bring them to market."))
        .isEmpty();
  }

  @Test
  void shouldTagFromThePhrasesAloneWhenAConsultationBringsItsOwnTaxonomy() {
    final ThemeClassifier c =
        new ThemeClassifier(
            List.of(
                theme("water", Map.of("en", List.of("drinking water", "sanitation"))),
                theme("empty", Map.of())),
            null);
    final String text = "Access to safe drinking water is a right. Nothing else matters here.";
    final List<ThemeTag> tags = tag(c, text);
    assertThat(c.mode()).startsWith("phrases");
    assertThat(tags).extracting(ThemeTag::getId).containsExactly("water");
    final Evidence e = tags.get(0).getEvidence().get(0);
    assertThat(e.getPhrase()).isEqualTo("drinking water");
    assertThat(e.getOffset()).isEqualTo(text.indexOf("drinking water"));
  }

  @Test
  void shouldReadAPhraseInItsStemmedForms() {
    final ThemeClassifier c =
        new ThemeClassifier(List.of(theme("attacks", Map.of("en", List.of("cyber-attack")))), null);
    assertThat(c.predict("Cyber-attacks on our banks were frequent.", "en"))
        .containsExactly("attacks");
  }

  @Test
  void shouldNotUseAModelTrainedForAnotherTaxonomy() throws IOException {
    final List<Theme> mine = List.of(theme("water", Map.of("en", List.of("drinking water"))));
    final ThemeModel other =
        new ThemeModel(
            "0123456789abcdef",
            List.of("w:water"),
            List.of(new ThemeModel.ThemeWeights("water", -9, 0.5, 1, 50, new double[] {0})),
            null);
    final ThemeClassifier c = new ThemeClassifier(mine, other);
    assertThat(c.mode()).contains("another taxonomy");
    assertThat(c.predict("Safe drinking water for all.", "en")).containsExactly("water");
  }

  @Test
  void shouldGiveNoThemeToAnEmptyTextAndSurviveHugeAndUnknownScriptTexts() {
    assertThat(tag(SHIPPED, "")).isEmpty();
    assertThat(SHIPPED.tag(List.of(new Segment("body", "ნებისმიერი ტექსტი ქართულად", "ka"))))
        .isEmpty();
    final String huge = "Cyber-attacks on hospitals threaten lives. ".repeat(50_000); // about 2 MB
    final long start = System.nanoTime();
    assertThat(tag(SHIPPED, huge)).extracting(ThemeTag::getId).contains("threats");
    assertThat((System.nanoTime() - start) / 1e9).as("seconds for 2 MB").isLessThan(60);
  }

  @Test
  void shouldReadTheArabicAndChinesePhrasesOfTheDefaultTaxonomy() {
    assertThat(
            SHIPPED.tag(
                List.of(
                    new Segment(
                        "body",
                        "إن الهجمات السيبرانية على البنية التحتية الحيوية تهدد السلم والأمن الدوليين.",
                        "ar"))))
        .extracting(ThemeTag::getId)
        .contains("threats");
    assertThat(SHIPPED.tag(List.of(new Segment("body", "针对关键基础设施的网络攻击威胁国际和平与安全。", "zh"))))
        .extracting(ThemeTag::getId)
        .contains("threats");
  }

  @Test
  void shouldWriteAndReadAModelUnchanged() throws IOException {
    final ThemeModel model =
        new ThemeModel(
            "abc",
            List.of("p:x", "w:a"),
            List.of(new ThemeModel.ThemeWeights("x", -1.5, 0.4, 2, 12, new double[] {2.0, -0.5})),
            null);
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    model.write(bytes);
    final ThemeModel back = ThemeModel.read(new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(back.taxonomy()).isEqualTo("abc");
    assertThat(back.probabilities(Map.of("p:x", 1.0))).containsOnlyKeys("x");
    assertThat(back.probabilities(Map.of("p:x", 1.0)).get("x"))
        .isCloseTo(1 / (1 + Math.exp(-0.5)), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Set.copyOf(back.themes())).hasSize(1);
  }

  @Test
  void shouldRefuseAFileThatIsNotAModel() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ThemeModel.read(new ByteArrayInputStream("not gzip".getBytes())))
        .isInstanceOf(IOException.class);
  }
}
