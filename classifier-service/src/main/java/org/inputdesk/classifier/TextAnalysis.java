package org.inputdesk.classifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
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

  /**
   * A text cut into words once, before any language's filters: the analyzers of all languages but
   * Chinese start with the same standard tokenizer and then treat each word on its own (elision,
   * lower case, stop words, stemming), so one cut serves every language a text is read in.
   */
  public static final class Words {
    final String text;
    // each distinct word once, and for each word of the text the index of its distinct word: a
    // language's memo is read once per distinct word (the memo is large, a look-up in it costs
    // cache misses)
    final String[] distinct;
    // the first size entries of each array are the words'
    final int[] ids;
    final int[] starts;
    final int[] ends;
    final int size;

    private Words(
        final String text,
        final String[] distinct,
        final int[] ids,
        final int[] starts,
        final int[] ends,
        final int size) {
      this.text = text;
      this.distinct = distinct;
      this.ids = ids;
      this.starts = starts;
      this.ends = ends;
      this.size = size;
    }
  }

  // Cuts text into words only; each thread reuses its own tokenizer.
  private static final Analyzer WORDS =
      new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(final String fieldName) {
          return new TokenStreamComponents(new StandardTokenizer());
        }
      };

  // What each language's filters make of a word: its term, or NO_TERM for a stop word. Bounded:
  // a vocabulary grows with the inputs, the heap must not.
  private static final int MAX_MEMO = 50_000;
  private static final String NO_TERM = new String("<stop>");
  private static final String MANY_TERMS = new String("<many>");
  private static final Map<String, Map<String, String>> MEMOS = new ConcurrentHashMap<>();

  /** The words of a text, to read in one or more languages with {@link #tokens(String, Words)}. */
  public static Words words(final String text) {
    if (text == null || text.isEmpty()) {
      return new Words("", new String[0], new int[0], new int[0], new int[0], 0);
    }
    // most inputs are written in characters whose word boundaries are plain: cut by hand, else
    // by the tokenizer
    // read from an array: a String's charAt tests its coding at every character
    final char[] chars = text.toCharArray();
    final WordList plain = new WordList(text, chars);
    if (PlainWords.cut(chars, plain::add)) {
      return plain.words();
    }
    final WordList cut = new WordList(text, chars);
    try (TokenStream stream = WORDS.tokenStream("text", text)) {
      final OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        cut.add(offset.startOffset(), offset.endOffset());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cut.words();
  }

  /** Words as they are found: each distinct word once, and where each word stands. */
  private static final class WordList {
    private final String text;
    private final char[] chars;
    private final List<String> distinct = new ArrayList<>();
    // open addressing over the words' characters in the text: a word met before costs a probe, not
    // a substring and a map look-up; slots hold distinct index + 1, 0 for free
    private int[] slots = new int[256];
    private int[] hashes = new int[256];
    // where each distinct word first stands, and its length
    private int[] firstStarts = new int[128];
    private int[] firstLengths = new int[128];
    private int[] ids;
    private int[] starts;
    private int[] ends;
    private int n;

    WordList(final String text, final char[] chars) {
      this.text = text;
      this.chars = chars;
      this.ids = new int[Math.max(16, text.length() / 5)];
      this.starts = new int[ids.length];
      this.ends = new int[ids.length];
    }

    // the standard tokenizer's term is the text it covers
    void add(final int start, final int end) {
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, 2 * n);
        starts = Arrays.copyOf(starts, 2 * n);
        ends = Arrays.copyOf(ends, 2 * n);
      }
      ids[n] = id(start, end);
      starts[n] = start;
      ends[n] = end;
      n++;
    }

    private int id(final int start, final int end) {
      final char[] chars = this.chars;
      int h = 0;
      for (int i = start; i < end; i++) {
        h = 31 * h + chars[i];
      }
      final int length = end - start;
      int mask = slots.length - 1;
      int at = (h ^ (h >>> 16)) & mask;
      while (slots[at] != 0) {
        // a word met before: same hash and the same characters where it first stood
        final int seen = slots[at] - 1;
        if (hashes[at] == h
            && firstLengths[seen] == length
            && same(firstStarts[seen], start, length)) {
          return seen;
        }
        at = (at + 1) & mask;
      }
      final int id = distinct.size();
      distinct.add(text.substring(start, end));
      if (id == firstStarts.length) {
        firstStarts = Arrays.copyOf(firstStarts, 2 * id);
        firstLengths = Arrays.copyOf(firstLengths, 2 * id);
      }
      firstStarts[id] = start;
      firstLengths[id] = length;
      slots[at] = id + 1;
      hashes[at] = h;
      if (2 * distinct.size() > slots.length) {
        grow();
      }
      return id;
    }

    private boolean same(final int first, final int start, final int length) {
      final char[] chars = this.chars;
      for (int k = 0; k < length; k++) {
        if (chars[first + k] != chars[start + k]) {
          return false;
        }
      }
      return true;
    }

    private void grow() {
      final int[] oldSlots = slots;
      final int[] oldHashes = hashes;
      slots = new int[2 * oldSlots.length];
      hashes = new int[slots.length];
      final int mask = slots.length - 1;
      for (int k = 0; k < oldSlots.length; k++) {
        if (oldSlots[k] != 0) {
          final int h = oldHashes[k];
          int at = (h ^ (h >>> 16)) & mask;
          while (slots[at] != 0) {
            at = (at + 1) & mask;
          }
          slots[at] = oldSlots[k];
          hashes[at] = h;
        }
      }
    }

    Words words() {
      return new Words(text, distinct.toArray(new String[0]), ids, starts, ends, n);
    }
  }

  /**
   * The tokens of a text, cut once by {@link #words(String)}, as the given language's analyzer sees
   * them: the same as {@link #tokens(String, String)}, with each distinct word analysed once per
   * language instead of at every occurrence.
   */
  public static Tokens tokens(final String language, final Words words) {
    return tokens(normalise(language), words, null);
  }

  /**
   * As {@link #tokens(String, Words)}, with what the lexicon's owner makes of each kind's term
   * ({@link Tokens#kindInfo(int)}), and a word the lexicon has seen costs one look-up in it, not
   * one in the shared memo and then more in the owner's own tables.
   */
  public static <I> Tokens tokens(final Lexicon<I> lexicon, final Words words) {
    return tokens(lexicon.language, words, lexicon);
  }

  /**
   * One caller's memo for one language: for each word, its term and what the caller makes of the
   * term, found once. Bounded like the shared memo. Safe for concurrent use if {@code describe} is.
   */
  public static final class Lexicon<I> {
    // fewer than the shared memo keeps: each taxonomy has its own
    static final int MAX_WORDS = 20_000;
    private final String language;
    private final java.util.function.Function<String, I> describe;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    // whether describe may give anything for a term of digits alone: numbers are not kept (they
    // would fill the lexicon), so without this each number of each text is described again
    private final boolean numbersDescribed;

    /** {@code describe} is given each term, never null, and may return null. */
    public Lexicon(final String language, final java.util.function.Function<String, I> describe) {
      this(language, describe, true);
    }

    /**
     * As {@link #Lexicon(String, java.util.function.Function)}; {@code numbersDescribed} false
     * promises that {@code describe} returns null for every term made of the digits 0-9 alone.
     */
    public Lexicon(
        final String language,
        final java.util.function.Function<String, I> describe,
        final boolean numbersDescribed) {
      this.language = normalise(language);
      this.describe = describe;
      this.numbersDescribed = numbersDescribed;
    }
  }

  // a word's term (null for a stop word) and its owner's info
  private record Entry(String term, Object info) {}

  private static final Entry STOP = new Entry(null, null);

  private static <I> Tokens tokens(final String lang, final Words words, final Lexicon<I> lexicon) {
    if ("zh".equals(lang)) {
      // the Chinese analyzer cuts words its own way
      return Tokens.of(tokens(lang, words.text), lexicon);
    }
    final Analyzer analyzer = analyzer(lang);
    final Map<String, String> memo =
        MEMOS.computeIfAbsent(lang == null ? "" : lang, k -> new ConcurrentHashMap<>());
    if (memo.size() > MAX_MEMO) {
      memo.clear();
    }
    if (lexicon != null && lexicon.entries.size() > Lexicon.MAX_WORDS) {
      lexicon.entries.clear();
    }
    final String[] terms = new String[words.distinct.length];
    final Object[] infos = lexicon == null ? null : new Object[terms.length];
    final boolean digitsKept = keepsDigits(lang, analyzer);
    for (int d = 0; d < terms.length; d++) {
      final String word = words.distinct[d];
      final Entry known = lexicon == null ? null : lexicon.entries.get(word);
      if (known != null) {
        terms[d] = known.term();
        infos[d] = known.info();
        continue;
      }
      String term = memo.get(word);
      final boolean number = term == null && digitsKept && digits(word);
      if (number) {
        term = word;
      } else if (term == null) {
        term = analyseWord(analyzer, word);
        memo.put(word, term);
      }
      if (term == MANY_TERMS) {
        // a word the analyzer cuts again: read the whole text as before
        return Tokens.of(tokens(lang, words.text), lexicon);
      }
      terms[d] = term == NO_TERM ? null : term;
      if (lexicon != null) {
        infos[d] =
            terms[d] == null || (number && !lexicon.numbersDescribed)
                ? null
                : lexicon.describe.apply(terms[d]);
        if (!number) {
          // numbers would fill the lexicon as they fill the memo
          lexicon.entries.put(word, terms[d] == null ? STOP : new Entry(terms[d], infos[d]));
        }
      }
    }
    final int n = words.size;
    final String[] tokenTerms = new String[n];
    final int[] starts = new int[n];
    final int[] ends = new int[n];
    final int[] kinds = new int[n];
    int size = 0;
    for (int i = 0; i < n; i++) {
      final int id = words.ids[i];
      final String term = terms[id];
      if (term != null) {
        tokenTerms[size] = term;
        starts[size] = words.starts[i];
        ends[size] = words.ends[i];
        kinds[size] = id;
        size++;
      }
    }
    return new Tokens(tokenTerms, starts, ends, kinds, terms.length, infos, size);
  }

  /**
   * The tokens of a text in one language, in order: each one's term and offsets, and its kind (the
   * distinct word it was read from), so that what depends only on the term is looked up once per
   * kind.
   */
  public static final class Tokens {
    private final String[] terms;
    private final int[] starts;
    private final int[] ends;
    private final int[] kinds;
    // kinds are numbered 0 to kindCount - 1
    private final int kindCount;
    // what the lexicon's owner makes of each kind's term; null without a lexicon
    private final Object[] kindInfos;
    private final int size;

    private Tokens(
        final String[] terms,
        final int[] starts,
        final int[] ends,
        final int[] kinds,
        final int kindCount,
        final Object[] kindInfos,
        final int size) {
      this.terms = terms;
      this.starts = starts;
      this.ends = ends;
      this.kinds = kinds;
      this.kindCount = kindCount;
      this.kindInfos = kindInfos;
      this.size = size;
    }

    static <I> Tokens of(final List<Token> list, final Lexicon<I> lexicon) {
      final int n = list.size();
      final String[] terms = new String[n];
      final int[] starts = new int[n];
      final int[] ends = new int[n];
      final int[] kinds = new int[n];
      final Map<String, Integer> kindOf = new java.util.HashMap<>();
      final List<String> kindTerms = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        final Token t = list.get(i);
        terms[i] = t.term();
        starts[i] = t.start();
        ends[i] = t.end();
        final Integer known = kindOf.get(t.term());
        if (known == null) {
          kinds[i] = kindTerms.size();
          kindOf.put(t.term(), kinds[i]);
          kindTerms.add(t.term());
        } else {
          kinds[i] = known;
        }
      }
      final String[] distinct = kindTerms.toArray(new String[0]);
      Object[] infos = null;
      if (lexicon != null) {
        infos = new Object[distinct.length];
        for (int k = 0; k < distinct.length; k++) {
          infos[k] = lexicon.describe.apply(distinct[k]);
        }
      }
      return new Tokens(terms, starts, ends, kinds, distinct.length, infos, n);
    }

    public int size() {
      return size;
    }

    public String term(final int i) {
      return terms[i];
    }

    public int start(final int i) {
      return starts[i];
    }

    public int end(final int i) {
      return ends[i];
    }

    /** How many kinds there are; kinds are numbered from 0. */
    public int kinds() {
      return kindCount;
    }

    public int kind(final int i) {
      return kinds[i];
    }

    /** What the lexicon's owner made of a kind's term: null for none, or without a lexicon. */
    @SuppressWarnings("unchecked")
    public <I> I kindInfo(final int kind) {
      return kindInfos == null ? null : (I) kindInfos[kind];
    }

    /** The tokens as a list. */
    public List<Token> toList() {
      final List<Token> out = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        out.add(new Token(terms[i], starts[i], ends[i]));
      }
      return out;
    }
  }

  // Languages whose analyzer leaves a word of digits as it is: numbers (paragraphs, years,
  // reference numbers) are new words in most inputs, and analysing one costs far more than a memo
  // look-up; they are kept out of the memo too, which they would fill.
  private static final Map<String, Boolean> KEEPS_DIGITS = new ConcurrentHashMap<>();

  private static boolean keepsDigits(final String language, final Analyzer analyzer) {
    return KEEPS_DIGITS.computeIfAbsent(
        language == null ? "" : language,
        k -> {
          for (final String number : new String[] {"0", "7", "45", "1990", "2026", "0123456789"}) {
            if (!number.equals(analyseWord(analyzer, number))) {
              return false;
            }
          }
          return true;
        });
  }

  /** Whether the word is made of the digits 0-9 alone (as a number is kept whole). */
  static boolean digits(final String word) {
    for (int i = 0; i < word.length(); i++) {
      final char c = word.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  // The one term the analyzer makes of a word alone, NO_TERM for none, MANY_TERMS for more.
  private static String analyseWord(final Analyzer analyzer, final String word) {
    final List<Token> tokens = tokens(analyzer, word);
    if (tokens.isEmpty()) {
      return NO_TERM;
    }
    if (tokens.size() > 1 || tokens.get(0).start() != 0 || tokens.get(0).end() != word.length()) {
      return MANY_TERMS;
    }
    return tokens.get(0).term();
  }

  /** The tokens of a text as the given language's analyzer sees them. */
  public static List<Token> tokens(final String language, final String text) {
    return tokens(analyzer(normalise(language)), text);
  }

  private static Analyzer analyzer(final String language) {
    return language == null ? FALLBACK : ANALYZERS.getOrDefault(language, FALLBACK);
  }

  private static List<Token> tokens(final Analyzer analyzer, final String text) {
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
