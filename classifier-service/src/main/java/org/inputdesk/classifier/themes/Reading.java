package org.inputdesk.classifier.themes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ahocorasick.trie.Emit;
import org.inputdesk.classifier.text.Analyzers;
import org.inputdesk.classifier.text.Sentences;
import org.inputdesk.classifier.text.Token;

/**
 * One text read against a {@link Lexicon}: reads the text and its language, and writes its analysed
 * terms, its sentences, and every phrase and rule of the taxonomy found in it, with character
 * offsets into the text. Phrases inside a theme's {@code not:} names are not counted for that
 * theme.
 */
public final class Reading {

  /** A theme's phrase or rule found at {@code [start, end)} of the text. */
  public record Match(
      String themeId, String phrase, double weight, boolean rule, int start, int end) {}

  private final String text;
  private final String language;
  private final List<Token> tokens;
  private final List<Sentences.Span> sentences;
  private final List<Match> matches = new ArrayList<>();

  public Reading(final String text, final String language, final Lexicon lexicon) {
    this.text = text == null ? "" : text;
    final String analysed = lexicon.analysisLanguage(language);
    this.language =
        Analyzers.normalise(language).isEmpty() ? analysed : Analyzers.normalise(language);
    this.tokens = Analyzers.tokens(this.text, analysed);
    this.sentences = Sentences.split(this.text, language);
    find(lexicon.forLanguage(analysed));
  }

  public String text() {
    return text;
  }

  /** The text's language as given (normalised), or the analysis language when none was given. */
  public String language() {
    return language;
  }

  public List<Token> tokens() {
    return tokens;
  }

  public List<Sentences.Span> sentences() {
    return sentences;
  }

  public List<Match> matches() {
    return matches;
  }

  private record Found(Lexicon.Use use, int start, int end) {}

  private void find(final Lexicon.Language lexicon) {
    if (tokens.isEmpty() || lexicon.isEmpty()) {
      return;
    }
    // the terms joined as the lexicon's keys are, and where each term starts in that string
    final StringBuilder joined = new StringBuilder();
    final int[] at = new int[tokens.size()];
    for (int i = 0; i < tokens.size(); i++) {
      if (i > 0) {
        joined.append(' ');
      }
      at[i] = joined.length();
      joined.append(tokens.get(i).term());
    }
    final List<Found> found = new ArrayList<>();
    final Map<String, List<int[]>> excluded = new HashMap<>();
    for (final Emit emit : lexicon.trie().parseText(joined)) {
      final int first = tokenAt(at, emit.getStart());
      final int last = tokenAt(at, emit.getEnd());
      final int start = tokens.get(first).start();
      final int end = tokens.get(last).end();
      for (final Lexicon.Use use : lexicon.uses().get(emit.getKeyword())) {
        if (use.kind() == Lexicon.Kind.NOT) {
          excluded
              .computeIfAbsent(use.themeId(), k -> new ArrayList<>())
              .add(new int[] {start, end});
        } else {
          found.add(new Found(use, start, end));
        }
      }
    }
    found.removeIf(f -> inside(excluded.get(f.use().themeId()), f.start(), f.end()));
    for (final Found f : found) {
      if (f.use().kind() == Lexicon.Kind.PHRASE) {
        matches.add(
            new Match(
                f.use().themeId(), f.use().text(), f.use().weight(), false, f.start(), f.end()));
      }
    }
    findRules(lexicon.rules(), found);
  }

  // a rule is met in a sentence where each of its sides has a match; it counts once a sentence
  private void findRules(final List<Lexicon.Rule> rules, final List<Found> found) {
    if (rules.isEmpty()) {
      return;
    }
    int s = 0;
    final Map<Integer, Set<Integer>> sidesMet = new HashMap<>();
    final Map<Integer, Integer> firstAt = new HashMap<>();
    final List<Found> sides =
        found.stream()
            .filter(f -> f.use().kind() == Lexicon.Kind.RULE_SIDE)
            .sorted((a, b) -> Integer.compare(a.start(), b.start()))
            .toList();
    for (final Sentences.Span sentence : sentences) {
      sidesMet.clear();
      firstAt.clear();
      while (s < sides.size() && sides.get(s).start() < sentence.end()) {
        final Found f = sides.get(s++);
        if (f.start() >= sentence.start()) {
          sidesMet.computeIfAbsent(f.use().rule(), k -> new HashSet<>()).add(f.use().side());
          firstAt.putIfAbsent(f.use().rule(), f.start());
        }
      }
      sidesMet.forEach(
          (ruleIndex, met) -> {
            final Lexicon.Rule rule = rules.get(ruleIndex);
            if (met.size() == rule.sides()) {
              matches.add(
                  new Match(
                      rule.themeId(),
                      rule.text(),
                      rule.weight(),
                      true,
                      sentence.start(),
                      sentence.end()));
            }
          });
    }
  }

  private static int tokenAt(final int[] at, final int offset) {
    int lo = 0;
    int hi = at.length - 1;
    while (lo < hi) {
      final int mid = (lo + hi + 1) >>> 1;
      if (at[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static boolean inside(final List<int[]> spans, final int start, final int end) {
    if (spans == null) {
      return false;
    }
    for (final int[] span : spans) {
      if (start >= span[0] && end <= span[1]) {
        return true;
      }
    }
    return false;
  }
}
