package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CampaignDetectorTest {

  private static final String LETTER =
      "As a concerned citizen I urge the working group to protect hospitals and other critical"
          + " infrastructure from cyberattacks and to make the norms of responsible State behaviour"
          + " binding on every State that signs up to them in the coming years";

  private final CampaignDetector detector = new CampaignDetector(0.8);

  @Test
  void shouldFindNearDuplicatesAndTellOtherTextsApart() {
    final long[] a = detector.signature("Dear Sir, " + LETTER + ". Ann");
    final long[] b = detector.signature("Hello, " + LETTER + ". Bob Smith");
    final long[] c = detector.signature(Fixtures.MISSION_TEXT);
    assertThat(detector.similar(a, b)).isTrue();
    assertThat(detector.similar(a, c)).isFalse();
    assertThat(detector.bandKeys(a)).containsAnyElementsOf(detector.bandKeys(b));
  }

  @Test
  void shouldKeepSignaturesStableThroughEncoding() {
    final long[] a = detector.signature(LETTER);
    assertThat(CampaignDetector.decode(CampaignDetector.encode(a))).isEqualTo(a);
    assertThat(new CampaignDetector(0.8).signature(LETTER)).isEqualTo(a);
  }

  @Test
  void shouldIgnoreTextsTooShortToTell() {
    assertThat(detector.signature("Thank you.")).isNull();
  }
}
