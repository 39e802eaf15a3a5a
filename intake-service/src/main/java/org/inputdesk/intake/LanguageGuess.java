package org.inputdesk.intake;

import org.apache.tika.langdetect.optimaize.OptimaizeLangDetector;
import org.apache.tika.language.detect.LanguageResult;

/**
 * Guesses the ISO 639-1 language of a text with Tika's n-gram detector; null when the text is too
 * short or the guess uncertain. Reads the text given; writes nothing.
 */
public final class LanguageGuess {

  private static final int MIN_CHARS = 40;
  // n-gram detection costs in proportion to the text: 1,000 characters decide as well as 5,000
  private static final int SAMPLE_CHARS = 1_000;

  private final OptimaizeLangDetector detector;

  public LanguageGuess() {
    detector = new OptimaizeLangDetector();
    detector.loadModels();
  }

  /** The language code, or null. */
  public synchronized String guess(final String text) {
    if (text == null || text.strip().length() < MIN_CHARS) {
      return null;
    }
    try {
      final String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
      final LanguageResult result = detector.detect(sample);
      if (result == null || result.isUnknown() || !result.isReasonablyCertain()) {
        return null;
      }
      final String language = result.getLanguage();
      final int dash = language.indexOf('-');
      return dash > 0 ? language.substring(0, dash) : language;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
