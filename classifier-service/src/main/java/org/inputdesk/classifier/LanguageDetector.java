package org.inputdesk.classifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.tika.langdetect.optimaize.OptimaizeLangDetector;
import org.apache.tika.language.detect.LanguageResult;

/**
 * Detects the language of a text (ISO 639-1 code) with Tika's n-gram detector, loaded for the
 * languages of the UN and a few more so it stays small and fast.
 */
public final class LanguageDetector {

  private static final Set<String> LANGUAGES =
      Set.of("en", "fr", "es", "ru", "ar", "zh-CN", "zh-TW", "de", "pt", "it", "nl");

  // the detector keeps per-text state between addText and detect: one per thread
  private static final ThreadLocal<OptimaizeLangDetector> DETECTOR =
      ThreadLocal.withInitial(LanguageDetector::load);

  private static final int MIN_LETTERS = 12;
  private static final int MAX_CHARS = 4000;

  private LanguageDetector() {}

  private static OptimaizeLangDetector load() {
    try {
      final OptimaizeLangDetector detector = new OptimaizeLangDetector();
      detector.loadModels(LANGUAGES);
      return detector;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load language profiles", e);
    }
  }

  /** The language code, or null when the text is too short or unclear. */
  public static String detect(final String text) {
    if (text == null) {
      return null;
    }
    final String sample = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    if (sample.codePoints().filter(Character::isLetter).count() < MIN_LETTERS) {
      return null;
    }
    final OptimaizeLangDetector detector = DETECTOR.get();
    detector.reset();
    detector.addText(sample);
    final LanguageResult result = detector.detect();
    if (result == null || result.isUnknown()) {
      return null;
    }
    return TextAnalysis.normalise(result.getLanguage());
  }
}
