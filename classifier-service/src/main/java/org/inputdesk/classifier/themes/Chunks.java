package org.inputdesk.classifier.themes;

import java.util.ArrayList;
import java.util.List;
import org.inputdesk.classifier.text.Sentences;

/**
 * Cuts a long text into stretches of whole sentences about the size of the paragraphs the model
 * learnt from, so that a theme spoken of in one part of a long document is judged on that part, as
 * a reader would, not drowned in the rest.
 */
final class Chunks {

  /** Texts up to this long are read as one stretch. */
  static final int WHOLE = 2500;

  /** Longer ones in stretches of about this many characters. */
  static final int SIZE = 1500;

  private Chunks() {}

  /** {@code [start, end)} pairs covering the text's sentences. */
  static List<int[]> of(final String text, final List<Sentences.Span> sentences) {
    final List<int[]> out = new ArrayList<>();
    if (text.length() <= WHOLE || sentences.isEmpty()) {
      out.add(new int[] {0, text.length()});
      return out;
    }
    int start = sentences.get(0).start();
    int end = start;
    for (final Sentences.Span s : sentences) {
      if (end > start && s.end() - start > SIZE) {
        out.add(new int[] {start, end});
        start = s.start();
      }
      end = s.end();
    }
    out.add(new int[] {start, end});
    return out;
  }
}
