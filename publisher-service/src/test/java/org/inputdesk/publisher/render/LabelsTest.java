package org.inputdesk.publisher.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;
import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void shouldStateTheDeadlineInTheConsultationsOwnTimeZone() {
    final Consultation c = Fixtures.consultation("c", IndividualDisplay.NAME);
    c.setDeadline(Instant.parse("2027-01-01T04:59:00Z"));
    c.setTimeZone("America/New_York");

    assertThat(Labels.deadline(c)).isEqualTo("31 December 2026, 23:59 (America/New York time)");
  }

  @Test
  void shouldSayNothingWithoutADeadline() {
    final Consultation c = Fixtures.consultation("c", IndividualDisplay.NAME);
    c.setDeadline(null);
    assertThat(Labels.deadline(c)).isEmpty();
  }
}
