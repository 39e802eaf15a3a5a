package org.inputdesk.classifier.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Lucene's analyzers for the languages inputs come in: reads a text and its language code, and
 * writes its terms (lower-cased, stop words dropped, stemmed) with their offsets. The six UN
 * languages, Portuguese and German have their own analyzer; any other text is split by Unicode word
 * rules without stemming, so a script no analyzer knows still yields terms.
 */
public final class Analyzers {

  /** Texts are analysed up to this many characters; the rest is not read (a 2 MB text is rare). */
  public static final int MAX_CHARS = 400_000;

  private static final Map<String, Analyzer> BY_LANGUAGE = new ConcurrentHashMap<>();

  private Analyzers() {}

  /** The languages with an analyzer of their own. */
  public static final List<String> LANGUAGES =
      List.of("en", "fr", "es", "ru", "ar", "zh", "pt", "de");

  /** The analyzer for a language code (zh-CN and zh-TW are zh); the plain one for others. */
  public static Analyzer forLanguage(final String language) {
    return BY_LANGUAGE.computeIfAbsent(normalise(language), Analyzers::create);
  }

  /** A language code as the analyzers know it: lower case, region dropped; "" when unknown. */
  public static String normalise(final String language) {
    if (language == null || language.isBlank()) {
      return "";
    }
    final String code = language.toLowerCase(Locale.ROOT);
    final int dash = code.indexOf('-');
    return dash > 0 ? code.substring(0, dash) : code;
  }

  /** The terms of {@code text} in {@code language}, in order, with offsets into the text. */
  public static List<Token> tokens(final String text, final String language) {
    final List<Token> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    final String read = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    try (TokenStream stream = forLanguage(language).tokenStream("text", read)) {
      final CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      final OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(new Token(term.toString(), offset.startOffset(), offset.endOffset()));
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse a text held in memory", e);
    }
    return out;
  }

  private static Analyzer create(final String language) {
    return switch (language) {
      case "en" -> new EnglishAnalyzer();
      case "fr" -> new FrenchAnalyzer();
      case "es" -> new SpanishAnalyzer();
      case "ru" -> new RussianAnalyzer();
      case "ar" -> new ArabicAnalyzer();
      case "zh" -> new SmartChineseAnalyzer();
      case "pt" -> new PortugueseAnalyzer();
      case "de" -> new GermanAnalyzer();
      default -> new StandardAnalyzer();
    };
  }
}
