package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScanTest {

  private static final String TEXT =
      "Permanent  Mission of X.\nOn paragraph 45ter and para.12 we note §§ 3-4; PARA 7 and"
          + " para\t 9, 12BIS, 2024ter, x45bis, section B, Section C, sección D. Please do\n"
          + "NOT publish; do not post. Ne pas publier. Не публиковать. security sector. Permanent"
          + " Mission of Peru";

  // Every match as Matcher.find() gives it: where, and each group.
  private static List<String> find(final Pattern pattern, final String text) {
    final List<String> out = new ArrayList<>();
    final Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(describe(m));
    }
    return out;
  }

  private static List<String> scan(final Scan scan, final String text) {
    final List<String> out = new ArrayList<>();
    final Scan.Finder f = scan.in(text);
    while (f.next()) {
      out.add(describe(f.match()));
    }
    return out;
  }

  private static String describe(final Matcher m) {
    final StringBuilder s = new StringBuilder(m.start() + "-" + m.end());
    for (int g = 1; g <= m.groupCount(); g++) {
      s.append('|').append(m.group(g));
    }
    return s.toString();
  }

  @Test
  void shouldFindWhatMatcherFindFinds() {
    final int ci = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    final List<Scan> scans =
        List.of(
            new Scan(
                Pattern.compile(
                    "\\b(?:paragraphs?|paras?\\.?|§§?)\\s*(\\d{1,3})\\s*(bis|ter)?", ci),
                "paragraph",
                "para#",
                "para #",
                "para.",
                "paras",
                "§"),
            new Scan(
                Pattern.compile("\\b(\\d{1,3})(bis|ter)\\b", Pattern.CASE_INSENSITIVE),
                "#b",
                "#t",
                "##b",
                "##t",
                "###b",
                "###t"),
            new Scan(
                Pattern.compile("\\b(?:section|sección)\\s+([A-H])\\b", Pattern.UNICODE_CASE),
                "section",
                "sección"),
            new Scan(
                Pattern.compile(
                    "(?:please\\s+)?do\\s+not\\s+(?:publish|post)|ne\\s+pas\\s+publier"
                        + "|не\\s+публиковать",
                    ci),
                "please do",
                "do not",
                "ne pas",
                "не публиковать"),
            new Scan(Pattern.compile("permanent mission of (\\w+)", ci), "permanent mission"));
    for (final Scan scan : scans) {
      assertThat(scan(scan, TEXT)).isEqualTo(find(scan.pattern(), TEXT)).isNotEmpty();
      assertThat(scan.foundIn("nothing to see")).isFalse();
    }
  }

  @Test
  void shouldFindWithTheSharedIndexWhatMatcherFindFindsInRealTexts() throws Exception {
    // the classes whose scans read every input
    List.of(ParagraphRefs.class, PublicationDecider.class)
        .forEach(c -> assertThat(c.getName()).isNotEmpty());
    ParagraphRefs.find("paragraph 1");
    final List<Scan> scans = Scan.indexedScans();
    assertThat(scans).hasSizeGreaterThan(5);
    final List<String> texts = new ArrayList<>(List.of(TEXT, "", "p", "Para 4 §", "пункт 5"));
    final StringBuilder all = new StringBuilder();
    for (final String text : DevTexts.texts()) {
      texts.add(text);
      all.append(text).append("\n\n");
    }
    texts.add(all.toString());
    for (final String text : texts) {
      for (final Scan scan : scans) {
        assertThat(scan(scan, text))
            .as(scan.pattern().pattern())
            .isEqualTo(find(scan.pattern(), text));
      }
      // finders of several scans on one text, stepped in turn, share its index
      final List<Scan.Finder> finders = scans.stream().map(s -> s.in(text)).toList();
      final List<List<String>> stepped = new ArrayList<>();
      finders.forEach(f -> stepped.add(new ArrayList<>()));
      boolean any = true;
      while (any) {
        any = false;
        for (int k = 0; k < finders.size(); k++) {
          if (finders.get(k).next()) {
            stepped.get(k).add(describe(finders.get(k).match()));
            any = true;
          }
        }
      }
      for (int k = 0; k < scans.size(); k++) {
        assertThat(stepped.get(k)).isEqualTo(find(scans.get(k).pattern(), text));
      }
    }
  }

  @Test
  void shouldFindInTextsLongerThanTheBuffersAThreadKeeps() {
    ParagraphRefs.find("paragraph 1");
    final String text = "Long annex. ".repeat(30_000) + "See paragraph 12 and para. 45bis.";
    for (final Scan scan : Scan.indexedScans()) {
      assertThat(scan(scan, text)).isEqualTo(find(scan.pattern(), text));
    }
    assertThat(ParagraphRefs.find(text)).contains("12", "45bis");
    // and a short text after it still reads its own places
    assertThat(ParagraphRefs.find("paragraph 7")).containsExactly("7");
  }

  @Test
  void shouldReadWhatStandsBeforeAMatchForWordBoundaries() {
    final Scan suffixed =
        new Scan(Pattern.compile("\\b(\\d{1,3})(bis)\\b", Pattern.CASE_INSENSITIVE), "#b", "##b");
    // "x45bis" has no word boundary before the digits; "(45bis" has
    assertThat(suffixed.indexIn("x45bis")).isEqualTo(-1);
    assertThat(suffixed.indexIn("(45bis")).isEqualTo(1);
  }

  @Test
  void shouldKeepFindingInATextAfterAnotherTextWasIndexedOnTheSameThread() {
    // each thread indexes into its own buffers, reused: a finder whose text's places were
    // overwritten in the middle of its matches must still give all of them
    final Scan scan =
        new Scan(
            Pattern.compile("\\bpara\\s*(\\d{1,3})", Pattern.CASE_INSENSITIVE), "para", "PARA");
    // the other text shorter, so that it is written over the first one's places, not beside
    final String first = "para 1, para 2 and para 3; " + "x".repeat(500) + " para 4";
    final String other = "PARA 88 and para 99";
    final List<String> found = new ArrayList<>();
    final Scan.Finder f = scan.in(first);
    while (f.next()) {
      found.add(describe(f.match()));
      // another text indexed between two matches, as a scan inside another scan's loop does
      assertThat(scan(scan, other)).hasSize(2);
    }
    assertThat(found).isEqualTo(find(scan.pattern(), first)).hasSize(4);
  }
}
