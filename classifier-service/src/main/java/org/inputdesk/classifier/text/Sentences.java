package org.inputdesk.classifier.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits a text into sentences with the JDK's {@link BreakIterator}: reads text, writes spans. */
public final class Sentences {

  /** A sentence: its characters are {@code text.substring(start, end)}. */
  public record Span(int start, int end) {
    public String of(final String text) {
      return text.substring(start, end).strip();
    }
  }

  private Sentences() {}

  /** The sentences of a text, in order; line breaks inside a sentence are left as they are. */
  public static List<Span> split(final String text, final String language) {
    final List<Span> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    final String code = Analyzers.normalise(language);
    final BreakIterator it =
        BreakIterator.getSentenceInstance(
            code.isEmpty() ? Locale.ROOT : Locale.forLanguageTag(code));
    it.setText(text);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      if (!text.substring(start, end).isBlank()) {
        out.add(new Span(start, end));
      }
    }
    return out;
  }
}
