package org.inputdesk.classifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inputdesk.schemas.Evidence;
import org.inputdesk.schemas.TagSource;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;

/**
 * Tags a text with the themes of a taxonomy: reads text segments (subject, body, attachments),
 * matches each theme's phrases after stemming in the text's language and in English, and writes the
 * themes whose score passes the threshold, each with the phrases matched and where.
 */
public final class ThemeTagger {

  /** A piece of text and where it comes from: subject, body or attachment:NAME. */
  public record Segment(String location, String text, String language) {}

  /** Score needed to carry a theme; a phrase of weight 1 in the body gives 1. */
  public static final double DEFAULT_THRESHOLD = 1.0;

  private static final double SUBJECT_FACTOR = 1.5;
  private static final double OPENING_FACTOR = 1.25;
  private static final int OPENING_CHARS = 600;
  private static final int MAX_EVIDENCE = 5;
  private static final int SNIPPET_CONTEXT = 50;

  /**
   * A phrase, or a co-occurrence rule written {@code a|b ~ c|d}: one of the left alternatives
   * within {@link #WINDOW} tokens of one of the right ones.
   */
  private record Phrase(
      String themeId,
      String text,
      double weight,
      List<String> terms,
      List<List<String>> left,
      List<List<String>> right) {

    boolean rule() {
      return left != null;
    }
  }

  /** Tokens (after stop words are dropped) between the two sides of a rule. */
  static final int WINDOW = 6;

  private record Match(Phrase phrase, String location, int start, int end, double factor) {}

  private final Map<String, Theme> themes = new LinkedHashMap<>();
  // language -> first term -> phrases starting with it
  private final Map<String, Map<String, List<Phrase>>> index = new HashMap<>();
  private final Map<String, List<Phrase>> rules = new HashMap<>();
  private final double threshold;

  public ThemeTagger(final List<Theme> taxonomy) {
    this(taxonomy, DEFAULT_THRESHOLD);
  }

  public ThemeTagger(final List<Theme> taxonomy, final double threshold) {
    this.threshold = threshold;
    for (final Theme theme : taxonomy) {
      themes.put(theme.getId(), theme);
      theme
          .getPhrases()
          .forEach((language, phrases) -> phrases.forEach(p -> add(theme, language, p)));
    }
  }

  private void add(final Theme theme, final String language, final String raw) {
    double weight = 1.0;
    String text = raw;
    final int caret = raw.lastIndexOf('^');
    if (caret > 0) {
      try {
        weight = Double.parseDouble(raw.substring(caret + 1));
        text = raw.substring(0, caret);
      } catch (NumberFormatException e) {
        // not a weight: the caret belongs to the phrase
      }
    }
    final String lang = TextAnalysis.normalise(language);
    if (text.contains(" ~ ")) {
      final String[] sides = text.split(" ~ ", 2);
      final List<List<String>> left = alternatives(lang, sides[0]);
      final List<List<String>> right = alternatives(lang, sides[1]);
      if (!left.isEmpty() && !right.isEmpty()) {
        index.computeIfAbsent(lang, k -> new HashMap<>());
        rules
            .computeIfAbsent(lang, k -> new ArrayList<>())
            .add(new Phrase(theme.getId(), text, weight, List.of(), left, right));
      }
      return;
    }
    final List<String> terms = TextAnalysis.terms(lang, text);
    if (terms.isEmpty()) {
      return;
    }
    index
        .computeIfAbsent(lang, k -> new HashMap<>())
        .computeIfAbsent(terms.get(0), k -> new ArrayList<>())
        .add(new Phrase(theme.getId(), text, weight, terms, null, null));
  }

  private static List<List<String>> alternatives(final String language, final String side) {
    final List<List<String>> out = new ArrayList<>();
    for (final String alternative : side.split("\\|")) {
      final List<String> terms = TextAnalysis.terms(language, alternative.trim());
      if (!terms.isEmpty()) {
        out.add(terms);
      }
    }
    return out;
  }

