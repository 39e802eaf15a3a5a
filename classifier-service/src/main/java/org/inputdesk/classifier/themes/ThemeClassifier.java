package org.inputdesk.classifier.themes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inputdesk.classifier.text.Sentences;
import org.inputdesk.classifier.text.Token;
import org.inputdesk.schemas.Evidence;
import org.inputdesk.schemas.TagSource;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags an input with the themes of a taxonomy: reads its segments (subject, body, attachments) and
 * writes the themes it carries, each with its probability and evidence (the phrases found and the
 * sentence that weighed most, with offsets). With a model trained for this taxonomy, a theme is
 * tagged when the model's probability on some stretch of the text reaches the theme's
 * cross-validated threshold; without one (a new consultation's own taxonomy), or for a theme the
 * model had too few examples of, when the theme's phrases weigh 1 or more in one stretch
 * (zero-shot).
 */
public final class ThemeClassifier {

  private static final Logger LOG = LoggerFactory.getLogger(ThemeClassifier.class);

  /** Zero-shot: phrases of total weight w give 1 - e^-w; one phrase of weight 1 is enough. */
  public static final double ZERO_SHOT_THRESHOLD = 1 - Math.exp(-1);

  private static final int MAX_PHRASES = 3;
  private static final int SNIPPET_CHARS = 300;

  private final Lexicon lexicon;
  private final ThemeModel model;
  private final Map<String, Theme> themes = new LinkedHashMap<>();
  private final String mode;

  /** A classifier for a taxonomy; {@code model} may be null (zero-shot). */
  public ThemeClassifier(final List<Theme> taxonomy, final ThemeModel model) {
    this(new Lexicon(taxonomy), model);
  }

  public ThemeClassifier(final Lexicon lexicon, final ThemeModel model) {
    this.lexicon = lexicon;
    lexicon.themes().forEach(t -> themes.put(t.getId(), t));
    if (model != null && !model.taxonomy().equals(lexicon.fingerprint())) {
      LOG.warn(
          "theme model was trained for taxonomy {}, not {}: tagging from the phrases alone until a model for this taxonomy is trained",
          model.taxonomy(),
          lexicon.fingerprint());
      this.model = null;
      this.mode = "phrases (the model is for another taxonomy version)";
    } else {
      this.model = model;
      this.mode = model == null ? "phrases (no model)" : "model";
    }
  }

  /** How it tags: "model", or phrases and why. */
  public String mode() {
    return mode;
  }

  public Lexicon lexicon() {
    return lexicon;
  }

  private record Best(double probability, double threshold, int segment, int start, int end) {}

  /** The themes of an input, most probable first. */
  public List<ThemeTag> tag(final List<Segment> segments) {
    final List<Reading> readings = new ArrayList<>();
    final Map<String, Best> best = new HashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      final Segment segment = segments.get(i);
      final Reading reading = new Reading(segment.text(), segment.language(), lexicon);
      readings.add(reading);
      for (final int[] chunk : Chunks.of(reading.text(), reading.sentences())) {
        final int index = i;
        probabilities(reading, chunk[0], chunk[1])
            .forEach(
                (theme, p) -> {
                  final Best known = best.get(theme);
                  final double t = threshold(theme, reading);
                  if (known == null || p - t > known.probability() - known.threshold()) {
                    best.put(theme, new Best(p, t, index, chunk[0], chunk[1]));
                  }
                });
      }
    }
    final List<ThemeTag> out = new ArrayList<>();
    best.forEach(
        (themeId, b) -> {
          if (b.probability() >= b.threshold()) {
            out.add(
                ThemeTag.newBuilder()
                    .setId(themeId)
                    .setLabel(themes.get(themeId).getLabel())
                    .setScore(Math.round(b.probability() * 1000) / 1000.0)
                    .setSource(TagSource.CLASSIFIER)
                    .setEvidence(
                        evidence(
                            themeId,
                            segments.get(b.segment()).location(),
                            readings.get(b.segment()),
                            b.start(),
                            b.end()))
                    .build());
          }
        });
    out.sort(Comparator.comparingDouble(ThemeTag::getScore).reversed());
    return out;
  }

  /**
   * The theme ids of one text (the highest probability over its stretches against each threshold).
   */
  public Set<String> predict(final String text, final String language) {
    final Reading reading = new Reading(text, language, lexicon);
    final Set<String> out = new LinkedHashSet<>();
    probabilities(reading)
        .forEach(
            (theme, p) -> {
              if (p >= threshold(theme, reading)) {
                out.add(theme);
              }
            });
    return out;
  }

  /** Each theme's highest probability over the stretches of one text. */
  public Map<String, Double> probabilities(final String text, final String language) {
    return probabilities(new Reading(text, language, lexicon));
  }

  private Map<String, Double> probabilities(final Reading reading) {
    final Map<String, Double> out = new LinkedHashMap<>();
    for (final int[] chunk : Chunks.of(reading.text(), reading.sentences())) {
      probabilities(reading, chunk[0], chunk[1])
          .forEach((theme, p) -> out.merge(theme, p, Math::max));
    }
    return out;
  }

  /** The threshold a theme's probability must reach, for a text in the examples' language. */
  public double threshold(final String themeId) {
    final ThemeModel.ThemeWeights learnt = learnt(themeId);
    return learnt == null ? ZERO_SHOT_THRESHOLD : learnt.threshold();
  }

  private double threshold(final String themeId, final Reading reading) {
    final ThemeModel.ThemeWeights learnt = learnt(themeId);
    if (learnt == null) {
      return ZERO_SHOT_THRESHOLD;
    }
    final ThemeModel.ThemeWeights part = modelFor(reading).theme(themeId);
    return part == null ? learnt.threshold() : part.threshold();
  }

  // a text in another language than the examples' is read by the phrase-only part, whose
  // features mean the same in every language; the word features would be noise there
  private ThemeModel modelFor(final Reading reading) {
    final boolean foreign = !reading.language().equals(model.info().path("language").asText("en"));
    return foreign && model.crossLingual() != null ? model.crossLingual() : model;
  }

  // the model's part for a theme it learnt, or null: the theme is then tagged from its phrases
  private ThemeModel.ThemeWeights learnt(final String themeId) {
    final ThemeModel.ThemeWeights weights = model == null ? null : model.theme(themeId);
    return weights != null && weights.learnt() ? weights : null;
  }

  private Map<String, Double> probabilities(final Reading reading, final int start, final int end) {
    final Map<String, Double> out = new LinkedHashMap<>();
    if (model != null) {
      out.putAll(modelFor(reading).probabilities(Features.of(reading, start, end)));
    }
    final Map<String, Double> weight = new LinkedHashMap<>();
    for (final Reading.Match m : reading.matches()) {
      if (m.start() >= start && m.start() < end && learnt(m.themeId()) == null) {
        weight.merge(m.themeId(), m.weight() * themes.get(m.themeId()).getWeight(), Double::sum);
      }
    }
    weight.forEach((theme, w) -> out.put(theme, 1 - Math.exp(-w)));
    return out;
  }

  // the theme's phrases in the stretch, then the sentence that weighed most for it
  private List<Evidence> evidence(
      final String themeId,
      final String location,
      final Reading reading,
      final int start,
      final int end) {
    final List<Evidence> out = new ArrayList<>();
    final Set<String> seen = new LinkedHashSet<>();
    final String text = reading.text();
    for (final Reading.Match m : reading.matches()) {
      if (m.themeId().equals(themeId)
          && !m.rule()
          && m.start() >= start
          && m.start() < end
          && out.size() < MAX_PHRASES) {
        final String said = text.substring(m.start(), m.end());
        if (seen.add(said.toLowerCase(java.util.Locale.ROOT))) {
          out.add(
              new Evidence(
                  said, location, m.start(), snippet(text, reading.sentences(), m.start())));
        }
      }
    }
    final Evidence sentence = weightiestSentence(themeId, location, reading, start, end);
    if (sentence != null) {
      out.add(sentence);
    }
    return out;
  }

  private Evidence weightiestSentence(
      final String themeId,
      final String location,
      final Reading reading,
      final int start,
      final int end) {
    final ThemeModel.ThemeWeights weights =
        learnt(themeId) == null ? null : modelFor(reading).theme(themeId);
    final ThemeModel scoring = model == null ? null : modelFor(reading);
    Sentences.Span top = null;
    double topWeight = 0;
    String topWords = null;
    for (final Sentences.Span s : reading.sentences()) {
      if (s.start() < start || s.start() >= end) {
        continue;
      }
      double sum = 0;
      String strongest = null;
      double strongestWeight = 0;
      for (final Token t : reading.tokens()) {
        if (t.start() < s.start() || t.end() > s.end()) {
          continue;
        }
        final double w = weights == null ? 0 : scoring.weight(weights, Features.WORD + t.term());
        sum += w;
        if (w > strongestWeight) {
          strongestWeight = w;
          strongest = reading.text().substring(t.start(), t.end());
        }
      }
      for (final Reading.Match m : reading.matches()) {
        if (m.themeId().equals(themeId) && m.start() >= s.start() && m.start() < s.end()) {
          sum +=
              weights == null
                  ? m.weight()
                  : Math.max(
                      0,
                      scoring.weight(
                          weights, (m.rule() ? Features.RULES : Features.PHRASES) + themeId));
          if (strongest == null) {
            strongest = reading.text().substring(m.start(), Math.min(m.end(), m.start() + 80));
          }
        }
      }
      if (sum > topWeight) {
        topWeight = sum;
        top = s;
        topWords = strongest;
      }
    }
    if (top == null) {
      return null;
    }
    final String sentence = top.of(reading.text());
    return new Evidence(
        topWords == null ? "sentence" : topWords,
        location,
        top.start(),
        sentence.length() > SNIPPET_CHARS ? sentence.substring(0, SNIPPET_CHARS) + "…" : sentence);
  }

  private static String snippet(
      final String text, final List<Sentences.Span> sentences, final int at) {
    for (final Sentences.Span s : sentences) {
      if (at >= s.start() && at < s.end()) {
        final String sentence = s.of(text);
        return sentence.length() > SNIPPET_CHARS
            ? sentence.substring(0, SNIPPET_CHARS) + "…"
            : sentence;
      }
    }
    return null;
  }
}
