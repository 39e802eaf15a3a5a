package org.inputdesk.classifier.themes.experiments;

import java.util.ArrayList;
import java.util.List;
import org.inputdesk.classifier.text.Sentences;

/**
 * Cuts a stretch of text into pieces of whole sentences of at most {@code max} characters (a longer
 * sentence at spaces), for a model that reads only the first words of what it is given:
 * langchain4j's all-MiniLM-L6-v2 truncates every text to 128 word pieces, about 500 characters of
 * English, so a paragraph's embedding is the mean of its pieces' embeddings.
 */
final class Pieces {

  private Pieces() {}

  /** The pieces of {@code [start, end)} of {@code text}, as {@code [start, end)} pairs. */
  static List<int[]> of(
      final String text,
      final List<Sentences.Span> sentences,
      final int start,
      final int end,
      final int max) {
    final List<int[]> spans = new ArrayList<>();
    for (final Sentences.Span s : sentences) {
      if (s.start() >= start && s.start() < end) {
        spans.add(new int[] {s.start(), Math.min(s.end(), end)});
      }
    }
    if (spans.isEmpty()) {
      spans.add(new int[] {start, end});
    }
    final List<int[]> out = new ArrayList<>();
    int from = -1;
    int to = -1;
    for (final int[] s : spans) {
      if (from >= 0 && s[1] - from > max) {
        out.add(new int[] {from, to});
        from = -1;
      }
      if (s[1] - s[0] > max) {
        cut(text, s[0], s[1], max, out);
        continue;
      }
      if (from < 0) {
        from = s[0];
      }
      to = s[1];
    }
    if (from >= 0) {
      out.add(new int[] {from, to});
    }
    // the model refuses blank text; a stretch of only spaces carries nothing anyway
    out.removeIf(p -> text.substring(p[0], p[1]).isBlank());
    if (out.isEmpty()) {
      out.add(new int[] {start, end});
    }
    return out;
  }

  // a sentence longer than max: at the last space before each max characters
  private static void cut(
      final String text, final int start, final int end, final int max, final List<int[]> out) {
    int from = start;
    while (end - from > max) {
      int at = text.lastIndexOf(' ', from + max);
      if (at <= from) {
        at = from + max;
      }
      out.add(new int[] {from, at});
      from = at;
    }
    if (end > from) {
      out.add(new int[] {from, end});
    }
  }
}
