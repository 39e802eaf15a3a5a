package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.Theme;
import org.junit.jupiter.api.Test;

class CorrectionRulesTest {

  private static final Consultation OEWG =
      Consultation.newBuilder()
          .setId("oewg")
          .setTitle("OEWG")
          .setTrackingPrefix("OEWG")
          .setTaxonomy(
              List.of(
                  Theme.newBuilder().setId("norms").setLabel("Norms").build(),
                  Theme.newBuilder().setId("capacity-building").setLabel("Capacity").build()))
          .setPolicy(PublicationPolicy.newBuilder().build())
          .setUpdatedAt(Instant.parse("2026-11-01T00:00:00Z"))
          .build();

  private static Corrections.Action action(
      final List<String> add, final List<String> remove, final String type, final String reason) {
    return new Corrections.Action(add, remove, type, null, null, null, false, reason, "ana");
  }

  @Test
  void shouldAcceptThemesOfTheConsultationAndAKnownSenderType() {
    assertThat(
            CorrectionRules.problems(
                OEWG, action(List.of("norms"), List.of("capacity-building"), "ngo", "misread")))
        .isEmpty();
  }

  @Test
  void shouldRefuseAnInventedThemeNamingTheFieldTheValueAndTheAllowedOnes() {
    assertThat(CorrectionRules.problems(OEWG, action(List.of("norm"), List.of(), null, "x")))
        .containsExactly(
            "theme to add: \"norm\" is not one of consultation oewg; did you mean \"norms\"?;"
                + " allowed: norms, capacity-building");
  }

  @Test
  void shouldRefuseAnUnknownSenderTypeAndAMissingReason() {
    assertThat(CorrectionRules.problems(OEWG, action(List.of(), List.of(), "goverment", " ")))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("reason:"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("sender type: \"goverment\" is not one of the taxonomy;")
                    .contains("member-state", "ngo"));
  }

  @Test
  void shouldUseTheDefaultTaxonomyForAConsultationWithoutOne() {
    final Consultation bare = Consultation.newBuilder(OEWG).setTaxonomy(List.of()).build();
    assertThat(CorrectionRules.themes(bare)).extracting(Theme::getId).contains("threats");
    assertThat(CorrectionRules.problems(bare, action(List.of("threats"), List.of(), null, "x")))
        .isEmpty();
  }

  @Test
  void shouldSuggestOnlyNearMisses() {
    assertThat(CorrectionRules.nearest("cyber-peace", List.of("norms", "threats"))).isNull();
    assertThat(CorrectionRules.nearest("NGO", CorrectionRules.SENDER_TYPES)).isEqualTo("ngo");
  }
}
