package org.inputdesk.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a pattern in a long text as {@link Matcher#find()} does, faster: reads the pattern and the
 * short prefixes every match begins with, and writes the same matches, in the same order.
 *
 * <p>{@code find()} tries the whole pattern at every place of the text; with case-insensitive
 * Unicode matching and many alternatives that costs tens of nanoseconds a character. Here a plain
 * loop looks for the prefixes (a table by first letter, then the few prefixes with that letter),
 * and the pattern is tried ({@link Matcher#lookingAt()} over the rest of the text, bounds
 * transparent so that {@code \b} and look-behinds see what stands before) only where a prefix
 * stands.
 *
 * <p>Several scans read the same texts (the paragraph, section and do-not-publish patterns all read
 * the whole input). So the places where any scan's prefix may begin are found once per text, in one
 * loop with one table look-up per character ({@link Index}), and each scan then visits only its own
 * places.
 */
final class Scan {

  // prefixes are grouped by their first character, folded; past this, one list holds the rest
  private static final int TABLE = 0x500;

  // the scans made so far; the first 64 share the per-text index, each under one bit
  private static final Object REGISTRY = new Object();
  private static volatile int registered;
  // bit masks of the scans whose prefix may begin at a pair of ASCII characters, at an ASCII
  // character followed by a non-ASCII one, and at a character below TABLE
  private static final long[] PAIR_MASK = new long[128 * 128];
  private static final long[] START_MASK = new long[128];
  private static final long[] FIRST_MASK = new long[TABLE];
  private static volatile Scan[] indexed = new Scan[0];
  // PAIR_MASK in 16 bits while there are no more scans than that (the product has nine): a
  // quarter of the size, so the pairs a text meets stay in the nearest cache
  private static volatile short[] PAIR_MASK_16 = shorts(PAIR_MASK);

  private static short[] shorts(final long[] masks) {
    final short[] out = new short[masks.length];
    for (int k = 0; k < masks.length; k++) {
      out[k] = (short) masks[k];
    }
    return out;
  }

  private final Pattern pattern;
  private final boolean ignoreCase;
  private final char[][][] byFirst = new char[TABLE][][];
  private final char[][] others;
  // the characters below TABLE a prefix may begin with, to pass over all others with one test
  private final BitSet first = new BitSet(TABLE);
  // the same for two ASCII characters in a row, which most places of most texts are
  private final boolean[] pairs = new boolean[128 * 128];
  private final boolean[] starts = new boolean[128];

  /**
   * @param pattern the pattern; each of its matches must begin with one of the prefixes
   * @param prefixes literal text, compared as the pattern compares (in any case when it is
   *     case-insensitive); a space stands for a run of white space, a # for a digit 0-9
   */
  Scan(final Pattern pattern, final String... prefixes) {
    this.pattern = pattern;
    this.ignoreCase = (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0;
    final List<char[]> rest = new ArrayList<>();
    // a prefix beginning with a digit (#) is filed under each digit
    final List<String> all = new ArrayList<>();
    for (final String prefix : prefixes) {
      if (prefix.charAt(0) == '#') {
        for (char digit = '0'; digit <= '9'; digit++) {
          all.add(digit + prefix.substring(1));
        }
      } else {
        all.add(prefix);
      }
    }
    for (final String prefix : all) {
      final char[] folded = new char[prefix.length()];
      for (int k = 0; k < folded.length; k++) {
        folded[k] = fold(prefix.charAt(k));
      }
      final char head = folded[0];
      if (head < TABLE) {
        final char[][] list = byFirst[head];
        final char[][] grown = list == null ? new char[1][] : Arrays.copyOf(list, list.length + 1);
        grown[grown.length - 1] = folded;
        byFirst[head] = grown;
      } else {
        rest.add(folded);
      }
    }
    this.others = rest.toArray(new char[0][]);
    for (int c = 0; c < TABLE; c++) {
      final char f = fold((char) c);
      if (f < TABLE ? byFirst[f] != null : !rest.isEmpty()) {
        first.set(c);
      }
    }
    for (int c = 0; c < 128; c++) {
      final char f = fold((char) c);
      if (f >= TABLE || byFirst[f] == null) {
        continue;
      }
      for (final char[] prefix : byFirst[f]) {
        for (int d = 0; d < 128; d++) {
          if (prefix.length == 1 || prefixAt(String.valueOf((char) d), 0, prefix, 2)) {
            pairs[c << 7 | d] = true;
            starts[c] = true;
          }
        }
      }
    }
    synchronized (REGISTRY) {
      if (registered < 64) {
        bit = 1L << registered;
        for (int k = 0; k < pairs.length; k++) {
          if (pairs[k]) {
            PAIR_MASK[k] |= bit;
          }
        }
        for (int c = 0; c < 128; c++) {
          if (starts[c]) {
            START_MASK[c] |= bit;
          }
        }
        for (int c = 128; c < TABLE; c++) {
          if (first.get(c)) {
            FIRST_MASK[c] |= bit;
          }
        }
        final Scan[] grown = Arrays.copyOf(indexed, indexed.length + 1);
        grown[grown.length - 1] = this;
        indexed = grown;
        PAIR_MASK_16 = registered < 16 ? shorts(PAIR_MASK) : null;
      } else {
        bit = 0;
      }
      registered++;
    }
  }

  /** The scans that share the per-text index, in the order they were made (for tests). */
  static List<Scan> indexedScans() {
    return List.of(indexed);
  }

  // this scan's bit in the shared index, 0 for a scan beyond the first 64 (which reads alone)
  private final long bit;

  /**
   * The places of a text where some indexed scan's prefix may begin, with the bits of those scans:
   * what each scan's own loop would let through to the prefix test, found for all of them in one
   * pass. The last text indexed on a thread is kept, as the scans of one input follow each other.
   */
  static final class Index {
    // per thread: the last index and the buffers, under one thread-local (a look-up in a stream
    // thread's crowded thread-local table is not free)
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    final String text;
    final int scans;
    // the first size places of the thread's buffers, until they are written again
    final int[] at;
    final long[] bits;
    final int size;
    private final Buffers buffers;
    private final int generation;

    private Index(
        final String text,
        final int scans,
        final int size,
        final Buffers buffers,
        final int generation) {
      this.text = text;
      this.scans = scans;
      this.at = buffers.at;
      this.bits = buffers.bits;
      this.size = size;
      this.buffers = buffers;
      this.generation = generation;
    }

    /** Whether the places are still this text's: no other text was indexed into the buffers. */
    boolean current() {
      return buffers.generation == generation;
    }

    /** This text's places in buffers of their own, for a finder whose index was overwritten. */
    Index own() {
      return build(text, scans, new Buffers());
    }

    static Index of(final String text) {
      final Buffers buffers = BUFFERS.get();
      final Index last = buffers.last;
      final int scans = Math.min(registered, 64);
      if (last != null && last.text == text && last.scans == scans) {
        return last;
      }
      final Index made = build(text, scans, text.length() <= KEPT_CHARS ? buffers : new Buffers());
      // a long attachment's index is not kept past its own use
      buffers.last = text.length() <= KEPT_CHARS ? made : null;
      return made;
    }

    // texts up to this long reuse the thread's buffers; a longer one gets its own, dropped after
    private static final int KEPT_CHARS = 256 * 1024;

    // the text's characters with a 0 after the last, and room for every place
    private static final class Buffers {
      Index last;
      // how many texts were indexed into these buffers
      int generation;
      char[] chars = new char[0];
      int[] at = new int[0];
      long[] bits = new long[0];
    }

    private static Index build(final String text, final int scans, final Buffers buffers) {
      final int length = text.length();
      if (buffers.chars.length < length + 1) {
        buffers.chars =
            new char[Math.min(length + 1 + (length >> 1), Math.max(KEPT_CHARS, length) + 1)];
        buffers.at = new int[buffers.chars.length];
        buffers.bits = new long[buffers.chars.length];
      }
      final char[] chars = buffers.chars;
      text.getChars(0, length, chars, 0);
      chars[length] = 0;
      final int[] at = buffers.at;
      final long[] bits = buffers.bits;
      final short[] pairMask16 = PAIR_MASK_16;
      final int n =
          places(
              chars,
              length,
              pairMask16 != null && scans <= 16 ? pairMask16 : null,
              scans,
              at,
              bits);
      buffers.generation++;
      return new Index(text, scans, n, buffers, buffers.generation);
    }

    // The places where a scan's prefix may begin and their masks, the pairs read from the 16-bit
    // table when there is one (a test the JIT takes out of the loop), else from the 64-bit one.
    private static int places(
        final char[] chars,
        final int length,
        final short[] pairMask16,
        final int scans,
        final int[] at,
        final long[] bits) {
      final long[] pairMask = PAIR_MASK;
      final long[] startMask = START_MASK;
      int n = 0;
      for (int i = 0; i < length; i++) {
        final char c = chars[i];
        final char next = chars[i + 1];
        final long mask;
        if ((c | next) < 128) {
          // most places: one look-up, and the place is kept or dropped without a branch (a
          // prefix of two or more characters cannot begin at the last one, where next is the 0)
          final int pair = c << 7 | next;
          mask = pairMask16 != null ? pairMask16[pair] & 0xFFFFL : pairMask[pair];
        } else if (c < 128) {
          mask = startMask[c];
        } else if (c < TABLE) {
          mask = FIRST_MASK[c];
        } else {
          mask = beyondTable(c, scans);
        }
        at[n] = i;
        bits[n] = mask;
        n += mask != 0 ? 1 : 0;
      }
      return n;
    }

    private static long beyondTable(final char c, final int scans) {
      long mask = 0;
      final Scan[] all = indexed;
      for (int k = 0; k < scans && k < all.length; k++) {
        if (all[k].mayBegin(c)) {
          mask |= all[k].bit;
        }
      }
      return mask;
    }
  }

  // A character as compared: its lower case of its upper case when case does not count (the
  // regex compares upper and lower cases, so this may let a rare letter through, never miss one).
  private char fold(final char c) {
    if (!ignoreCase) {
      return c;
    }
    return c < TABLE ? FOLDED[c] : Character.toLowerCase(Character.toUpperCase(c));
  }

  private static final char[] FOLDED = new char[TABLE];

  static {
    for (int c = 0; c < TABLE; c++) {
      FOLDED[c] = Character.toLowerCase(Character.toUpperCase((char) c));
    }
  }

  // For the characters past the table: whether a prefix may begin with it.
  private boolean mayBegin(final char c) {
    final char f = fold(c);
    return f < TABLE ? byFirst[f] != null : others.length > 0;
  }

  private static boolean whiteSpace(final char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private boolean prefixAt(final String text, final int at) {
    final char head = fold(text.charAt(at));
    final char[][] candidates = head < TABLE ? byFirst[head] : others;
    if (candidates == null) {
      return false;
    }
    for (final char[] prefix : candidates) {
      if (prefix[0] == head && prefixAt(text, at + 1, prefix, prefix.length)) {
        return true;
      }
    }
    return false;
  }

  // The prefix from its second character up to (not including) the character to, at from: a space
  // takes a run of white space, a # one digit.
  private boolean prefixAt(final String text, final int from, final char[] prefix, final int to) {
    final int length = text.length();
    int i = from;
    for (int k = 1; k < to; k++) {
      if (i >= length) {
        return false;
      }
      final char p = prefix[k];
      if (p == ' ') {
        if (!whiteSpace(text.charAt(i))) {
          return false;
        }
        while (i < length && whiteSpace(text.charAt(i))) {
          i++;
        }
      } else if (p == '#') {
        final char c = text.charAt(i++);
        if (c < '0' || c > '9') {
          return false;
        }
      } else if (fold(text.charAt(i++)) != p) {
        return false;
      }
    }
    return true;
  }

  Pattern pattern() {
    return pattern;
  }

  /** The matches in a text, one at a time. */
  Finder in(final String text) {
    return new Finder(text);
  }

  /** Whether the pattern occurs in the text: {@code pattern.matcher(text).find()}. */
  boolean foundIn(final String text) {
    return in(text).next();
  }

  /** Where the pattern first occurs in the text, or -1. */
  int indexIn(final String text) {
    final Finder f = in(text);
    return f.next() ? f.match().start() : -1;
  }

  /** Steps through the matches in a text like repeated {@link Matcher#find()} calls. */
  final class Finder {
    private final String text;
    private final Matcher matcher;
    // the text's shared index, null for a scan that reads alone
    private Index index;
    private int cursor;
    // the characters read from an array when this scan reads alone: the loop reads each one
    private final char[] chars;
    private int from;

    private Finder(final String text) {
      this.text = text;
      this.matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      this.index = bit == 0 ? null : Index.of(text);
      this.chars = index == null ? text.toCharArray() : null;
    }

    /** Moves to the next match; false when there is none. */
    boolean next() {
      return index == null ? nextAlone() : nextIndexed();
    }

    private boolean nextIndexed() {
      if (!index.current()) {
        // another text was indexed on this thread since: this finder's places are gone
        index = index.own();
      }
      final int[] at = index.at;
      final long[] bits = index.bits;
      final int size = index.size;
      final int length = text.length();
      while (cursor < size && at[cursor] < from) {
        cursor++;
      }
      for (; cursor < size; cursor++) {
        if ((bits[cursor] & bit) == 0) {
          continue;
        }
        final int i = at[cursor];
        if (!prefixAt(text, i)) {
          continue;
        }
        matcher.region(i, length);
        if (matcher.lookingAt()) {
          from = matcher.end() > i ? matcher.end() : i + 1;
          cursor++;
          return true;
        }
      }
      from = length;
      return false;
    }

    private boolean nextAlone() {
      final char[] chars = this.chars;
      final boolean[] starts = Scan.this.starts;
      final boolean[] pairs = Scan.this.pairs;
      final int length = chars.length;
      for (int i = from; i < length; i++) {
        final char c = chars[i];
        if (c < 128) {
          // most characters fail here, with one test
          if (!starts[c]) {
            continue;
          }
          if (i + 1 < length && chars[i + 1] < 128 && !pairs[c << 7 | chars[i + 1]]) {
            continue;
          }
        } else if (c < TABLE ? !first.get(c) : !mayBegin(c)) {
          continue;
        }
        if (!prefixAt(text, i)) {
          continue;
        }
        matcher.region(i, length);
        if (matcher.lookingAt()) {
          // as find() goes on: after the match, or one further after an empty one
          from = matcher.end() > i ? matcher.end() : i + 1;
          return true;
        }
      }
      from = length;
      return false;
    }

    /** The current match (groups, start, end in the whole text). */
    Matcher match() {
      return matcher;
    }
  }
}
