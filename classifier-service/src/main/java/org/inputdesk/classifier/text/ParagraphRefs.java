package org.inputdesk.classifier.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds references to paragraphs and sections of a draft under discussion ("paragraph 45", "para.
 * 45bis", "paragraphs 46-49", "section E") in a text and writes them as a list of normalised
 * references ({@code 45}, {@code 45bis}, {@code 46}..{@code 49}, {@code section E}) for the
 * publisher's per-paragraph view.
 */
public final class ParagraphRefs {

  private static final String NUMBER = "(\\d{1,3})\\s*(bis|ter|quater|quinquies)?";
  private static final Pattern PARAGRAPHS =
      Pattern.compile(
          "\\b(?:paragraphs?|paras?\\.?|pars?\\.|§§?|párrafos?|p[áa]rr\\.|пункты?|пункт[ае]?|п\\.)\\s*"
              + NUMBER
              + "((?:\\s*(?:-|–|to|and|,|&|et|y|и|à|a)\\s*\\d{1,3}\\s*(?:bis|ter|quater|quinquies)?)*)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern NEXT =
      Pattern.compile(
          "(-|–|to|and|,|&|et|y|и|à|a)\\s*(\\d{1,3})\\s*(bis|ter|quater|quinquies)?",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  // "45ter" alone, as drafts number inserted paragraphs
  private static final Pattern SUFFIXED =
      Pattern.compile("\\b(\\d{1,3})(bis|ter|quater|quinquies)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern SECTION =
      Pattern.compile(
          "\\b(?:section|sección|секция|раздел)\\s+([A-H]|[IVX]{1,4})\\b(?!\\.\\w)",
          Pattern.UNICODE_CASE);
  private static final int MAX_RANGE = 30;

  private ParagraphRefs() {}

  /** The references in order of first appearance, without repeats. */
  public static List<String> find(final String text) {
    final Set<String> out = new LinkedHashSet<>();
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    final Matcher m = PARAGRAPHS.matcher(text);
    while (m.find()) {
      int previous = Integer.parseInt(m.group(1));
      out.add(previous + suffix(m.group(2)));
      final Matcher next = NEXT.matcher(m.group(3) == null ? "" : m.group(3));
      while (next.find()) {
        final int number = Integer.parseInt(next.group(2));
        final String sep = next.group(1).toLowerCase(Locale.ROOT);
        final boolean range =
            "-".equals(sep)
                || "–".equals(sep)
                || "to".equals(sep)
                || "à".equals(sep)
                || "a".equals(sep);
        if (range && next.group(3) == null && number > previous && number - previous <= MAX_RANGE) {
          for (int n = previous + 1; n <= number; n++) {
            out.add(String.valueOf(n));
          }
        } else {
          out.add(number + suffix(next.group(3)));
        }
        previous = number;
      }
    }
    final Matcher s = SUFFIXED.matcher(text);
    while (s.find()) {
      out.add(Integer.parseInt(s.group(1)) + suffix(s.group(2)));
    }
    final Matcher sec = SECTION.matcher(text);
    while (sec.find()) {
      out.add("section " + sec.group(1));
    }
    return new ArrayList<>(out);
  }

  private static String suffix(final String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
