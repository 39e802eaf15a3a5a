package org.inputdesk.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inputdesk.schemas.Theme;

/**
 * Reads the taxonomy the project ships for ICT-security consultations (the resource {@code
 * taxonomy-oewg.json}, written from the OEWG codebook), used when a consultation brings none.
 */
public final class DefaultTaxonomy {

  private static final String RESOURCE = "taxonomy-oewg.json";
  private static final List<Theme> OEWG = load();

  private DefaultTaxonomy() {}

  /** The default themes. */
  public static List<Theme> oewg() {
    return OEWG;
  }

  /** Parses a taxonomy in the resource's JSON shape ({@code {"themes": [...]}}). */
  public static List<Theme> parse(final InputStream in) throws IOException {
    final JsonNode root = new ObjectMapper().readTree(in);
    final List<Theme> themes = new ArrayList<>();
    for (final JsonNode node : root.path("themes")) {
      final Map<String, List<String>> phrases = new LinkedHashMap<>();
      node.path("phrases")
          .fields()
          .forEachRemaining(
              e -> {
                final List<String> list = new ArrayList<>();
                e.getValue().forEach(p -> list.add(p.asText()));
                phrases.put(e.getKey(), list);
              });
      themes.add(
          Theme.newBuilder()
              .setId(node.path("id").asText())
              .setLabel(node.path("label").asText())
              .setDescription(node.path("description").asText(null))
              .setWeight(node.path("weight").asDouble(1.0))
              .setPhrases(phrases)
              .build());
    }
    return List.copyOf(themes);
  }

  private static List<Theme> load() {
    try (InputStream in = DefaultTaxonomy.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
