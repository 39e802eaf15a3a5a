package org.inputdesk.classifier.themes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads labelled passages from JSON lines: {@code id}, {@code text}, {@code themes}, and optionally
 * {@code group} or {@code speech} (what must stay on one side of a fold; default: the id without a
 * trailing {@code _pN}) and {@code language}. A line that is not such an object stops the reading
 * with its line number.
 */
public final class LabelledFile {

  private LabelledFile() {}

  public static List<Example> read(final Path file) throws IOException {
    final ObjectMapper json = new ObjectMapper();
    final List<Example> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        final JsonNode node;
        try {
          node = json.readTree(line);
        } catch (IOException e) {
          throw new IOException(
              file + " line " + number + ": not JSON (" + e.getMessage() + ")", e);
        }
        if (!node.hasNonNull("id") || !node.hasNonNull("text") || !node.path("themes").isArray()) {
          throw new IOException(
              file + " line " + number + ": needs \"id\", \"text\" and a \"themes\" list");
        }
        final String id = node.get("id").asText();
        final Set<String> themes = new LinkedHashSet<>();
        node.get("themes").forEach(t -> themes.add(t.asText()));
        final String group =
            node.hasNonNull("group")
                ? node.get("group").asText()
                : node.hasNonNull("speech")
                    ? node.get("speech").asText()
                    : id.replaceFirst("_p\\d+$", "");
        out.add(
            new Example(
                id,
                group,
                node.get("text").asText(),
                node.hasNonNull("language") ? node.get("language").asText() : null,
                themes));
      }
    }
    return out;
  }
}
