package org.inputdesk.classifier;

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
  private static final Scan PARAGRAPHS =
      new Scan(
          Pattern.compile(
              // a look-ahead on the first letter lets the scan skip most places with one test
              "(?=[pп][aáу.]|§)\\b(?:paragraphs?|paras?\\.?|pars?\\.|§§?|párrafos?|p[áa]rr\\.|пункты?|пункт[ае]?|п\\.)\\s*"
                  + NUMBER
                  + "((?:\\s*(?:-|–|to|and|,|&|et|y|и|à|a)\\s*\\d{1,3}\\s*(?:bis|ter|quater|quinquies)?)*)",
              Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
          "paragraph",
          "para#",
          "para #",
          "para.",
          "paras",
          "par.",
          "pars.",
          "§",
          "párr",
          "parr.",
          "пункт",
          "п.");
  private static final Pattern NEXT =
      Pattern.compile(
          "(-|–|to|and|,|&|et|y|и|à|a)\\s*(\\d{1,3})\\s*(bis|ter|quater|quinquies)?",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  // "45ter" alone, as drafts number inserted paragraphs
  private static final Scan SUFFIXED =
      new Scan(
          Pattern.compile(
              "(?=\\d)\\b(\\d{1,3})(bis|ter|quater|quinquies)\\b", Pattern.CASE_INSENSITIVE),
          // one to three digits, then bis, ter, quater or quinquies
          "#b",
          "#t",
          "#q",
          "##b",
          "##t",
          "##q",
          "###b",
          "###t",
          "###q");
  private static final Scan SECTION =
      new Scan(
          Pattern.compile(
              "(?=[sс][eе]|ра)\\b(?:section|sección|секция|раздел)\\s+([A-H]|[IVX]{1,4})\\b(?!\\.\\w)",
              Pattern.UNICODE_CASE),
          "section",
          "sección",
          "секция",
          "раздел");
  private static final int MAX_RANGE = 30;

  private ParagraphRefs() {}

  /** The references in order of first appearance, without repeats. */
  public static List<String> find(final String text) {
    final Set<String> out = new LinkedHashSet<>();
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    // each scan tries its pattern only where a reference can begin
    final Scan.Finder paragraphs = PARAGRAPHS.in(text);
    while (paragraphs.next()) {
      final Matcher m = paragraphs.match();
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
    final Scan.Finder suffixed = SUFFIXED.in(text);
    while (suffixed.next()) {
      final Matcher s = suffixed.match();
      out.add(Integer.parseInt(s.group(1)) + suffix(s.group(2)));
    }
    // the section pattern is case-sensitive: a text naming none of its words needs no scan
    if (text.contains("section")
        || text.contains("sección")
        || text.contains("секция")
        || text.contains("раздел")) {
      final Scan.Finder sections = SECTION.in(text);
      while (sections.next()) {
        final Matcher sec = sections.match();
        out.add("section " + sec.group(1));
      }
    }
    return new ArrayList<>(out);
  }

  private static String suffix(final String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
