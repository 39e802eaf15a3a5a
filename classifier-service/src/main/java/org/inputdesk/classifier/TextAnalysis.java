package org.inputdesk.classifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Turns text into stemmed tokens with their character offsets, with the Lucene analyzer of a
 * language (stemming for English, French, Spanish, Russian; Arabic normalisation; Chinese word
 * segmentation), so a phrase and its inflected forms match.
 */
public final class TextAnalysis {

  /** One token: the analysed term and where it stands in the original text. */
  public record Token(String term, int start, int end) {}

  private static final Map<String, Analyzer> ANALYZERS =
      Map.of(
          "en", new EnglishAnalyzer(),
          "fr", new FrenchAnalyzer(),
          "es", new SpanishAnalyzer(),
          "ru", new RussianAnalyzer(),
          "ar", new ArabicAnalyzer(),
          "zh", new SmartChineseAnalyzer());

  // Languages without a stemmer still get tokenised and lower-cased.
  private static final Analyzer FALLBACK = new StandardAnalyzer();

  private TextAnalysis() {}

  /** Whether this language has its own analyzer. */
  public static boolean supports(final String language) {
    return language != null && ANALYZERS.containsKey(normalise(language));
  }

  /** The base language code ({@code zh-CN} becomes {@code zh}). */
  public static String normalise(final String language) {
    if (language == null) {
      return null;
    }
    final String lower = language.toLowerCase(Locale.ROOT);
    final int dash = lower.indexOf('-');
    return dash > 0 ? lower.substring(0, dash) : lower;
  }

  /** The tokens of a text as the given language's analyzer sees them. */
  public static List<Token> tokens(final String language, final String text) {
    final Analyzer analyzer = ANALYZERS.getOrDefault(normalise(language), FALLBACK);
    final List<Token> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      final CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      final OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(new Token(term.toString(), offset.startOffset(), offset.endOffset()));
      }
      stream.end();
    } catch (IOException e) {
      // analysing a String cannot do I/O; keep the checked exception out of callers
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Only the terms, for compiling phrases. */
  public static List<String> terms(final String language, final String text) {
    return tokens(language, text).stream().map(Token::term).toList();
  }
}
