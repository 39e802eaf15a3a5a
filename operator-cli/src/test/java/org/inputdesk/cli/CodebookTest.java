package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.Theme;
import org.junit.jupiter.api.Test;

class CodebookTest {

  private static Consultation consultation(final List<Theme> taxonomy) {
    return Consultation.newBuilder()
        .setId("wsis-20")
        .setTitle("WSIS+20")
        .setTrackingPrefix("WSIS20")
        .setTaxonomy(taxonomy)
        .setPolicy(PublicationPolicy.newBuilder().build())
        .setUpdatedAt(Instant.EPOCH)
        .build();
  }

  @Test
  void shouldAcceptTheCodebooksSenderTypesInAnyCase() {
    assertThat(Codebook.senderType("--sender-type", "NGO")).isEqualTo("ngo");
    assertThat(Codebook.SENDER_TYPES)
        .containsExactly(
            "member-state",
            "observer-state",
            "intergovernmental-organization",
            "un-entity",
            "ngo",
            "private-sector",
            "academia",
            "technical-community",
            "individual",
            "unknown");
  }

  @Test
  void shouldRefuseAnInventedSenderTypeNamingTheFieldTheValueAndTheAllowedOnes() {
    assertThatThrownBy(() -> Codebook.senderType("--sender-type", "government"))
        .isInstanceOf(Refusal.class)
        .hasMessage(
            "--sender-type: 'government' is not a sender type; allowed: member-state,"
                + " observer-state, intergovernmental-organization, un-entity, ngo,"
                + " private-sector, academia, technical-community, individual, unknown;"
                + " did you mean 'member-state'?");
    assertThatThrownBy(() -> Codebook.senderType("field senderType", "alien"))
        .hasMessageStartingWith("field senderType: 'alien' is not a sender type; allowed: ")
        .hasMessageNotContaining("did you mean");
    assertThatThrownBy(() -> Codebook.senderType("field senderType", "acadmia"))
        .hasMessageEndingWith("did you mean 'academia'?");
    assertThatThrownBy(() -> Codebook.senderType("field senderType", "goverment"))
        .hasMessageEndingWith("did you mean 'member-state'?");
  }

  @Test
  void shouldTakeIsoAlpha3CountriesIncludingPalestineAndTheHolySee() {
    assertThat(Codebook.country("--country", "che")).isEqualTo("CHE");
    assertThat(Codebook.country("--country", "PSE")).isEqualTo("PSE");
    assertThat(Codebook.country("--country", "VAT")).isEqualTo("VAT");
    assertThat(Codebook.country("--country", "KEN")).isEqualTo("KEN");
  }

  @Test
  void shouldRefuseACountryThatIsNotAnAlpha3CodeAndSuggestTheCodeOfANameOrAlpha2() {
    assertThatThrownBy(() -> Codebook.country("field country", "Narnia"))
        .isInstanceOf(Refusal.class)
        .hasMessageStartingWith("field country: 'Narnia' is not an ISO 3166-1 alpha-3 country code")
        .hasMessageNotContaining("did you mean");
    assertThatThrownBy(() -> Codebook.country("field country", "Switzerland"))
        .hasMessageEndingWith("did you mean 'CHE'?");
    assertThatThrownBy(() -> Codebook.country("field country", "Swizerland"))
        .hasMessageEndingWith("did you mean 'CHE'?");
    assertThatThrownBy(() -> Codebook.country("--country", "SG"))
        .hasMessageEndingWith("did you mean 'SGP'?");
  }

  @Test
  void shouldTakeThemesOfTheConsultationsOwnTaxonomyElseTheDefaultOne() {
    final Consultation own =
        consultation(List.of(Theme.newBuilder().setId("health").setLabel("Health").build()));
    assertThat(Codebook.theme("--add-theme", "health", own)).isEqualTo("health");
    assertThatThrownBy(() -> Codebook.theme("--add-theme", "cbm", own))
        .hasMessage("--add-theme: 'cbm' is not a theme of consultation wsis-20; allowed: health");

    final Consultation none = consultation(List.of());
    assertThat(Codebook.theme("--add-theme", "cbm", none)).isEqualTo("cbm");
    assertThatThrownBy(() -> Codebook.theme("--add-theme", "cyber-peace", none))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("'cyber-peace' is not a theme of the default taxonomy")
        .hasMessageContaining("allowed: threats, norms, international-law, cbm");
    assertThatThrownBy(() -> Codebook.theme("--add-theme", "threat", none))
        .hasMessageEndingWith("did you mean 'threats'?");
    assertThatThrownBy(() -> Codebook.theme("--add-theme", "capacity", null))
        .hasMessageEndingWith("did you mean 'capacity-building'?");
  }

  @Test
  void shouldSuggestOnlyNearMisses() {
    assertThat(Refusal.nearest("ngos", Codebook.SENDER_TYPES)).contains("ngo");
    assertThat(Refusal.nearest("zzz", Codebook.SENDER_TYPES)).isEmpty();
    assertThat(Refusal.nearest("", Codebook.SENDER_TYPES)).isEmpty();
  }
}
