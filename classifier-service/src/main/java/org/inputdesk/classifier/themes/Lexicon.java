package org.inputdesk.classifier.themes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ahocorasick.trie.Trie;
import org.inputdesk.classifier.text.Analyzers;
import org.inputdesk.classifier.text.Token;
import org.inputdesk.schemas.Theme;

/**
 * A taxonomy compiled for matching: reads the themes' phrases per language and writes, per
 * language, one Aho-Corasick trie over the phrases' analysed terms (stemmed, stop words dropped, by
 * the language's Lucene analyzer) with what each phrase stands for.
 *
 * <p>An entry is a phrase ({@code cyber-attacks}), alternatives ({@code a|b}), a weight suffix
 * ({@code ^0.5}), a rule whose sides must all be met in one sentence ({@code a|b ~ c|d}), or {@code
 * not: a|b}, names inside which the theme's words mean something else. Entries headed {@code list:}
 * (the earlier tagger's enumeration heads) are read as nothing: the model learns from examples how
 * much a word in a list weighs.
 */
public final class Lexicon {

  /** What a matched run of terms stands for. */
  public enum Kind {
    PHRASE,
    RULE_SIDE,
    NOT
  }

  /** One use of a keyword: a phrase of a theme, a side of a rule, or an exclusion. */
  public record Use(Kind kind, String themeId, String text, double weight, int rule, int side) {}

  /** A rule: its theme, its text as written, its weight and how many sides it has. */
  public record Rule(String themeId, String text, double weight, int sides) {}

  /** The compiled entries of one language. */
  public record Language(Trie trie, Map<String, List<Use>> uses, List<Rule> rules) {
    boolean isEmpty() {
      return uses.isEmpty();
    }
  }

  private final List<Theme> themes;
  private final Map<String, Language> languages = new HashMap<>();
  private final String fingerprint;

  public Lexicon(final List<Theme> themes) {
    this.themes = List.copyOf(themes);
    final Map<String, List<String[]>> entriesByLanguage = new TreeMap<>();
    for (final Theme theme : themes) {
      theme
          .getPhrases()
          .forEach(
              (language, phrases) -> {
                for (final String phrase : phrases) {
                  entriesByLanguage
                      .computeIfAbsent(Analyzers.normalise(language), k -> new ArrayList<>())
                      .add(new String[] {theme.getId(), phrase});
                }
              });
    }
    entriesByLanguage.forEach(
        (language, entries) -> languages.put(language, compile(language, entries)));
    this.fingerprint = fingerprint(themes);
  }

  public List<Theme> themes() {
    return themes;
  }

  /** Identifies the taxonomy's ids and phrases: a model trained on another one is not used. */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * The entries to read a text of {@code language} with: its own, or the English ones when the
   * taxonomy has none in that language.
   */
  public Language forLanguage(final String language) {
    final Language own = languages.get(Analyzers.normalise(language));
    if (own != null && !own.isEmpty()) {
      return own;
    }
    return languages.getOrDefault("en", new Language(Trie.builder().build(), Map.of(), List.of()));
  }

  /** The language whose analyzer reads a text of {@code language} for this lexicon. */
  public String analysisLanguage(final String language) {
    final Language own = languages.get(Analyzers.normalise(language));
    return own != null && !own.isEmpty() ? Analyzers.normalise(language) : "en";
  }

  private static Language compile(final String language, final List<String[]> entries) {
    final Map<String, List<Use>> uses = new HashMap<>();
    final List<Rule> rules = new ArrayList<>();
    for (final String[] entry : entries) {
      final String themeId = entry[0];
      String text = entry[1].strip();
      if (text.isEmpty() || text.startsWith("list:")) {
        continue;
      }
      if (text.startsWith("not:")) {
        for (final String name : text.substring(4).split("\\|")) {
          add(uses, language, name, new Use(Kind.NOT, themeId, name.strip(), 0, -1, -1));
        }
        continue;
      }
      double weight = 1.0;
      final int caret = text.lastIndexOf('^');
      if (caret > 0) {
        try {
          weight = Double.parseDouble(text.substring(caret + 1).strip());
          text = text.substring(0, caret).strip();
        } catch (NumberFormatException notAWeight) {
          // a caret inside the phrase itself: keep it as written
        }
      }
      final String[] sides = text.split("~");
      if (sides.length == 1) {
        for (final String alternative : text.split("\\|")) {
          add(
              uses,
              language,
              alternative,
              new Use(Kind.PHRASE, themeId, alternative.strip(), weight, -1, -1));
        }
        continue;
      }
      final int rule = rules.size();
      rules.add(new Rule(themeId, text, weight, sides.length));
      for (int side = 0; side < sides.length; side++) {
        for (final String alternative : sides[side].split("\\|")) {
          add(
              uses,
              language,
              alternative,
              new Use(Kind.RULE_SIDE, themeId, alternative.strip(), weight, rule, side));
        }
      }
    }
    final Trie trie =
        Trie.builder().onlyWholeWordsWhiteSpaceSeparated().addKeywords(uses.keySet()).build();
    return new Language(trie, Map.copyOf(uses), List.copyOf(rules));
  }

  private static void add(
      final Map<String, List<Use>> uses,
      final String language,
      final String phrase,
      final Use use) {
    final String key = key(Analyzers.tokens(phrase, language));
    if (!key.isEmpty()) {
      uses.computeIfAbsent(key, k -> new ArrayList<>()).add(use);
    }
  }

  /** Terms joined by single spaces: how phrases and texts meet in the trie. */
  static String key(final List<Token> tokens) {
    return tokens.stream().map(Token::term).collect(Collectors.joining(" "));
  }

  private static String fingerprint(final List<Theme> themes) {
    final StringBuilder canonical = new StringBuilder();
    for (final Theme theme : themes) {
      canonical.append(theme.getId()).append('\u0001');
      new TreeMap<>(theme.getPhrases())
          .forEach(
              (language, phrases) ->
                  canonical
                      .append(language)
                      .append('\u0002')
                      .append(String.join("\u0003", phrases)));
      canonical.append('\u0004');
    }
    try {
      final byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
