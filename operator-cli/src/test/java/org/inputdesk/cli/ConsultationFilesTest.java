package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;
import org.junit.jupiter.api.Test;

class ConsultationFilesTest {

  private static Consultation read(final String yaml) {
    return ConsultationFiles.readConsultation(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  @Test
  void shouldReadTheSampleConsultationOfTheLocalRun() throws Exception {
    try (var in = getClass().getResourceAsStream("/local/consultation.yaml")) {
      final Consultation c = ConsultationFiles.readConsultation(in, "consultation.yaml");
      assertThat(c.getId()).isEqualTo("oewg-ict-2026");
      assertThat(c.getAddresses()).containsExactly("inputs@oewg.localhost");
      assertThat(c.getDesks()).extracting(d -> d.getId()).contains("threats-norms", "capacity");
      assertThat(c.getPolicy().getIndividuals()).isEqualTo(IndividualDisplay.INITIALS);
    }
  }

  @Test
  void shouldStateTheDeadlineInTheConsultationsTimeZone() {
    final Consultation c =
        read(
            "id: c1\ntitle: T\ntrackingPrefix: C1\ndeadline: 2026-12-31T23:59\n"
                + "timeZone: America/New_York\n");
    assertThat(c.getDeadline()).isEqualTo(Instant.parse("2027-01-01T04:59:00Z"));
  }

  @Test
  void shouldNameTheFieldOfABadTimeZone() {
    assertThatThrownBy(() -> read("id: c1\ntitle: T\ntrackingPrefix: C1\ntimeZone: Mars/Olympus\n"))
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("timeZone 'Mars/Olympus'");
  }

  @Test
  void shouldRefuseAnUnknownKeyNamingTheKnownOnes() {
    assertThatThrownBy(
            () -> read("id: c1\ntitle: T\ntrackingPrefix: C1\ndeadlin: 2026-01-01T00:00\n"))
        .hasMessageContaining("unknown key 'deadlin'")
        .hasMessageContaining("deadline");
  }

  @Test
  void shouldRefuseAnIdThatCannotStandInAUrl() {
    assertThatThrownBy(() -> read("id: ../etc\ntitle: T\ntrackingPrefix: C1\n"))
        .hasMessageContaining("lower-case letters");
  }

  @Test
  void shouldReadDirectoryEntriesLowerCased() {
    final var entries =
        ConsultationFiles.readDirectory(
            new ByteArrayInputStream(
                "- key: \"@MFA.gov.SG\"\n  senderType: member-state\n  country: sgp\n"
                    .getBytes(StandardCharsets.UTF_8)),
            "dir.yaml",
            "tester");
    assertThat(entries)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("@mfa.gov.sg");
              assertThat(e.getCountry()).isEqualTo("SGP");
              assertThat(e.getUpdatedBy()).isEqualTo("tester");
            });
  }
}
