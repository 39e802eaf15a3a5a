package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionCorrection;
import org.junit.jupiter.api.Test;

class CorrectionsTest {

  private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

  private static Corrections.Action themes(final List<String> add, final List<String> remove) {
    return new Corrections.Action(add, remove, null, null, null, null, false, "wrong tag", "ops");
  }

  private static Corrections.Action status(final StatusOverride s, final boolean clear) {
    return new Corrections.Action(List.of(), List.of(), null, null, null, s, clear, "asked", "ops");
  }

  @Test
  void shouldKeepEarlierThemeCorrectionsWhenAnInputIsWithdrawn() {
    final SubmissionCorrection first =
        Corrections.apply("s1", null, themes(List.of("cbm"), List.of("threats")), AT);
    final SubmissionCorrection second =
        Corrections.apply("s1", first, status(StatusOverride.WITHDRAWN, false), AT);

    assertThat(second.getAddThemes()).containsExactly("cbm");
    assertThat(second.getRemoveThemes()).containsExactly("threats");
    assertThat(second.getStatus()).isEqualTo(StatusOverride.WITHDRAWN);
    assertThat(second.getReason()).isEqualTo("asked");
  }

  @Test
  void shouldMoveAThemeFromRemovedToAddedWhenTheOperatorChangesMind() {
    final SubmissionCorrection removed =
        Corrections.apply("s1", null, themes(List.of(), List.of("norms")), AT);
    final SubmissionCorrection added =
        Corrections.apply("s1", removed, themes(List.of("norms"), List.of()), AT);
    assertThat(added.getAddThemes()).containsExactly("norms");
    assertThat(added.getRemoveThemes()).isEmpty();
  }

  @Test
  void shouldRetractTheOverrideWhenRestoreLeavesNothing() {
    final SubmissionCorrection withdrawn =
        Corrections.apply("s1", null, status(StatusOverride.WITHDRAWN, false), AT);
    assertThat(Corrections.apply("s1", withdrawn, status(null, true), AT)).isNull();
  }

  @Test
  void shouldKeepSenderCorrectionsAcrossRestore() {
    final SubmissionCorrection typed =
        Corrections.apply(
            "s1",
            null,
            new Corrections.Action(
                List.of(),
                List.of(),
                "ngo",
                "Access Group",
                null,
                StatusOverride.HELD,
                false,
                "r",
                "ops"),
            AT);
    final SubmissionCorrection restored = Corrections.apply("s1", typed, status(null, true), AT);
    assertThat(restored.getSenderType()).isEqualTo("ngo");
    assertThat(restored.getOrganisation()).isEqualTo("Access Group");
    assertThat(restored.getStatus()).isNull();
  }
}
