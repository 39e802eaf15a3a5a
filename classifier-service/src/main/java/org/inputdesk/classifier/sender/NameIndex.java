package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;
import org.inputdesk.classifier.sender.KnowledgeBase.Organisation;
import org.inputdesk.classifier.sender.KnowledgeBase.State;

/**
 * Finds, in one pass over a text (Aho-Corasick), every name the knowledge base knows (States in
 * eight languages with the forms they take after "of" in Russian, German and Arabic, organisations
 * with their aliases) and every phrase of the {@link Lexicon}, each at a word boundary as its
 * script draws it. Built once per knowledge base; thread-safe.
 */
final class NameIndex {

  /** What a matched name stands for: a State, an organisation or a lexicon phrase. */
  record Entry(
      String written,
      Lexicon.Role role,
      State state,
      Organisation org,
      boolean exact,
      boolean open) {

    boolean isCountry() {
      return state != null;
    }

    boolean isOrganisation() {
      return org != null;
    }
  }

  /** One match: {@code [start, end)} of the text. */
  record Hit(int start, int end, Entry entry) {}

  private final PayloadTrie<List<Entry>> trie;

  NameIndex(final KnowledgeBase kb) {
    final Map<String, List<Entry>> byKey = new LinkedHashMap<>();
    for (final Lexicon.Phrase p : Lexicon.PHRASES) {
      final boolean open = p.text().endsWith("*");
      final String text = open ? p.text().substring(0, p.text().length() - 1) : p.text();
      put(byKey, text, new Entry(text, p.role(), null, null, p.exact(), open));
    }
    for (final State s : kb.states()) {
      for (final Map.Entry<String, List<String>> lang : s.names().entrySet()) {
        for (final String name : lang.getValue()) {
          for (final String form : forms(lang.getKey(), name)) {
            // "US", "UK", "PRC" only in capitals: "us" is a word
            final boolean exact = form.length() <= 4 && !hasLowerCase(form);
            put(byKey, form, new Entry(form, null, s, null, exact, false));
          }
        }
      }
    }
    for (final Organisation o : kb.organisations()) {
      for (final String name : o.allNames()) {
        if (name == null || name.isBlank() || name.strip().length() < 2) {
          continue;
        }
        final String n = name.strip();
        put(byKey, n, new Entry(n, null, null, o, exactCase(n), false));
        if (n.indexOf(' ') > 0 && isCyrillic(n.charAt(0))) {
          for (final String form : RussianGenitive.forms(n)) {
            put(byKey, form, new Entry(form, null, null, o, false, false));
          }
        }
        if (n.startsWith("ال") && n.length() > 4) {
          put(byKey, n.substring(2), new Entry(n.substring(2), null, null, o, false, false));
        }
      }
    }
    final PayloadTrie.PayloadTrieBuilder<List<Entry>> builder = PayloadTrie.builder();
    byKey.forEach(builder::addKeyword);
    this.trie = builder.build();
  }

  private static void put(final Map<String, List<Entry>> byKey, final String text, final Entry e) {
    final String key = normalise(text);
    if (key.isBlank()) {
      return;
    }
    final List<Entry> list = byKey.computeIfAbsent(key, k -> new ArrayList<>(1));
    for (final Entry known : list) {
      if (known.state() == e.state() && known.org() == e.org() && known.role() == e.role()) {
        return;
      }
    }
    list.add(e);
  }

  /** Acronyms and one-word names are matched in the case written ("ITU", "Orange", "eco"). */
  private static boolean exactCase(final String name) {
    return name.indexOf(' ') < 0 || name.length() <= 5 || !hasLowerCase(name);
  }

  private static boolean hasLowerCase(final String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLowerCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** The name and the forms it takes after "of" in its language. */
  static Set<String> forms(final String lang, final String name) {
    final Set<String> out = new LinkedHashSet<>();
    final String n = name.strip();
    out.add(n);
    switch (lang) {
      case "ru" -> out.addAll(RussianGenitive.forms(n));
      case "de" -> {
        final char last = Character.toLowerCase(n.charAt(n.length() - 1));
        if (n.indexOf(' ') < 0 && "szxß".indexOf(last) < 0) {
          out.add(n + "s"); // Österreichs, Deutschlands
        }
      }
      case "ar" -> {
        if (n.startsWith("ال") && n.length() > 4) {
          out.add(n.substring(2)); // للجزائر: the article's alif goes after the preposition
        }
      }
      default -> {}
    }
    return out;
  }

  /**
   * The text as matched: lower case, ё as е, typographic apostrophes as ', every white space as one
   * space; one character for one, so offsets stay those of the text.
   */
  static String normalise(final String text) {
    final char[] out = new char[text.length()];
    for (int i = 0; i < out.length; i++) {
      char c = text.charAt(i);
      if (c == '’' || c == '‘' || c == 'ʼ' || c == '`' || c == '´') {
        c = '\'';
      } else if (Character.isWhitespace(c) || c == '\u00a0' || c == '\u202f') {
        c = ' ';
      } else if (c == 'ё' || c == 'Ё') {
        c = 'е';
      } else {
        c = Character.toLowerCase(c);
      }
      out[i] = c;
    }
    return new String(out);
  }

  /** Every name and phrase in the text, by start, the longest first where several start. */
  List<Hit> find(final String text) {
    return find(text, normalise(text));
  }

  /** As {@link #find(String)} with the text already {@link #normalise normalised}. */
  List<Hit> find(final String text, final String normalised) {
    final List<Hit> out = new ArrayList<>();
    for (final PayloadEmit<List<Entry>> emit : trie.parseText(normalised)) {
      final int start = emit.getStart();
      final int end = emit.getEnd() + 1;
      for (final Entry e : emit.getPayload()) {
        if (e.exact() && !text.regionMatches(start, e.written(), 0, e.written().length())) {
          continue;
        }
        if (bounded(normalised, start, end, e)) {
          out.add(new Hit(start, end, e));
        }
      }
    }
    out.sort(
        Comparator.comparingInt(Hit::start)
            .thenComparing(Comparator.comparingInt(Hit::end).reversed()));
    return out;
  }

  private static boolean bounded(final String t, final int start, final int end, final Entry e) {
    final char first = t.charAt(start);
    final char last = t.charAt(end - 1);
    if (isCjk(first)) {
      return true;
    }
    final boolean startOk =
        !Character.isLetterOrDigit(first)
            || start == 0
            || !Character.isLetterOrDigit(t.charAt(start - 1))
            || isArabic(first) && arabicProclitics(t, start);
    final boolean endOk =
        e.open()
            || !Character.isLetterOrDigit(last)
            || end == t.length()
            || !Character.isLetterOrDigit(t.charAt(end));
    return startOk && endOk;
  }

  private static boolean isCyrillic(final char c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC;
  }

  private static boolean isCjk(final char c) {
    final Character.UnicodeScript s = Character.UnicodeScript.of(c);
    return s == Character.UnicodeScript.HAN
        || s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA
        || s == Character.UnicodeScript.HANGUL;
  }

  private static boolean isArabic(final char c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC;
  }

  // و ف ب ل ك and the article's alif may stand glued before a word: لجمهورية، وبالبعثة
  private static boolean arabicProclitics(final String t, final int start) {
    int i = start - 1;
    int n = 0;
    while (i >= 0 && Character.isLetter(t.charAt(i))) {
      if ("وفبلكا".indexOf(t.charAt(i)) < 0 || ++n > 3) {
        return false;
      }
      i--;
    }
    return true;
  }

  /** The lower-cased text for callers that compare words. */
  static String lower(final String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
