package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class TimeArgTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  @Test
  void shouldReadInstantsDatesAndAges() {
    assertThat(TimeArg.parse("2026-11-20T10:00:00Z", NOW))
        .isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    assertThat(TimeArg.parse("2026-11-20T10:00+01:00", NOW))
        .isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
    assertThat(TimeArg.parse("2026-11-20", NOW)).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    assertThat(TimeArg.parse("2h", NOW)).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(TimeArg.parse("3d", NOW)).isEqualTo(Instant.parse("2026-11-19T12:00:00Z"));
  }

  @Test
  void shouldExplainTheFormsItTakes() {
    assertThatThrownBy(() -> TimeArg.parse("yesterday", NOW))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("2026-11-20T10:00:00Z");
  }
}
