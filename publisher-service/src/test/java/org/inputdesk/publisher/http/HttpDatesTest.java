package org.inputdesk.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

  private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

  @Test
  void shouldWriteImfFixdateWithATwoDigitDay() {
    assertThat(HttpDates.format(EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDates.format(Instant.parse("2026-03-01T09:00:00.900Z")))
        .isEqualTo("Sun, 01 Mar 2026 09:00:00 GMT");
  }

  @Test
  void shouldReadAllThreeFormsARecipientMustAccept() {
    assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).hasValue(EXAMPLE);
    assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).hasValue(EXAMPLE);
    assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).hasValue(EXAMPLE);
  }

  @Test
  void shouldReadNothingFromOtherText() {
    assertThat(HttpDates.parse("yesterday")).isEmpty();
    assertThat(HttpDates.parse(null)).isEmpty();
  }
}
