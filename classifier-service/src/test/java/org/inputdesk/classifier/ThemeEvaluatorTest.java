package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.inputdesk.testsupport.SharedData;
import org.junit.jupiter.api.Test;

class ThemeEvaluatorTest {

  @Test
  void shouldComputePrecisionRecallAndF1PerThemeAndAverages() {
    final ThemeEvaluator evaluator = new ThemeEvaluator(DefaultTaxonomy.oewg());
    final ThemeEvaluator.Report report =
        evaluator.evaluate(
            List.of(
                new ThemeEvaluator.Labelled(
                    "a", "Ransomware attacks hit our hospitals.", Set.of("threats")),
                new ThemeEvaluator.Labelled(
                    "b", "We welcome the weather today.", Set.of("norms"))));
    final ThemeEvaluator.Score threats =
        report.perTheme().stream()
            .filter(s -> s.theme().equals("threats"))
            .findFirst()
            .orElseThrow();
    assertThat(threats.truePositives()).isEqualTo(1);
    assertThat(threats.f1()).isEqualTo(1.0);
    assertThat(report.micro().falseNegatives()).isEqualTo(1);
    assertThat(report.micro().recall()).isEqualTo(0.5);
    assertThat(report.table()).contains("micro", "macro-f1");
  }

  @Test
  void shouldReachTheTargetScoresOnTheLabelledDevSet() throws Exception {
    final Optional<Path> dev = SharedData.resolve("eval/dev.jsonl");
    assumeTrue(dev.isPresent(), SharedData.absentMessage("eval/dev.jsonl"));
    final ThemeEvaluator.Report report =
        new ThemeEvaluator(DefaultTaxonomy.oewg()).evaluate(ThemeEvaluator.read(dev.get()));
    System.out.print(report.table());
    // the targets of the issue (measured when the taxonomy was last tuned: micro 0.905, macro
    // 0.843); other years are held aside, so these are a floor, not something to tune towards
    assertThat(report.micro().f1()).isGreaterThanOrEqualTo(0.90);
    assertThat(report.macroF1()).isGreaterThanOrEqualTo(0.75);
  }
}
