package org.inputdesk.classifier.themes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A trained theme model: per theme, a logistic regression's weights over named features, its bias
 * and the probability from which the theme is tagged (chosen by cross-validation). Reads and writes
 * gzip'd JSON; names the taxonomy it was trained for by its fingerprint, and carries what it was
 * trained on and its cross-validated figures as plain information.
 */
public final class ThemeModel {

  /**
   * One theme's part of the model. A theme with fewer than {@link #MIN_POSITIVES} positive examples
   * is not learnt: it is tagged from its phrases, as without a model.
   */
  public record ThemeWeights(
      String id, double bias, double threshold, double c, int positives, double[] weights) {
    public boolean learnt() {
      return positives >= MIN_POSITIVES;
    }
  }

  /** Positive examples a theme needs before the model, not its phrases, decides it. */
  public static final int MIN_POSITIVES = 5;

  private final String taxonomy;
  private final List<String> names;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<ThemeWeights> themes;
  private final ObjectNode info;
  private ThemeModel crossLingual;

  /**
   * The part that reads texts in another language than the examples': trained on the phrase
   * features alone, which mean the same in every language of the taxonomy. Null: none.
   */
  public ThemeModel crossLingual() {
    return crossLingual;
  }

  /** Attaches the phrase-only part (see {@link #crossLingual()}). */
  public ThemeModel withCrossLingual(final ThemeModel phrasesOnly) {
    this.crossLingual = phrasesOnly;
    return this;
  }

  public ThemeModel(
      final String taxonomy,
      final List<String> names,
      final List<ThemeWeights> themes,
      final ObjectNode info) {
    this.taxonomy = taxonomy;
    this.names = List.copyOf(names);
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    this.themes = List.copyOf(themes);
    this.info = info == null ? new ObjectMapper().createObjectNode() : info;
  }

  /** The fingerprint of the taxonomy the model was trained for ({@link Lexicon#fingerprint()}). */
  public String taxonomy() {
    return taxonomy;
  }

  public List<ThemeWeights> themes() {
    return themes;
  }

  public ObjectNode info() {
    return info;
  }

  /** The index of a feature, or -1 when the model never saw it. */
  public int index(final String feature) {
    return index.getOrDefault(feature, -1);
  }

  /** The theme's part, or null. */
  public ThemeWeights theme(final String id) {
    return themes.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
  }

  /** The probability of each learnt theme, by theme id, for a feature vector. */
  public Map<String, Double> probabilities(final Map<String, Double> features) {
    // each feature is looked up once, then weighed for every theme
    final int[] at = new int[features.size()];
    final double[] value = new double[features.size()];
    int n = 0;
    for (final Map.Entry<String, Double> f : features.entrySet()) {
      final Integer i = index.get(f.getKey());
      if (i != null) {
        at[n] = i;
        value[n++] = f.getValue();
      }
    }
    final Map<String, Double> out = new LinkedHashMap<>();
    for (final ThemeWeights theme : themes) {
      if (!theme.learnt()) {
        continue;
      }
      double z = theme.bias();
      for (int k = 0; k < n; k++) {
        z += theme.weights()[at[k]] * value[k];
      }
      out.put(theme.id(), 1.0 / (1.0 + Math.exp(-z)));
    }
    return out;
  }

  /** A theme's weight for one feature (0 when unknown). */
  public double weight(final ThemeWeights theme, final String feature) {
    final Integer i = index.get(feature);
    return i == null ? 0.0 : theme.weights()[i];
  }

  /** Writes the model as gzip'd JSON. */
  public void write(final OutputStream out) throws IOException {
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      new ObjectMapper().writeValue(gz, toJson());
    }
  }

  private ObjectNode toJson() {
    final ObjectMapper json = new ObjectMapper();
    final ObjectNode root = json.createObjectNode();
    root.put("format", 1);
    root.put("taxonomy", taxonomy);
    root.set("info", info);
    final ArrayNode features = root.putArray("features");
    names.forEach(features::add);
    final ArrayNode list = root.putArray("themes");
    for (final ThemeWeights theme : themes) {
      final ObjectNode t = list.addObject();
      t.put("id", theme.id());
      t.put("bias", theme.bias());
      t.put("threshold", theme.threshold());
      t.put("c", theme.c());
      t.put("positives", theme.positives());
      final ArrayNode w = t.putArray("weights");
      for (final double v : theme.weights()) {
        w.add(Math.round(v * 1e5) / 1e5);
      }
    }
    if (crossLingual != null) {
      root.set("crossLingual", crossLingual.toJson());
    }
    return root;
  }

  /** Reads a model written by {@link #write}; a clear message when it is not one. */
  public static ThemeModel read(final InputStream in) throws IOException {
    final JsonNode root;
    try (GZIPInputStream gz = new GZIPInputStream(in)) {
      root = new ObjectMapper().readTree(gz);
    }
    final ThemeModel model = fromJson(root);
    if (root.path("crossLingual").isObject()) {
      model.withCrossLingual(fromJson(root.path("crossLingual")));
    }
    return model;
  }

  private static ThemeModel fromJson(final JsonNode root) throws IOException {
    if (root == null || root.path("format").asInt() != 1 || !root.path("features").isArray()) {
      throw new IOException("not a theme model of format 1");
    }
    final List<String> names = new ArrayList<>();
    root.path("features").forEach(n -> names.add(n.asText()));
    final List<ThemeWeights> themes = new ArrayList<>();
    for (final JsonNode t : root.path("themes")) {
      final double[] weights = new double[names.size()];
      final JsonNode w = t.path("weights");
      if (w.size() != names.size()) {
        throw new IOException(
            "theme "
                + t.path("id").asText()
                + " has "
                + w.size()
                + " weights for "
                + names.size()
                + " features");
      }
      for (int i = 0; i < weights.length; i++) {
        weights[i] = w.get(i).asDouble();
      }
      themes.add(
          new ThemeWeights(
              t.path("id").asText(),
              t.path("bias").asDouble(),
              t.path("threshold").asDouble(0.5),
              t.path("c").asDouble(1),
              t.path("positives").asInt(0),
              weights));
    }
    final JsonNode info = root.path("info");
    return new ThemeModel(
        root.path("taxonomy").asText(), names, themes, info.isObject() ? (ObjectNode) info : null);
  }
}
