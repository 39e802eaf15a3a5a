package org.inputdesk.intake.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingNumbersTest {

  @Test
  void shouldGivePlainNumbersToTheOnlySourceOfAConsultation() {
    final Map<String, Long> sequences = new HashMap<>();
    final TrackingNumbers numbers = new TrackingNumbers("inputs@un.example.org", "", Map::of);
    assertThat(numbers.next("oewg8", "OEWG8-2024", sequences)).isEqualTo("OEWG8-2024-000001");
    assertThat(numbers.next("oewg8", "OEWG8-2024", sequences)).isEqualTo("OEWG8-2024-000002");
    assertThat(numbers.next("", "IN", sequences)).isEqualTo("IN-000001");
    assertThat(sequences).containsEntry("oewg8", 2L).containsEntry("", 1L);
  }

  @Test
  void shouldPutTheMailboxCodeInTheNumberWhenAnotherSourceNumbersTheConsultation() {
    final Map<String, Long> sequences = new HashMap<>();
    final TrackingNumbers numbers =
        new TrackingNumbers(
            "geneva@un.example.org", "", () -> Map.of("oewg8", "inputs@un.example.org"));
    assertThat(numbers.next("oewg8", "OEWG8-2024", sequences))
        .isEqualTo("OEWG8-2024-GENEVA-000001");
    assertThat(numbers.next("igf", "IGF", sequences)).isEqualTo("IGF-000001");
    assertThat(sequences).containsEntry("oewg8#GENEVA", 1L).containsEntry("igf", 1L);
  }

  @Test
  void shouldUseTheConfiguredCodeAndFallBackWhenTwoSourcesShareAName() {
    final Map<String, Long> sequences = new HashMap<>();
    final TrackingNumbers configured = new TrackingNumbers("inputs@a.example.org", "NY", Map::of);
    assertThat(configured.next("oewg8", "P", sequences)).isEqualTo("P-NY-000001");

    final Map<String, String> others =
        Map.of("oewg8", "inputs@b.example.org", "oewg8#INPUTS", "inputs@c.example.org");
    final TrackingNumbers clash = new TrackingNumbers("inputs@a.example.org", "", () -> others);
    final String number = clash.next("oewg8", "P", new HashMap<>());
    assertThat(number).matches("P-X[A-Z2-9]{4}-000001");
  }

  @Test
  void shouldNameImportsByTheirName() {
    assertThat(TrackingNumbers.derivedCode("import:scans-2019")).isEqualTo("SCANS201");
    assertThat(TrackingNumbers.derivedCode("inputs@oewg.example.org/INBOX")).isEqualTo("INPUTS");
  }
}
