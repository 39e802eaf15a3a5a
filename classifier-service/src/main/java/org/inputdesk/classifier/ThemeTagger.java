package org.inputdesk.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
   * A phrase, or a co-occurrence rule written {@code a|b ~ c|d}: one alternative of each side
   * within {@link #WINDOW} tokens of each other in one clause. A rule may have more sides ({@code
   * a|b ~ c|d ~ e|f}): the first two then within twice the window, and the others anywhere in the
   * same sentence.
   */
  private record Phrase(
      String themeId,
      String text,
      double weight,
      List<String> terms,
      List<List<List<String>>> sides,
      String key) {

    // key: the text in lower case, under which its matches are counted together
    Phrase(
        final String themeId,
        final String text,
        final double weight,
        final List<String> terms,
        final List<List<List<String>>> sides) {
      this(themeId, text, weight, terms, sides, text.toLowerCase(java.util.Locale.ROOT));
    }

    boolean rule() {
      return sides != null;
    }

    // What a record's equals is (every component equal, the weight by Double.compare), written
    // out: the generated one goes through method handles, and matches of other phrases at one
    // place are compared often. The cheap components first.
    @Override
    public boolean equals(final Object o) {
      return this == o
          || (o instanceof Phrase p
              && themeId.equals(p.themeId)
              && Double.compare(weight, p.weight) == 0
              && key.equals(p.key)
              && text.equals(p.text)
              && java.util.Objects.equals(terms, p.terms)
              && java.util.Objects.equals(sides, p.sides));
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(themeId, text, weight, terms, sides, key);
    }
  }

  /** Tokens (after stop words are dropped) between the sides of a rule. */
  static final int WINDOW = 6;

  /**
   * A theme named as one short item of an enumeration ("climate change, cybersecurity and
   * terrorism") is mentioned, not spoken of: such a match counts this much of its weight.
   */
  static final double LIST_FACTOR = 0.35;

  /**
   * A taxonomy entry {@code list: a|b|c} names words that, heading an enumeration ("threats such as
   * ..."), say its items are of the theme: then they keep their whole weight.
   */
  static final String LIST_HEAD = "list:";

  /**
   * A taxonomy entry {@code not: a|b} names things inside which the theme's words mean something
   * else ("United Nations Development Programme" is no part of the UN dialogue on ICT security): no
   * phrase or rule side of the theme is read inside them.
   */
  static final String NOT = "not:";

  /**
   * Longer texts gather stray matches: the threshold grows with the log of the length beyond this
   * many characters, so a passing mention in a long text does not carry a theme.
   */
  static final int LENGTH_BASE = 1200;

  static final double LENGTH_SLOPE = 0.35;

  // text: the segment's, for the snippet cut only if the match becomes evidence
  private record Match(
      Phrase phrase, String location, int start, int end, double factor, String text) {}

  private final Map<String, Theme> themes = new LinkedHashMap<>();
  // language -> first term -> phrases starting with it
  private final Map<String, Map<String, List<Phrase>>> index = new HashMap<>();
  private final Map<String, List<Phrase>> rules = new HashMap<>();
  // language -> theme -> words that, heading an enumeration, say its items are of the theme
  private final Map<String, Map<String, List<List<String>>>> heads = new HashMap<>();
  // language -> theme -> names inside which the theme's words mean something else
  private final Map<String, Map<String, List<List<String>>>> exclusions = new HashMap<>();
  private final double threshold;
  // language -> the terms whose places rules and exclusions look up (the first term of each of
  // their alternatives; only these are gathered from a text), each numbered, so that a text's
  // places of them are an array, not a map
  private final Map<String, Map<String, Integer>> placed = new HashMap<>();

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
    // what rules and exclusions look up in a text, prepared once
    rules.forEach(
        (language, list) ->
            list.forEach(rule -> rule.sides().forEach(side -> look(language, side))));
    exclusions.forEach(
        (language, byTheme) -> byTheme.values().forEach(names -> look(language, names)));
  }

  // The alternatives' first terms are gathered from texts, and the alternatives grouped by them.
  private void look(final String language, final List<List<String>> alternatives) {
    final Map<String, Integer> ids = placed(language);
    alternatives.forEach(alt -> ids.putIfAbsent(alt.get(0), ids.size()));
    grouped.put(alternatives, Grouped.of(alternatives, ids));
  }

  /**
   * A list of alternatives grouped by first term, in order of first appearance: at a place only the
   * alternatives starting with the term standing there can fit, so only they are tried.
   */
  private record Grouped(int[] firsts, List<List<List<String>>> byFirst) {

    static Grouped of(final List<List<String>> alternatives, final Map<String, Integer> ids) {
      final Map<String, List<List<String>>> groups = new LinkedHashMap<>();
      for (final List<String> alt : alternatives) {
        groups.computeIfAbsent(alt.get(0), k -> new ArrayList<>()).add(alt);
      }
      return new Grouped(
          groups.keySet().stream().mapToInt(ids::get).toArray(), List.copyOf(groups.values()));
    }
  }

  // every rule side's and exclusion's alternatives, grouped once; read-only after construction
  private final Map<List<List<String>>, Grouped> grouped = new IdentityHashMap<>();

  private Grouped grouped(final List<List<String>> alternatives) {
    final Grouped known = grouped.get(alternatives);
    if (known == null) {
      throw new IllegalStateException("alternatives not prepared: " + alternatives);
    }
    return known;
  }

  private Map<String, Integer> placed(final String language) {
    return placed.computeIfAbsent(language, k -> new HashMap<>());
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
    if (text.startsWith(LIST_HEAD)) {
      heads
          .computeIfAbsent(lang, k -> new HashMap<>())
          .computeIfAbsent(theme.getId(), k -> new ArrayList<>())
          .addAll(alternatives(lang, text.substring(LIST_HEAD.length())));
      return;
    }
    if (text.startsWith(NOT)) {
      exclusions
          .computeIfAbsent(lang, k -> new HashMap<>())
          .computeIfAbsent(theme.getId(), k -> new ArrayList<>())
          .addAll(alternatives(lang, text.substring(NOT.length())));
      return;
    }
    if (text.contains(" ~ ")) {
      final List<List<List<String>>> sides = new ArrayList<>();
      for (final String side : text.split(" ~ ")) {
        final List<List<String>> alternatives = alternatives(lang, side);
        if (alternatives.isEmpty()) {
          // a side made only of stop words can never be seen: the rule would never fire
          return;
        }
        sides.add(alternatives);
      }
      index.computeIfAbsent(lang, k -> new HashMap<>());
      rules
          .computeIfAbsent(lang, k -> new ArrayList<>())
          .add(new Phrase(theme.getId(), text, weight, List.of(), List.copyOf(sides)));
      return;
    }
    final List<String> terms = TextAnalysis.terms(lang, text);
    if (terms.isEmpty()) {
      return;
    }
    index
        .computeIfAbsent(lang, k -> new HashMap<>())
        .computeIfAbsent(terms.get(0), k -> new ArrayList<>())
        .add(new Phrase(theme.getId(), text, weight, terms, null));
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
    int chars = 0;
    boolean firstBody = true;
    for (final Segment segment : segments) {
      if (segment.text() == null || segment.text().isBlank()) {
        continue;
      }
      chars += segment.text().length();
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
      // cut into words once, read in each language
      final TextAnalysis.Words words = TextAnalysis.words(segment.text());
      for (final String language : languages) {
        // rules lean on short words ("UN", "law"): only in the text's own language
        final boolean withRules = language.equals(detected) || detected == null;
        matches.addAll(match(language, segment, words, opening, withRules));
      }
    }
    return score(dropContained(matches), threshold * lengthFactor(chars));
  }

  /** What a term is to this taxonomy: the phrases it begins, and its number among placed terms. */
  private record Kind(List<Phrase> beginning, int placed) {}

  // per language, each word's term and Kind (read-only maps behind it: safe across threads)
  private final Map<String, TextAnalysis.Lexicon<Kind>> lexicons =
      new java.util.concurrent.ConcurrentHashMap<>();

  private TextAnalysis.Lexicon<Kind> lexicon(final String language) {
    return lexicons.computeIfAbsent(
        language,
        lang -> {
          final Map<String, List<Phrase>> byFirst = index.getOrDefault(lang, Map.of());
          final Map<String, Integer> ids = placed.getOrDefault(lang, Map.of());
          // a number begins a phrase or is placed for a rule only if one is written so
          final boolean numbers =
              byFirst.keySet().stream().anyMatch(TextAnalysis::digits)
                  || ids.keySet().stream().anyMatch(TextAnalysis::digits);
          return new TextAnalysis.Lexicon<>(
              lang,
              term -> {
                final List<Phrase> phrases = byFirst.get(term);
                final Integer id = ids.get(term);
                return phrases == null && id == null
                    ? null
                    : new Kind(phrases, id == null ? -1 : id);
              },
              numbers);
        });
  }

  /** How much more evidence a text of this many characters needs than a short one. */
  static double lengthFactor(final int chars) {
    return chars <= LENGTH_BASE ? 1.0 : 1 + LENGTH_SLOPE * Math.log((double) chars / LENGTH_BASE);
  }

  private List<Match> match(
      final String language,
      final Segment segment,
      final TextAnalysis.Words words,
      final boolean opening,
      final boolean withRules) {
    final TextAnalysis.Tokens tokens = TextAnalysis.tokens(lexicon(language), words);
    // what each distinct word's term begins and is placed for, found once per word of the
    // language (the lexicon keeps it), not at every place it stands
    final int kinds = tokens.kinds();
    @SuppressWarnings("unchecked")
    final List<Phrase>[] beginning = new List[kinds];
    final int[] placedKind = new int[kinds];
    for (int k = 0; k < kinds; k++) {
      final Kind kind = tokens.kindInfo(k);
      beginning[k] = kind == null ? null : kind.beginning();
      placedKind[k] = kind == null ? -1 : kind.placed();
    }
    final int[][] starts =
        starts(tokens, placedKind, placed.getOrDefault(language, Map.of()).size());
    final Map<String, boolean[]> masks = masks(language, tokens, starts);
    final List<Match> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      final List<Phrase> phrases = beginning[tokens.kind(i)];
      if (phrases == null) {
        continue;
      }
      for (int q = 0; q < phrases.size(); q++) {
        final Phrase phrase = phrases.get(q);
        if (matchesAt(tokens, i, phrase.terms())
            && !masked(masks.get(phrase.themeId()), i, i + phrase.terms().size())) {
          final int start = tokens.start(i);
          final int end = tokens.end(i + phrase.terms().size() - 1);
          // stop words aside, a phrase is read within one clause ("rules. New technologies" is
          // not "rules for new technologies")
          if (Enumerations.breaksClause(
              segment.text(), tokens.end(i), Math.max(tokens.end(i), end))) {
            continue;
          }
          // a full-weight phrase names the theme's matter itself ("cybercrime") and counts even
          // as an item of an enumeration; a weaker topic word ("cybersecurity") there is a mention
          final double listed =
              phrase.weight() >= 1
                  ? 1
                  : listFactor(language, phrase.themeId(), tokens, segment.text(), start, end);
          out.add(
              new Match(
                  phrase,
                  segment.location(),
                  start,
                  end,
                  factor(segment, opening, start) * listed,
                  segment.text()));
        }
      }
    }
    if (withRules) {
      for (final Phrase rule : rules.getOrDefault(language, List.of())) {
        final Match m =
            matchRule(language, rule, tokens, starts, masks.get(rule.themeId()), segment, opening);
        if (m != null) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static double factor(final Segment segment, final boolean opening, final int start) {
    if ("subject".equals(segment.location())) {
      return SUBJECT_FACTOR;
    }
    return opening && start < OPENING_CHARS ? OPENING_FACTOR : 1.0;
  }

  /**
   * {@link #LIST_FACTOR} when [start, end) is a short item of an enumeration whose head does not
   * say it is about the theme, else 1.
   */
  private double listFactor(
      final String language,
      final String themeId,
      final TextAnalysis.Tokens tokens,
      final String text,
      final int start,
      final int end) {
    final List<int[]> items = Enumerations.shortItems(text, start, end);
    if (items == null) {
      return 1;
    }
    final List<List<String>> words =
        heads.getOrDefault(language, Map.of()).getOrDefault(themeId, List.of());
    if (words.isEmpty()) {
      return LIST_FACTOR;
    }
    final int[] sentence = Enumerations.sentence(text, start, end);
    for (int i = firstTokenFrom(tokens, sentence[0]); i < tokens.size(); i++) {
      if (tokens.end(i) > sentence[1]) {
        break;
      }
      if (inside(items, tokens.start(i), tokens.end(i))) {
        continue;
      }
      for (final List<String> head : words) {
        if (matchesAt(tokens, i, head)) {
          return 1;
        }
      }
    }
    return LIST_FACTOR;
  }

  // The index of the first token starting at or after a character offset (tokens are in order).
  private static int firstTokenFrom(final TextAnalysis.Tokens tokens, final int offset) {
    int lo = 0;
    int hi = tokens.size();
    while (lo < hi) {
      final int mid = (lo + hi) >>> 1;
      if (tokens.start(mid) < offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static boolean inside(final List<int[]> ranges, final int start, final int end) {
    for (final int[] r : ranges) {
      if (start >= r[0] && end <= r[1]) {
        return true;
      }
    }
    return false;
  }

  // The first place where the first two sides of a rule stand close together in one clause, and
  // any further side stands in the same sentence; a place in an enumeration only failing others.
  private Match matchRule(
      final String language,
      final Phrase rule,
      final TextAnalysis.Tokens tokens,
      final int[][] starts,
      final boolean[] mask,
      final Segment segment,
      final boolean opening) {
    // most rules fail for want of a side: look for each side's first terms before reading places
    for (final List<List<String>> side : rule.sides()) {
      if (!anyStarts(starts, side)) {
        return null;
      }
    }
    final List<List<int[]>> positions = new ArrayList<>();
    for (final List<List<String>> side : rule.sides()) {
      final List<int[]> found = new ArrayList<>();
      for (final int[] p : positions(tokens, starts, side)) {
        if (!masked(mask, p[0], p[1])) {
          found.add(p);
        }
      }
      if (found.isEmpty()) {
        return null;
      }
      positions.add(found);
    }
    final String text = segment.text();
    // a third side confirms the relation: the first two may then stand further apart
    final int window = positions.size() > 2 ? 2 * WINDOW : WINDOW;
    Match best = null;
    for (final int[] anchor : positions.get(0)) {
      final List<int[]> chosen = new ArrayList<>();
      chosen.add(anchor);
      for (int s = 1; s < positions.size() && chosen.size() == s; s++) {
        int[] nearest = null;
        int nearestGap = Integer.MAX_VALUE;
        for (final int[] other : positions.get(s)) {
          final int gap = other[0] >= anchor[1] ? other[0] - anchor[1] : anchor[0] - other[1];
          final boolean near =
              s == 1
                  ? gap >= 0 && gap <= window && sameClause(text, tokens, anchor, other)
                  : gap >= 0 && sameSentence(text, tokens, anchor, other);
          if (near && Math.abs(gap) < nearestGap) {
            nearest = other;
            nearestGap = Math.abs(gap);
          }
        }
        if (nearest != null) {
          chosen.add(nearest);
        }
      }
      if (chosen.size() < positions.size()) {
        continue;
      }
      final int first = chosen.stream().mapToInt(p -> p[0]).min().orElseThrow();
      final int last = chosen.stream().mapToInt(p -> p[1]).max().orElseThrow() - 1;
      final int start = tokens.start(first);
      final int end = tokens.end(last);
      // sides standing as items of an enumeration are named together, not related
      double listed = 1;
      for (final int[] p : chosen) {
        listed =
            Math.min(
                listed,
                listFactor(
                    language,
                    rule.themeId(),
                    tokens,
                    text,
                    tokens.start(p[0]),
                    tokens.end(p[1] - 1)));
      }
      final Match m =
          new Match(
              rule, segment.location(), start, end, factor(segment, opening, start) * listed, text);
      if (listed == 1) {
        return m;
      }
      // a mention in a list is kept only if the rule is met nowhere better
      if (best == null || m.factor() > best.factor()) {
        best = m;
      }
    }
    return best;
  }

  // No sentence end between two token ranges.
  private static boolean sameSentence(
      final String text, final TextAnalysis.Tokens tokens, final int[] a, final int[] b) {
    return noBreakBetween(text, tokens, a, b, false);
  }

  // No sentence or clause break (full stop, semicolon, colon, dash) between two token ranges.
  private static boolean sameClause(
      final String text, final TextAnalysis.Tokens tokens, final int[] a, final int[] b) {
    return noBreakBetween(text, tokens, a, b, true);
  }

  private static boolean noBreakBetween(
      final String text,
      final TextAnalysis.Tokens tokens,
      final int[] a,
      final int[] b,
      final boolean clause) {
    final int[] before = a[0] <= b[0] ? a : b;
    final int[] after = before == a ? b : a;
    if (after[0] < before[1]) {
      return true;
    }
    final int from = tokens.end(before[1] - 1);
    final int to = tokens.start(after[0]);
    return from >= to
        || !(clause
            ? Enumerations.breaksClause(text, from, to)
            : Enumerations.breaksSentence(text, from, to));
  }

  // Per theme, the tokens standing inside one of its exclusions.
  private Map<String, boolean[]> masks(
      final String language, final TextAnalysis.Tokens tokens, final int[][] starts) {
    final Map<String, boolean[]> out = new HashMap<>();
    exclusions
        .getOrDefault(language, Map.of())
        .forEach(
            (themeId, names) -> {
              final boolean[] mask = new boolean[tokens.size()];
              for (final int[] p : positions(tokens, starts, names)) {
                for (int i = p[0]; i < p[1]; i++) {
                  mask[i] = true;
                }
              }
              out.put(themeId, mask);
            });
    return out;
  }

  private static boolean masked(final boolean[] mask, final int from, final int to) {
    if (mask == null) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (mask[i]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where each of the placed terms stands: by the term's number, the token indices, ascending; null
   * for a term the text lacks.
   */
  private static int[][] starts(
      final TextAnalysis.Tokens tokens, final int[] placedKind, final int terms) {
    final int[] counts = new int[terms];
    for (int i = 0; i < tokens.size(); i++) {
      final int id = placedKind[tokens.kind(i)];
      if (id >= 0) {
        counts[id]++;
      }
    }
    final int[][] out = new int[terms][];
    for (int id = 0; id < terms; id++) {
      if (counts[id] > 0) {
        out[id] = new int[counts[id]];
        counts[id] = 0;
      }
    }
    for (int i = 0; i < tokens.size(); i++) {
      final int id = placedKind[tokens.kind(i)];
      if (id >= 0) {
        out[id][counts[id]++] = i;
      }
    }
    return out;
  }

  /**
   * Token ranges [from, to) where any of the alternatives stands, in text order, the first
   * alternative that fits at a place winning. Only the places where an alternative's first term
   * stands are tried: a text is analysed once, then read for many rules of many alternatives.
   */
  private List<int[]> positions(
      final TextAnalysis.Tokens tokens,
      final int[][] starts,
      final List<List<String>> alternatives) {
    final Grouped g = grouped(alternatives);
    final List<int[]> out = new ArrayList<>();
    int groupsFound = 0;
    for (int f = 0; f < g.firsts().length; f++) {
      final int[] at = starts[g.firsts()[f]];
      if (at == null) {
        continue;
      }
      groupsFound++;
      final List<List<String>> alts = g.byFirst().get(f);
      for (final int i : at) {
        for (final List<String> alt : alts) {
          if (matchesAt(tokens, i, alt)) {
            out.add(new int[] {i, i + alt.size()});
            break;
          }
        }
      }
    }
    if (groupsFound > 1) {
      // a token has one term: the places of two groups never coincide
      out.sort(Comparator.comparingInt(p -> p[0]));
    }
    return out;
  }

  private boolean anyStarts(final int[][] starts, final List<List<String>> alternatives) {
    for (final int first : grouped(alternatives).firsts()) {
      if (starts[first] != null) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(
      final TextAnalysis.Tokens tokens, final int at, final List<String> terms) {
    if (at + terms.size() > tokens.size()) {
      return false;
    }
    for (int j = 0; j < terms.size(); j++) {
      if (!tokens.term(at + j).equals(terms.get(j))) {
        return false;
      }
    }
    return true;
  }

  // The passage around a match, with white space made single spaces.
  private static String snippet(final Match match) {
    final String text = match.text();
    final int from = Math.max(0, match.start() - SNIPPET_CONTEXT);
    final int to = Math.min(text.length(), match.end() + SNIPPET_CONTEXT);
    return singleSpaced(text, from, to);
  }

  // The words a rule's match covers (its first 120 characters), the same way.
  private static String matched(final Match match) {
    return singleSpaced(match.text(), match.start(), Math.min(match.end(), match.start() + 120));
  }

  // As WHITESPACE.matcher(s.substring(from, to)).replaceAll(" ").trim(), without the regex and
  // the copies in between: the characters copied out at once, then white space runs closed up in
  // place.
  static String singleSpaced(final String s, final int from, final int to) {
    final char[] out = new char[to - from];
    s.getChars(from, to, out, 0);
    int n = 0;
    boolean inSpace = false;
    for (int i = 0; i < out.length; i++) {
      final char c = out[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
        if (!inSpace) {
          out[n++] = ' ';
          inSpace = true;
        }
      } else {
        out[n++] = c;
        inSpace = false;
      }
    }
    // what trim() drops: every character up to the space, at either end
    int first = 0;
    int last = n;
    while (first < last && out[first] <= ' ') {
      first++;
    }
    while (last > first && out[last - 1] <= ' ') {
      last--;
    }
    return new String(out, first, last - first);
  }

  // A phrase inside a longer phrase of the same theme at the same place says nothing more.
  private static List<Match> dropContained(final List<Match> matches) {
    final List<Match> out = new ArrayList<>(matches.size());
    // matches.indexOf of each match, found when first needed
    final int[] firstEqual = new int[matches.size()];
    Arrays.fill(firstEqual, -1);
    // only a match of the same theme in the same place can contain another: each is compared
    // with its own group, not with every match (a long text has hundreds)
    final Map<String, Map<String, List<Integer>>> groups = new HashMap<>();
    final List<List<Integer>> groupOf = new ArrayList<>(matches.size());
    for (int i = 0; i < matches.size(); i++) {
      final Match m = matches.get(i);
      final List<Integer> group =
          groups
              .computeIfAbsent(m.phrase().themeId(), k -> new HashMap<>())
              .computeIfAbsent(m.location(), k -> new ArrayList<>());
      group.add(i);
      groupOf.add(group);
    }
    for (int i = 0; i < matches.size(); i++) {
      final Match m = matches.get(i);
      boolean contained = false;
      for (final int j : groupOf.get(i)) {
        final Match other = matches.get(j);
        // the cheap tests first
        if (other != m
            && other.start() <= m.start()
            && other.end() >= m.end()
            && !other.phrase().rule()
            && (other.end() - other.start() > m.end() - m.start()
                || (other.end() - other.start() == m.end() - m.start()
                    && firstEqual(matches, firstEqual, j) < firstEqual(matches, firstEqual, i)))) {
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

  // matches.indexOf(m), comparing the cheap fields first: a record's equals compares the phrase,
  // its terms and rule sides first
  private static int firstEqual(final List<Match> matches, final int[] known, final int index) {
    if (known[index] < 0) {
      known[index] = firstEqual(matches, matches.get(index));
    }
    return known[index];
  }

  private static int firstEqual(final List<Match> matches, final Match m) {
    for (int i = 0; i < matches.size(); i++) {
      final Match o = matches.get(i);
      if (o == m
          || (o.start() == m.start()
              && o.end() == m.end()
              && Double.compare(o.factor(), m.factor()) == 0
              && o.location().equals(m.location())
              // the same phrase object mostly: a record's equals compares every component
              && (o.phrase() == m.phrase() || o.phrase().equals(m.phrase())))) {
        return i;
      }
    }
    return -1;
  }

  private List<ThemeTag> score(final List<Match> matches, final double needed) {
    final Map<String, Map<String, List<Match>>> byTheme = new LinkedHashMap<>();
    for (final Match m : matches) {
      byTheme
          .computeIfAbsent(m.phrase().themeId(), k -> new LinkedHashMap<>())
          .computeIfAbsent(m.phrase().key(), k -> new ArrayList<>())
          .add(m);
    }
    final List<ThemeTag> tags = new ArrayList<>();
    byTheme.forEach(
        (themeId, byPhrase) -> {
          double raw = 0;
          double strongest = 0;
          // the first occurrence of each phrase; its evidence is written only if the theme passes
          final List<Match> firsts = new ArrayList<>();
          for (final List<Match> occurrences : byPhrase.values()) {
            final Match best =
                occurrences.stream().max(Comparator.comparingDouble(Match::factor)).orElseThrow();
            // repeats add a little: a text that keeps coming back to a phrase is about it
            final double repeat = Math.min(1.6, 1 + 0.3 * (occurrences.size() - 1));
            final double contribution = best.phrase().weight() * best.factor() * repeat;
            raw += contribution;
            strongest = Math.max(strongest, contribution);
            firsts.add(occurrences.get(0));
          }
          final Theme theme = themes.get(themeId);
          raw *= theme.getWeight();
          strongest *= theme.getWeight();
          // one explicit phrase carries a theme at any length; weak hints must add up to more
          // in a longer text
          if (strongest >= threshold || raw >= needed) {
            // in order of offset (a stable sort: phrases at one offset in order of finding)
            firsts.sort(Comparator.comparingInt(Match::start));
            final List<Evidence> evidence = new ArrayList<>(MAX_EVIDENCE);
            for (final Match m : firsts.subList(0, Math.min(MAX_EVIDENCE, firsts.size()))) {
              evidence.add(evidence(m));
            }
            tags.add(
                ThemeTag.newBuilder()
                    .setId(themeId)
                    .setLabel(theme.getLabel())
                    .setScore(Math.round((1 - Math.exp(-raw)) * 1000) / 1000.0)
                    .setSource(TagSource.CLASSIFIER)
                    .setEvidence(evidence)
                    .build());
          }
        });
    tags.sort(Comparator.comparingDouble(ThemeTag::getScore).reversed());
    return tags;
  }

  private Evidence evidence(final Match m) {
    return Evidence.newBuilder()
        // a rule's evidence is the passage where its two sides met
        .setPhrase(m.phrase().rule() ? matched(m) : m.phrase().text())
        .setLocation(m.location())
        .setOffset(m.start())
        .setSnippet(snippet(m))
        .build();
  }
}
