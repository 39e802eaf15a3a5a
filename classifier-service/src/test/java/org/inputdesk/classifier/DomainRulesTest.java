package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.inputdesk.classifier.policy.DeskRouter;
import org.inputdesk.classifier.policy.PublicationDecider;
import org.inputdesk.classifier.text.ParagraphRefs;
import org.inputdesk.classifier.topology.ClassifierConfig;
import org.inputdesk.classifier.topology.ClassifierService;
import org.inputdesk.schemas.Desk;
import org.inputdesk.schemas.Publication;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.ThemeTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainRulesTest {

  private static SenderInfo sender(final String type, final double confidence) {
    return SenderInfo.newBuilder().setType(type).setConfidence(confidence).setBasis("test").build();
  }

  private static Publication decide(
      final PublicationPolicy policy,
      final boolean matched,
      final boolean late,
      final String text,
      final SenderInfo sender) {
    return new PublicationDecider()
        .decide(
            policy,
            new PublicationDecider.Facts(
                matched, late, text.isBlank(), text, Map.of(), sender, null));
  }

  private static PublicationPolicy policy(final boolean holdUnknown) {
    return PublicationPolicy.newBuilder().setHoldUnknownSenders(holdUnknown).build();
  }

  @Test
  void shouldPostIdentifiedSenderByDefault() {
    final Publication p = decide(null, true, false, "Views", sender("ngo", 0.9));
    assertThat(p.getStatus()).isEqualTo(PublicationStatus.POSTED);
  }

  @Test
  void shouldHoldLowConfidenceLateAndUnknown() {
    assertThat(decide(policy(false), true, false, "Views", sender("ngo", 0.3)).getReason())
        .startsWith("low confidence");
    assertThat(decide(policy(false), true, true, "Views", sender("ngo", 0.9)).getStatus())
        .isEqualTo(PublicationStatus.HELD);
    assertThat(
            decide(
                    PublicationPolicy.newBuilder().setHoldLate(false).build(),
                    true,
                    true,
                    "Views",
                    sender("ngo", 0.9))
                .getStatus())
        .isEqualTo(PublicationStatus.POSTED);
    assertThat(decide(policy(true), true, false, "Views", sender("unknown", 0)).getReason())
        .isEqualTo("unknown sender");
    assertThat(decide(policy(false), true, false, "Views", sender("unknown", 0)).getStatus())
        .isEqualTo(PublicationStatus.POSTED);
    assertThat(decide(policy(false), false, false, "Views", sender("ngo", 0.9)).getReason())
        .isEqualTo("no consultation matched");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Please do not publish this letter.",
        "NOT FOR PUBLICATION",
        "Merci de ne pas publier cette contribution.",
        "Por favor, no publicar este documento.",
      })
  void shouldWithholdWhenSenderAsksNotToPublish(final String text) {
    final Publication p = decide(policy(false), true, false, text, sender("ngo", 0.9));
    assertThat(p.getStatus()).isEqualTo(PublicationStatus.WITHHELD);
    assertThat(p.getReason()).isEqualTo("sender asked not to publish");
  }

  @Test
  void shouldHoldTextDecodedWithTheWrongCharsetInsteadOfPostingGarbage() {
    final String misread =
        new String(
            "La sécurité des réseaux et la coopération régionale sont nécessaires."
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.nio.charset.Charset.forName("windows-1252"));
    final Publication p = decide(policy(false), true, false, misread, sender("ngo", 0.9));
    assertThat(p.getStatus()).isEqualTo(PublicationStatus.HELD);
    assertThat(p.getReason()).contains("wrongly decoded");
    assertThat(
            decide(policy(false), true, false, "La sécurité des réseaux.", sender("ngo", 0.9))
                .getStatus())
        .isEqualTo(PublicationStatus.POSTED);
  }

  @Test
  void shouldWithholdEmptyAndAutomaticMessages() {
    assertThat(decide(policy(false), true, false, " ", sender("ngo", 0.9)).getReason())
        .isEqualTo("empty input");
    final Publication auto =
        new PublicationDecider()
            .decide(
                null,
                new PublicationDecider.Facts(
                    true,
                    false,
                    false,
                    "Out of office",
                    Map.of("Auto-Submitted", "auto-replied"),
                    sender("ngo", 0.9),
                    null));
    assertThat(auto.getStatus()).isEqualTo(PublicationStatus.WITHHELD);
  }

  @Test
  void shouldWithdrawByCorrection() {
    final Publication p =
        new PublicationDecider()
            .decide(
                null,
                new PublicationDecider.Facts(
                    true,
                    false,
                    false,
                    "Views",
                    Map.of(),
                    sender("ngo", 0.9),
                    Fixtures.correction("s", StatusOverride.WITHDRAWN, List.of(), List.of())));
    assertThat(p.getStatus()).isEqualTo(PublicationStatus.WITHDRAWN);
    assertThat(p.getReason()).contains("checked by staff");
  }

  @Test
  void shouldFindParagraphAndSectionReferences() {
    assertThat(
            ParagraphRefs.find(
                "On paragraph 45 and para. 45bis, we propose a new 45ter; paragraphs 46-49 and"
                    + " section E need work, as does para 12."))
        .containsExactly("45", "45bis", "46", "47", "48", "49", "12", "45ter", "section E");
    assertThat(ParagraphRefs.find("No references here, only 2024 and the Section on ideas."))
        .isEmpty();
  }

  @Test
  void shouldRouteToDeskOfBestThemeElseCatchAll() {
    final List<Desk> desks =
        List.of(
            Desk.newBuilder()
                .setId("law")
                .setName("Law")
                .setThemes(List.of("international-law"))
                .build(),
            Desk.newBuilder().setId("general").setName("General").setThemes(List.of()).build());
    final ThemeTag law =
        ThemeTag.newBuilder().setId("international-law").setLabel("IL").setScore(0.5).build();
    final ThemeTag threats =
        ThemeTag.newBuilder().setId("threats").setLabel("T").setScore(0.9).build();
    assertThat(DeskRouter.route(desks, List.of(threats, law))).isEqualTo("law");
    assertThat(DeskRouter.route(desks, List.of(threats))).isEqualTo("general");
    assertThat(DeskRouter.route(List.of(), List.of(threats))).isNull();
  }

  @Test
  void shouldDetectLanguages() {
    assertThat(
            org.inputdesk.common.Languages.detect(
                "The working group discussed the draft report at length today."))
        .isEqualTo("en");
    assertThat(
            org.inputdesk.common.Languages.detect(
                "Le groupe de travail a examiné le projet de rapport aujourd'hui."))
        .isEqualTo("fr");
    assertThat(
            org.inputdesk.common.Languages.detect(
                "El grupo de trabajo examinó hoy el proyecto de informe final."))
        .isEqualTo("es");
    assertThat(
            org.inputdesk.common.Languages.detect(
                "Рабочая группа сегодня обсудила проект доклада."))
        .isEqualTo("ru");
    assertThat(org.inputdesk.common.Languages.detect("ok")).isNull();
  }

  @Test
  void shouldParseConfigWithDefaultsAndRejectBadValues() {
    final ClassifierConfig c = ClassifierConfig.from(Map.of("kafka.bootstrap.servers", "b:9092"));
    assertThat(c.applicationId()).isEqualTo("inputdesk-classifier");
    assertThat(c.numStreamThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.commitIntervalMs()).isEqualTo(100L);
    assertThat(c.bootstrapServers()).isEqualTo("b:9092");
    assertThat(ClassifierService.properties(c).getProperty("processing.guarantee"))
        .isEqualTo("exactly_once_v2");
    assertThatThrownBy(() -> ClassifierConfig.from(Map.of("classifier.num.stream.threads", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("INPUTDESK_CLASSIFIER_NUM_STREAM_THREADS");
  }

  @Test
  void shouldBatchProducerRequestsLargelyUnlessTheDeploymentSaysOtherwise() {
    final var defaults =
        ClassifierService.properties(
            ClassifierConfig.from(Map.of("kafka.bootstrap.servers", "b:9092")));
    assertThat(defaults.get("producer.batch.size")).isEqualTo(256 * 1024);
    for (final String key : List.of("kafka.batch.size", "kafka.producer.batch.size")) {
      final var own =
          ClassifierService.properties(
              ClassifierConfig.from(Map.of("kafka.bootstrap.servers", "b:9092", key, "32768")));
      assertThat(own.get("producer.batch.size"))
          .as("with %s set", key)
          .isEqualTo(key.equals("kafka.batch.size") ? null : "32768");
      assertThat(own.get("batch.size")).isEqualTo(key.equals("kafka.batch.size") ? "32768" : null);
    }
  }
}
