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
        .hasMessageContaining("field timeZone: 'Mars/Olympus'");
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

  private static java.util.List<org.inputdesk.schemas.SenderDirectoryEntry> directory(
      final String yaml) {
    return ConsultationFiles.readDirectory(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "dir.yaml", "tester");
  }

  private static final String HEAD = "id: c1\ntitle: T\ntrackingPrefix: C1\n";

  @Test
  void shouldRefuseADeskOnAThemeTheDefaultTaxonomyDoesNotHave() {
    assertThatThrownBy(() -> read(HEAD + "desks:\n  - id: peace\n    themes: [cbm, cyber-peace]\n"))
        .isInstanceOf(Refusal.class)
        .hasMessageStartingWith(
            "test.yaml: field themes of desk peace: 'cyber-peace' is not a theme of the default"
                + " taxonomy (consultation c1 has none of its own); allowed: threats, norms,");
  }

  @Test
  void shouldRefuseADeskOnAThemeTheConsultationsOwnTaxonomyDoesNotHave() {
    assertThatThrownBy(
            () ->
                read(
                    HEAD
                        + "taxonomy:\n  - id: health\n    label: Health\n"
                        + "desks:\n  - id: d\n    themes: [healt]\n"))
        .hasMessage(
            "test.yaml: field themes of desk d: 'healt' is not a theme of consultation c1;"
                + " allowed: health; did you mean 'health'?");
  }

  @Test
  void shouldRefuseAMinConfidenceOutsideZeroToOne() {
    assertThatThrownBy(() -> read(HEAD + "policy:\n  minConfidence: 7\n"))
        .isInstanceOf(Refusal.class)
        .hasMessageStartingWith(
            "test.yaml: field policy.minConfidence: '7.0' is out of range; allowed: a number"
                + " from 0 to 1");
    assertThat(read(HEAD + "policy:\n  minConfidence: 1\n").getPolicy().getMinConfidence())
        .isEqualTo(1.0);
  }

  @Test
  void shouldSayWhichFieldWantsAListInsteadOfJacksonsClassNames() {
    assertThatThrownBy(() -> read(HEAD + "addresses: inputs@igf.example\n"))
        .hasMessage(
            "test.yaml: field addresses: expected a list, got 'inputs@igf.example' (line 4)");
    assertThatThrownBy(() -> read(HEAD + "desks:\n  - id: d\n    themes: cbm\n"))
        .hasMessageStartingWith("test.yaml: field desks[0].themes: expected a list, got 'cbm'")
        .hasMessageNotContaining("java.util");
    assertThatThrownBy(() -> read(HEAD + "policy:\n  minConfidence: high\n"))
        .hasMessageStartingWith("test.yaml: field policy.minConfidence: expected a number, got")
        .hasMessageContaining("high");
    assertThatThrownBy(() -> directory("key: \"@x.org\"\nsenderType: ngo\n"))
        .hasMessageStartingWith("dir.yaml: expected a list, got a mapping");
  }

  @Test
  void shouldSayWhatItFoundWhereTheFileIsNotYamlFurtherOn() {
    assertThatThrownBy(() -> read(HEAD + "description: [unclosed\n"))
        .hasMessageStartingWith("test.yaml: field description: expected a text, got a list");
  }

  @Test
  void shouldRefuseBrokenYamlInOneLine() {
    assertThatThrownBy(() -> read(HEAD + "title: [unclosed\n"))
        .hasMessageStartingWith("test.yaml: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void shouldRefuseAnInventedSenderTypeAndCountryInTheDirectory() {
    assertThatThrownBy(() -> directory("- key: \"@x.org\"\n  senderType: alien\n"))
        .isInstanceOf(Refusal.class)
        .hasMessageStartingWith(
            "dir.yaml: entry @x.org: field senderType: 'alien' is not a sender type; allowed:"
                + " member-state,");
    assertThatThrownBy(() -> directory("- key: \"@x.org\"\n  senderType: ngo\n  country: Narnia\n"))
        .hasMessageStartingWith(
            "dir.yaml: entry @x.org: field country: 'Narnia' is not an ISO 3166-1 alpha-3");
  }

  @Test
  void shouldRefuseADirectoryKeyThatIsNeitherAnAddressNorADomain() {
    for (final String key :
        new String[] {"example.org", "@", "a@b@c.org", "@localhost", "x y@a.org"}) {
      assertThatThrownBy(() -> directory("- key: \"" + key + "\"\n  senderType: ngo\n"))
          .as(key)
          .hasMessageStartingWith(
              "dir.yaml: entry 1: field key: '" + key + "' is neither an address");
    }
    assertThat(directory("- key: Jane.Doe@MFA.gov.sg\n  senderType: member-state\n"))
        .extracting(e -> e.getKey())
        .containsExactly("jane.doe@mfa.gov.sg");
  }

  @Test
  void shouldRefuseTheSameDirectoryKeyTwiceInAFile() {
    assertThatThrownBy(
            () ->
                directory(
                    "- key: \"@x.org\"\n  senderType: ngo\n- key: \"@X.org\"\n  senderType: academia\n"))
        .hasMessage("dir.yaml: entry 2: field key: '@x.org' is given twice in the file");
  }

  @Test
  void shouldSuggestTheNearestTimeZone() {
    assertThatThrownBy(() -> read(HEAD + "timeZone: Europe/Zurik\n"))
        .hasMessageEndingWith("did you mean 'Europe/Zurich'?");
  }
}
