package org.inputdesk.classifier.sender;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnowledgeBaseTest {

  private final KnowledgeBase kb = KnowledgeBase.shared();

  @Test
  void shouldKnowEveryMemberStateAndBothObservers() {
    assertThat(kb.states()).hasSize(195);
    assertThat(kb.states().stream().filter(s -> s.type().equals("observer-state")))
        .extracting(KnowledgeBase.State::iso3)
        .containsExactlyInAnyOrder("VAT", "PSE");
    for (final KnowledgeBase.State s : kb.states()) {
      assertThat(s.names().keySet())
          .as(s.iso3())
          .contains("en", "fr", "es", "ru", "ar", "zh", "pt", "de");
    }
  }

  @Test
  void shouldReadAMissionsUnIntAddressByItsToken() {
    assertThat(kb.stateOfUnIntAddress("egypt@un.int"))
        .map(KnowledgeBase.State::iso3)
        .contains("EGY");
    assertThat(kb.stateOfUnIntAddress("russia.mission@un.int"))
        .map(KnowledgeBase.State::iso3)
        .contains("RUS");
    assertThat(kb.stateOfUnIntAddress("someone@un.int")).isEmpty();
    assertThat(kb.stateOfUnIntAddress("egypt@example.org")).isEmpty();
  }

  @Test
  void shouldFindTheMostSpecificOwnerOfADomain() {
    assertThat(kb.owner("ec.europa.eu").orElseThrow().organisation().name())
        .isNotEqualTo(kb.owner("europa.eu").orElseThrow().organisation().name());
    assertThat(kb.owner("desk.mfa.gov.sg").orElseThrow().state().iso3()).isEqualTo("SGP");
    assertThat(kb.owner("health.gov.sg").orElseThrow().kind()).isEqualTo("kb:gov");
    assertThat(kb.owner("example.org")).isEmpty();
  }

  @Test
  void shouldTellUniversitiesAndFreeMail() {
    assertThat(kb.isAcademic("politics.ox.ac.uk")).isTrue();
    assertThat(kb.isAcademic("uc.pt")).isTrue();
    assertThat(kb.isAcademic("example.com")).isFalse();
    assertThat(kb.isFreeMail("gmail.com")).isTrue();
    assertThat(kb.isFreeMail("mfa.gov.sg")).isFalse();
  }

  @Test
  void shouldMatchRussianCountryNamesAsWrittenAfterOf() {
    assertThat(RussianGenitive.forms("Российская Федерация")).contains("Российской Федерации");
    assertThat(RussianGenitive.forms("Египет")).contains("Египта");
    assertThat(RussianGenitive.forms("Республика Беларусь")).contains("Республики Беларусь");
  }
}
