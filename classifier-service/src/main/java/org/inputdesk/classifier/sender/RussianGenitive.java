package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forms a Russian country name takes after "Постоянное представительство" (genitive):
 * Российская Федерация → Российской Федерации, Египет → Египта, Беларусь → Беларуси. Each word may
 * keep its form (Республики Беларусь), so every combination is offered, at most a few dozen.
 */
final class RussianGenitive {

  private static final String HUSHING = "гкхжшчщ";
  private static final String VOWELS = "аеёиоуыэюя";

  private RussianGenitive() {}

  static Set<String> forms(final String name) {
    final String[] words = name.split(" ");
    List<String> combos = new ArrayList<>(List.of(""));
    for (final String w : words) {
      final Set<String> options = word(w);
      final List<String> next = new ArrayList<>();
      for (final String prefix : combos) {
        for (final String o : options) {
          next.add(prefix.isEmpty() ? o : prefix + " " + o);
          if (next.size() > 64) {
            break;
          }
        }
      }
      combos = next;
    }
    return new LinkedHashSet<>(combos);
  }

  private static Set<String> word(final String w) {
    final Set<String> out = new LinkedHashSet<>();
    out.add(w);
    final int n = w.length();
    if (n < 3 || !isCyrillic(w.charAt(n - 1))) {
      return out;
    }
    final String lower = w.toLowerCase(java.util.Locale.ROOT);
    final String stem2 = w.substring(0, n - 2);
    final String stem1 = w.substring(0, n - 1);
    final char last = lower.charAt(n - 1);
    final char before = lower.charAt(n - 2);
    if (lower.endsWith("ая")) {
      out.add(stem2 + "ой");
    } else if (lower.endsWith("яя")) {
      out.add(stem2 + "ей");
    } else if (lower.endsWith("ое") || lower.endsWith("ый") || lower.endsWith("ой")) {
      out.add(stem2 + "ого");
    } else if (lower.endsWith("ий")) {
      out.add(stem2 + "ого");
      out.add(stem2 + "его");
    } else if (lower.endsWith("ые") || lower.endsWith("ие")) {
      out.add(stem2 + "ых");
      out.add(stem2 + "их");
      if (lower.endsWith("ие")) {
        out.add(stem1 + "я"); // Управление → Управления
      }
    } else if (lower.endsWith("ия") || lower.endsWith("ея")) {
      out.add(stem1 + "и");
    } else if (last == 'а') {
      out.add(stem1 + (HUSHING.indexOf(before) >= 0 ? "и" : "ы"));
    } else if (last == 'я' || last == 'ь') {
      out.add(stem1 + "и");
    } else if (last == 'й') {
      out.add(stem1 + "я");
    } else if (last == 'о') {
      out.add(stem1 + "а"); // Содружество → Содружества
    } else if (last == 'ы' || last == 'и') {
      out.add(stem1 + "ов");
      out.add(stem1);
    } else if (VOWELS.indexOf(last) < 0) {
      out.add(w + "а");
      if (before == 'е' || before == 'о') {
        out.add(stem2 + w.charAt(n - 1) + "а"); // Египет → Египта
      }
    }
    return out;
  }

  private static boolean isCyrillic(final char c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC;
  }
}
