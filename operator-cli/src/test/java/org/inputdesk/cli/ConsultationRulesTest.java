package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.PublicationPolicy;
import org.junit.jupiter.api.Test;

class ConsultationRulesTest {

  private static Consultation consultation(
      final String id, final String prefix, final String address, final String tag) {
    return Consultation.newBuilder()
        .setId(id)
        .setTitle(id)
        .setAddresses(List.of(address))
        .setSubjectTags(List.of(tag))
        .setTrackingPrefix(prefix)
        .setPolicy(PublicationPolicy.newBuilder().build())
        .setUpdatedAt(Instant.EPOCH)
        .build();
  }

  private static Consultation retired(final Consultation c) {
    return Consultation.newBuilder(c)
        .setRetiredAt(Instant.parse("2026-01-01T00:00:00Z"))
        .setRetiredBy("ana")
        .setRetiredReason("closed")
        .build();
  }

  private static final Consultation OEWG =
      consultation("oewg-ict-2026", "OEWG-2026", "inputs@oewg.example", "[OEWG]");

  @Test
  void shouldRefuseASecondConsultationOnTheSameAddress() {
    final Consultation copy = consultation("oewg-copy", "COPY", "inputs@oewg.example", "[COPY]");
    assertThatThrownBy(() -> ConsultationRules.check("c.yaml", copy, Map.of(OEWG.getId(), OEWG)))
        .isInstanceOf(Refusal.class)
        .hasMessageStartingWith(
            "c.yaml: field addresses: 'inputs@oewg.example' already belongs to consultation"
                + " oewg-ict-2026");
  }

  @Test
  void shouldRefuseASecondConsultationWithTheSameTrackingPrefixEvenRetired() {
    final Consultation copy = consultation("oewg-copy", "oewg-2026", "copy@oewg.example", "[C]");
    assertThatThrownBy(() -> ConsultationRules.check("c.yaml", copy, Map.of(OEWG.getId(), OEWG)))
        .hasMessageStartingWith(
            "c.yaml: field trackingPrefix: 'oewg-2026' is already the prefix of consultation"
                + " oewg-ict-2026");
    assertThatThrownBy(
            () -> ConsultationRules.check("c.yaml", copy, Map.of(OEWG.getId(), retired(OEWG))))
        .hasMessageContaining("oewg-ict-2026 (retired): tracking numbers would repeat");
  }

  @Test
  void shouldRefuseASubjectTagAnotherOpenConsultationHas() {
    final Consultation copy = consultation("other", "OTHER", "other@oewg.example", "[oewg]");
    assertThatThrownBy(() -> ConsultationRules.check("c.yaml", copy, Map.of(OEWG.getId(), OEWG)))
        .hasMessageStartingWith("c.yaml: field subjectTags: '[oewg]' is already a subject tag");
  }

  @Test
  void shouldLetANewConsultationTakeTheAddressOfARetiredOne() {
    final Consultation next =
        consultation("oewg-ict-2027", "OEWG-2027", "inputs@oewg.example", "[OEWG]");
    assertThat(ConsultationRules.check("c.yaml", next, Map.of(OEWG.getId(), retired(OEWG))))
        .isEqualTo(next);
  }

  @Test
  void shouldLetAConsultationBeAppliedAgainAndKeepItsRetirement() {
    final Consultation changed = Consultation.newBuilder(OEWG).setTitle("New title").build();
    assertThat(ConsultationRules.check("c.yaml", changed, Map.of(OEWG.getId(), OEWG)))
        .isEqualTo(changed);
    final Consultation again =
        ConsultationRules.check("c.yaml", changed, Map.of(OEWG.getId(), retired(OEWG)));
    assertThat(again.getTitle()).isEqualTo("New title");
    assertThat(again.getRetiredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(again.getRetiredBy()).isEqualTo("ana");
  }
}
