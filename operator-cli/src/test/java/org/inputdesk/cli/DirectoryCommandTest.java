package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectoryCommandTest {

  @Test
  void shouldLookUpTheAddressThenItsDomainThenParentDomains() {
    assertThat(DirectoryCommand.candidates("Jane.Doe@Dept.MFA.gov.sg"))
        .containsExactly("jane.doe@dept.mfa.gov.sg", "@dept.mfa.gov.sg", "@mfa.gov.sg", "@gov.sg");
  }

  @Test
  void shouldTakeADomainAsWell() {
    assertThat(DirectoryCommand.candidates("@unidir.org")).containsExactly("@unidir.org");
  }
}
