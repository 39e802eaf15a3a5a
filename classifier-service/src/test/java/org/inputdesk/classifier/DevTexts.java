package org.inputdesk.classifier;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inputdesk.testsupport.SharedData;

/** The passages of ../shared/eval/dev.jsonl, for tests that compare two ways on real texts. */
final class DevTexts {

  private DevTexts() {}

  /** The dev set's texts in file order; the calling test is skipped, saying so, without them. */
  static List<String> texts() throws IOException {
    final Optional<Path> dev = SharedData.resolve("eval/dev.jsonl");
    assumeTrue(dev.isPresent(), SharedData.absentMessage("eval/dev.jsonl"));
    final ObjectMapper json = new ObjectMapper();
    final List<String> out = new ArrayList<>();
    for (final String line : Files.readAllLines(dev.get())) {
      if (!line.isBlank()) {
        out.add(json.readTree(line).path("text").asText());
      }
    }
    return out;
  }
}
