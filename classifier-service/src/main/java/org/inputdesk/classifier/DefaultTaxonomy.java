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
  private static final String MODEL_RESOURCE = "theme-model-oewg.json.gz";
  private static final org.inputdesk.classifier.themes.ThemeModel MODEL = loadModel();

  private DefaultTaxonomy() {}

  /** The default themes. */
  public static List<Theme> oewg() {
    return OEWG;
  }

  /**
   * The model trained for the default themes (the resource {@code theme-model-oewg.json.gz}), or
   * null when the jar has none: the themes are then tagged from their phrases alone.
   */
  public static org.inputdesk.classifier.themes.ThemeModel model() {
    return MODEL;
  }

  /**
   * A theme classifier for a taxonomy (empty: the default one), with the shipped model when the
   * taxonomy is the one it was trained for, else from the phrases alone.
   */
  public static org.inputdesk.classifier.themes.ThemeClassifier classifierFor(
      final List<Theme> taxonomy) {
    final org.inputdesk.classifier.themes.Lexicon lexicon =
        new org.inputdesk.classifier.themes.Lexicon(taxonomy.isEmpty() ? OEWG : taxonomy);
    return new org.inputdesk.classifier.themes.ThemeClassifier(
        lexicon, MODEL != null && MODEL.taxonomy().equals(lexicon.fingerprint()) ? MODEL : null);
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

  private static org.inputdesk.classifier.themes.ThemeModel loadModel() {
    try (InputStream in = DefaultTaxonomy.class.getResourceAsStream(MODEL_RESOURCE)) {
      if (in == null) {
        org.slf4j.LoggerFactory.getLogger(DefaultTaxonomy.class)
            .warn(
                "resource {} is missing: themes are tagged from their phrases alone",
                MODEL_RESOURCE);
        return null;
      }
      return org.inputdesk.classifier.themes.ThemeModel.read(in);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(DefaultTaxonomy.class)
          .warn(
              "resource {} cannot be read ({}): themes are tagged from their phrases alone",
              MODEL_RESOURCE,
              e.getMessage());
      return null;
    }
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
