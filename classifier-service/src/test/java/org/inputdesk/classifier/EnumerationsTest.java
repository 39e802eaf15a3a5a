package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnumerationsTest {

  private static boolean listed(final String text, final String item) {
    final int at = text.indexOf(item);
    return Enumerations.isListItem(text, at, at + item.length());
  }

  @Test
  void shouldSeeAShortItemOfAnEnumeration() {
    assertThat(
            listed(
                "Challenges such as climate change, cybersecurity and terrorism.", "cybersecurity"))
        .isTrue();
    assertThat(
            listed(
                "Terrorism, illicit flows of arms, organized crime, cybercrime and illicit financial"
                    + " flows impede peace.",
                "cybercrime"))
        .isTrue();
  }

  @Test
  void shouldNotSeeAListInAPlainSentence() {
    assertThat(
            listed(
                "Cyber-attacks on hospitals, which we saw this year in many places, threaten lives.",
                "Cyber-attacks"))
        .isFalse();
    assertThat(
            listed("The issue of cybersecurity has emerged as a great challenge.", "cybersecurity"))
        .isFalse();
  }

  @Test
  void shouldReadAdjectivesBeforeANounAsItsModifiersNotAsAList() {
    assertThat(listed("We work towards a free, fair, and secure cyberspace.", "cyberspace"))
        .isFalse();
  }

  @Test
  void shouldFindClauseAndSentenceBreaks() {
    assertThat(Enumerations.breaksClause(" it. Then ")).isTrue();
    assertThat(Enumerations.breaksClause(" — ")).isTrue();
    assertThat(Enumerations.breaksClause(" and the ")).isFalse();
    assertThat(Enumerations.breaksSentence(", as well as ")).isFalse();
    assertThat(Enumerations.breaksSentence(" council. We ")).isTrue();
  }
}