  /** The themes carried by the segments, best first. */
  public List<ThemeTag> tag(final List<Segment> segments) {
    final List<Match> matches = new ArrayList<>();
    boolean firstBody = true;
    for (final Segment segment : segments) {
      if (segment.text() == null || segment.text().isBlank()) {
        continue;
      }
      final boolean opening = firstBody && "body".equals(segment.location());
      if (opening) {
        firstBody = false;
      }
      final Set<String> languages = new LinkedHashSet<>();
      final String detected = TextAnalysis.normalise(segment.language());
      if (detected != null && index.containsKey(detected)) {
        languages.add(detected);
      }
      // English terms (cyber, OEWG, IGF) turn up in texts of any language
      languages.add("en");
      for (final String language : languages) {
        // rules lean on short words ("UN", "law"): only in the text's own language
        final boolean withRules = language.equals(detected) || detected == null;
        matches.addAll(match(language, segment, opening, withRules));
      }
    }
    return score(dropContained(matches));
  }

  private List<Match> match(
      final String language,
      final Segment segment,
      final boolean opening,
      final boolean withRules) {
    final Map<String, List<Phrase>> byFirst = index.getOrDefault(language, Map.of());
    final List<TextAnalysis.Token> tokens = TextAnalysis.tokens(language, segment.text());
    final List<Match> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      for (final Phrase phrase : byFirst.getOrDefault(tokens.get(i).term(), List.of())) {
        if (matchesAt(tokens, i, phrase.terms())) {
          final int start = tokens.get(i).start();
          final int end = tokens.get(i + phrase.terms().size() - 1).end();
          out.add(
              new Match(phrase, segment.location(), start, end, factor(segment, opening, start)));
        }
      }
    }
    if (withRules) {
      for (final Phrase rule : rules.getOrDefault(language, List.of())) {
        final Match m = matchRule(rule, tokens, segment, opening);
        if (m != null) {
          out.add(m);
        }
      }
    }
    return out.stream().map(m -> withSnippet(m, segment.text())).toList();
  }

  private static double factor(final Segment segment, final boolean opening, final int start) {
    if ("subject".equals(segment.location())) {
      return SUBJECT_FACTOR;
    }
    return opening && start < OPENING_CHARS ? OPENING_FACTOR : 1.0;
  }

  // The first place where both sides of a rule stand close together.
  private static Match matchRule(
      final Phrase rule,
      final List<TextAnalysis.Token> tokens,
      final Segment segment,
      final boolean opening) {
    final List<int[]> lefts = positions(tokens, rule.left());
    if (lefts.isEmpty()) {
      return null;
    }
    final List<int[]> rights = positions(tokens, rule.right());
    for (final int[] l : lefts) {
      for (final int[] r : rights) {
        final int gap = r[0] >= l[1] ? r[0] - l[1] : l[0] - r[1];
        if (gap >= 0 && gap <= WINDOW) {
          final int first = Math.min(l[0], r[0]);
          final int last = Math.max(l[1], r[1]) - 1;
          final int start = tokens.get(first).start();
          return new Match(
              rule,
              segment.location(),
              start,
              tokens.get(last).end(),
              factor(segment, opening, start));
        }
      }
    }
    return null;
  }

  /** Token ranges [from, to) where any of the alternatives stands. */
  private static List<int[]> positions(
      final List<TextAnalysis.Token> tokens, final List<List<String>> alternatives) {
    final List<int[]> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      for (final List<String> alt : alternatives) {
        if (matchesAt(tokens, i, alt)) {
          out.add(new int[] {i, i + alt.size()});
          break;
        }
      }
    }
    return out;
  }

  private static boolean matchesAt(
      final List<TextAnalysis.Token> tokens, final int at, final List<String> terms) {
    if (at + terms.size() > tokens.size()) {
      return false;
    }
    for (int j = 0; j < terms.size(); j++) {
      if (!tokens.get(at + j).term().equals(terms.get(j))) {
        return false;
      }
    }
    return true;
  }

  // snippets are taken while the text is at hand; kept in a side map keyed by match identity
  private final ThreadLocal<Map<Match, String[]>> snippets = ThreadLocal.withInitial(HashMap::new);

  private Match withSnippet(final Match match, final String text) {
    final int from = Math.max(0, match.start() - SNIPPET_CONTEXT);
    final int to = Math.min(text.length(), match.end() + SNIPPET_CONTEXT);
    final String matched =
        text.substring(match.start(), Math.min(match.end(), match.start() + 120));
    snippets
        .get()
        .put(
            match,
            new String[] {
              text.substring(from, to).replaceAll("\\s+", " ").trim(),
              matched.replaceAll("\\s+", " ").trim()
            });
    return match;
  }

  // A phrase inside a longer phrase of the same theme at the same place says nothing more.
  private static List<Match> dropContained(final List<Match> matches) {
    final List<Match> out = new ArrayList<>();
    for (final Match m : matches) {
      boolean contained = false;
      for (final Match other : matches) {
        if (other != m
            && !other.phrase().rule()
            && other.phrase().themeId().equals(m.phrase().themeId())
            && other.location().equals(m.location())
            && other.start() <= m.start()
            && other.end() >= m.end()
            && (other.end() - other.start() > m.end() - m.start()
                || (other.end() - other.start() == m.end() - m.start()
                    && matches.indexOf(other) < matches.indexOf(m)))) {
          contained = true;
          break;
        }
      }
      if (!contained) {
        out.add(m);
      }
    }
    return out;
  }

  private List<ThemeTag> score(final List<Match> matches) {
    final Map<String, Map<String, List<Match>>> byTheme = new LinkedHashMap<>();
    for (final Match m : matches) {
      byTheme
          .computeIfAbsent(m.phrase().themeId(), k -> new LinkedHashMap<>())
          .computeIfAbsent(
              m.phrase().text().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
          .add(m);
    }
    final List<ThemeTag> tags = new ArrayList<>();
    byTheme.forEach(
        (themeId, byPhrase) -> {
          double raw = 0;
          final List<Evidence> evidence = new ArrayList<>();
          for (final List<Match> occurrences : byPhrase.values()) {
            final Match best =
                occurrences.stream().max(Comparator.comparingDouble(Match::factor)).orElseThrow();
            // repeats add a little: a text that keeps coming back to a phrase is about it
            final double repeat = Math.min(1.6, 1 + 0.3 * (occurrences.size() - 1));
            raw += best.phrase().weight() * best.factor() * repeat;
            evidence.add(evidence(occurrences.get(0)));
          }
          final Theme theme = themes.get(themeId);
          raw *= theme.getWeight();
          if (raw >= threshold) {
            evidence.sort(Comparator.comparingInt(Evidence::getOffset));
            tags.add(
                ThemeTag.newBuilder()
                    .setId(themeId)
                    .setLabel(theme.getLabel())
                    .setScore(Math.round((1 - Math.exp(-raw)) * 1000) / 1000.0)
                    .setSource(TagSource.CLASSIFIER)
                    .setEvidence(evidence.subList(0, Math.min(MAX_EVIDENCE, evidence.size())))
                    .build());
          }
        });
    snippets.get().clear();
    tags.sort(Comparator.comparingDouble(ThemeTag::getScore).reversed());
    return tags;
  }

  private Evidence evidence(final Match m) {
    return Evidence.newBuilder()
        // a rule's evidence is the passage where its two sides met
        .setPhrase(m.phrase().rule() ? snippets.get().get(m)[1] : m.phrase().text())
        .setLocation(m.location())
        .setOffset(m.start())
        .setSnippet(snippets.get().get(m)[0])
        .build();
  }
}
