package org.inputdesk.classifier.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inputdesk.schemas.Theme;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {

  @Test
  void shouldNeverPutOneGroupOnBothSidesOfAFold() {
    final List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      examples.add(new Example("e" + i, "speech" + (i % 13), "text", "en", Set.of()));
    }
    final int[] fold = ModelTrainer.folds(examples, 5, 1);
    final Map<String, Integer> foldOfGroup = new HashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      final Integer known = foldOfGroup.putIfAbsent(examples.get(i).group(), fold[i]);
      assertThat(known == null || known == fold[i])
          .as("group %s", examples.get(i).group())
          .isTrue();
    }
    assertThat(Set.copyOf(foldOfGroup.values())).hasSize(5);
  }

  @Test
  void shouldLearnAThemeItsPhrasesMissFromExamples() {
    // the taxonomy's only phrase for "water" never occurs: the words that do must be learnt
    final List<Theme> taxonomy =
        List.of(
            Theme.newBuilder()
                .setId("water")
                .setLabel("Water")
                .setPhrases(Map.of("en", List.of("hydrological cycle")))
                .build());
    final List<Example> examples = new ArrayList<>();
    final String[] wet = {
      "wells", "irrigation", "rivers", "rain", "reservoirs", "dams", "aquifers"
    };
    final String[] dry = {
      "roads", "schools", "tariffs", "elections", "railways", "hospitals", "taxes"
    };
    for (int i = 0; i < 120; i++) {
      final boolean positive = i % 2 == 0;
      final String word = (positive ? wet : dry)[i % 7];
      examples.add(
          new Example(
              "e" + i,
              "g" + i,
              "The ministry will invest in " + word + " across the northern provinces next year.",
              "en",
              positive ? Set.of("water") : Set.of()));
    }
    final ThemeClassifier zeroShot = new ThemeClassifier(taxonomy, null);
    final ThemeModel model = new ModelTrainer(taxonomy).train(examples);
    final ThemeClassifier trained = new ThemeClassifier(taxonomy, model);
    final String unseen = "The ministry will build new reservoirs and dams for the provinces.";
    assertThat(zeroShot.predict(unseen, "en")).isEmpty();
    assertThat(trained.predict(unseen, "en")).containsExactly("water");
    assertThat(trained.predict("The ministry will build new railways for the provinces.", "en"))
        .isEmpty();
    assertThat(new ModelTrainer(taxonomy).crossValidate(examples, 5).report().micro().f1())
        .isGreaterThan(0.9);
  }
}
