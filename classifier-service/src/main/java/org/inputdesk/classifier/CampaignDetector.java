package org.inputdesk.classifier;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Near-duplicate detection for form-letter campaigns: reads a text and writes its MinHash signature
 * over word shingles and the LSH band keys under which similar texts meet, so only candidates that
 * share a band are compared. Hashes are fixed (FNV-1a and a 64-bit mixer), so signatures kept in a
 * state store stay comparable across restarts and JVMs.
 */
public final class CampaignDetector {

  public static final double DEFAULT_THRESHOLD = 0.8;
  private static final int SHINGLE_WORDS = 3;
  private static final int MIN_WORDS = 20;

  private final double threshold;
  private final int bands;
  private final int rows;
  private final long[] seeds;

  /** With the default threshold (estimated Jaccard similarity of word shingles). */
  public CampaignDetector() {
    this(DEFAULT_THRESHOLD);
  }

  /** Picks bands and rows so that pairs near the threshold are likely to share a band. */
  public CampaignDetector(final double threshold) {
    if (threshold <= 0 || threshold > 1) {
      throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
    }
    this.threshold = threshold;
    // b bands of r rows meet at about (1/b)^(1/r); keep that a little below the threshold
    int bestBands = 16;
    int bestRows = 8;
    double best = Double.MAX_VALUE;
    for (int r = 2; r <= 16; r++) {
      for (int b = 4; b * r <= 256; b++) {
        final double meet = Math.pow(1.0 / b, 1.0 / r);
        final double cost = Math.abs(meet - (threshold - 0.1)) + b * r / 10_000.0;
        if (cost < best) {
          best = cost;
          bestBands = b;
          bestRows = r;
        }
      }
    }
    this.bands = bestBands;
    this.rows = bestRows;
    this.seeds = new long[bands * rows];
    long s = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < seeds.length; i++) {
      s = mix(s + i);
      seeds[i] = s;
    }
  }

  public double threshold() {
    return threshold;
  }

  /** The MinHash signature, or null when the text is too short to tell a campaign. */
  public long[] signature(final String text) {
    final long[] shingles = shingleHashes(text);
    if (shingles.length == 0) {
      return null;
    }
    // For each seed, the least hash of a shingle in unsigned order, starting from Long.MAX_VALUE
    // (as first written). Unsigned order is signed order with the top bit flipped; the loop over
    // the shingles is then a plain minimum the JIT can run in vector registers. A repeated shingle
    // leaves the minima as they are: no need to drop repeats first.
    final long[] sig = new long[seeds.length];
    final long[] hashes = new long[shingles.length];
    for (int i = 0; i < seeds.length; i++) {
      final long seed = seeds[i];
      for (int k = 0; k < shingles.length; k++) {
        hashes[k] = mix(shingles[k] ^ seed) ^ Long.MIN_VALUE;
      }
      long least = Long.MAX_VALUE ^ Long.MIN_VALUE;
      for (int k = 0; k < hashes.length; k++) {
        least = Math.min(least, hashes[k]);
      }
      sig[i] = least ^ Long.MIN_VALUE;
    }
    return sig;
  }

  /** The keys of the LSH buckets the signature falls in, one per band. */
  public List<String> bandKeys(final long[] signature) {
    final List<String> keys = new ArrayList<>(bands);
    for (int b = 0; b < bands; b++) {
      long h = b;
      for (int r = 0; r < rows; r++) {
        h = mix(h ^ signature[b * rows + r]);
      }
      keys.add(b + ":" + Long.toHexString(h));
    }
    return keys;
  }

  /** Estimated Jaccard similarity of two signatures. */
  public static double similarity(final long[] a, final long[] b) {
    return similarity(a, b, 0);
  }

  // a against the a.length hashes of b from index from (b may hold many signatures side by side)
  private static double similarity(final long[] a, final long[] b, final int from) {
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[from + i]) {
        same++;
      }
    }
    return (double) same / a.length;
  }

  /** Whether two signatures are similar enough to be one campaign. */
  public boolean similar(final long[] a, final long[] b) {
    return a != null && b != null && a.length == b.length && similarity(a, b) >= threshold;
  }

  /**
   * {@link #similar(long[], long[])} against a signature of a's length stored in {@code rows} from
   * index {@code from}.
   */
  boolean similarAt(final long[] a, final long[] rows, final int from) {
    return similarity(a, rows, from) >= threshold;
  }

  static Set<Long> shingles(final String text) {
    final Set<Long> out = new LinkedHashSet<>();
    for (final long h : shingleHashes(text)) {
      out.add(h);
    }
    return out;
  }

  /**
   * The hash of each shingle in text order, repeats included: FNV-1a over "w1 w2 w3" in UTF-8,
   * where the words are the runs of letters and digits of the lower-cased text (what splitting on
   * {@link #NOT_WORD} gives, without the regex and the copies).
   */
  static long[] shingleHashes(final String text) {
    if (text == null) {
      return new long[0];
    }
    final char[] lower = text.toLowerCase(Locale.ROOT).toCharArray();
    final int length = lower.length;
    // Each word's bytes go into the three shingles that hold it at once (SHINGLE_WORDS is 3), as
    // they are read: FNV is a chain of multiplications, each waiting for the one before, and three
    // independent chains run side by side in the processor where one alone leaves it waiting. The
    // hashes are those of one shingle at a time; the first two words' unfinished chains are never
    // written, and no word's bytes are kept.
    long[] out = new long[Math.max(16, length / 5)];
    final byte[] utf8 = new byte[4];
    int n = 0; // words read
    long x = FNV_OFFSET; // the shingle begun two words back: this word completes it
    long y = FNV_OFFSET; // the one begun one word back
    int i = 0;
    while (i < length) {
      final int first = wordCharAt(lower, i);
      if (first <= 0) {
        i += first == 0 ? 1 : -first;
        continue;
      }
      x = fnv(x, (byte) ' ');
      y = fnv(y, (byte) ' ');
      long z = FNV_OFFSET; // the one this word begins
      int step = first;
      do {
        final char c = lower[i];
        if (step == 1 && c < 0x80) {
          x = fnv(x, (byte) c);
          y = fnv(y, (byte) c);
          z = fnv(z, (byte) c);
        } else {
          final int count = utf8(lower, i, step, utf8, 0);
          for (int k = 0; k < count; k++) {
            final byte b = utf8[k];
            x = fnv(x, b);
            y = fnv(y, b);
            z = fnv(z, b);
          }
        }
        i += step;
        step = i < length ? wordCharAt(lower, i) : 0;
      } while (step > 0);
      if (n >= SHINGLE_WORDS - 1) {
        final int at = n - SHINGLE_WORDS + 1;
        if (at == out.length) {
          out = java.util.Arrays.copyOf(out, 2 * out.length);
        }
        out[at] = x;
      }
      n++;
      x = y;
      y = z;
    }
    if (n < MIN_WORDS) {
      return new long[0];
    }
    final int shingles = n - SHINGLE_WORDS + 1;
    return shingles == out.length ? out : java.util.Arrays.copyOf(out, shingles);
  }

  private static final boolean[] ASCII_WORD = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII_WORD[c] = wordChar(c);
    }
  }

  // The length in chars of the letter or digit at i (1, or 2 for a surrogate pair), or, for any
  // other character, 0 (one char) or minus its length.
  private static int wordCharAt(final char[] text, final int i) {
    final char c = text[i];
    if (c < 128) {
      return ASCII_WORD[c] ? 1 : 0;
    }
    final int cp = Character.codePointAt(text, i);
    final int count = Character.charCount(cp);
    return wordChar(cp) ? count : -count;
  }

  // Writes the UTF-8 bytes of the code point at i (count chars) as String.getBytes(UTF_8) would:
  // letters and digits are never lone surrogates.
  private static int utf8(
      final char[] text, final int i, final int count, final byte[] out, final int at) {
    final int cp = count == 1 ? text[i] : Character.codePointAt(text, i);
    int k = at;
    if (cp < 0x80) {
      out[k++] = (byte) cp;
    } else if (cp < 0x800) {
      out[k++] = (byte) (0xC0 | cp >> 6);
      out[k++] = (byte) (0x80 | cp & 0x3F);
    } else if (cp < 0x10000) {
      out[k++] = (byte) (0xE0 | cp >> 12);
      out[k++] = (byte) (0x80 | cp >> 6 & 0x3F);
      out[k++] = (byte) (0x80 | cp & 0x3F);
    } else {
      out[k++] = (byte) (0xF0 | cp >> 18);
      out[k++] = (byte) (0x80 | cp >> 12 & 0x3F);
      out[k++] = (byte) (0x80 | cp >> 6 & 0x3F);
      out[k++] = (byte) (0x80 | cp & 0x3F);
    }
    return k;
  }

  // \p{L} or \p{N} (also what Enumerations counts as a word's character)
  static boolean wordChar(final int cp) {
    if (Character.isLetter(cp)) {
      return true;
    }
    final int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  // what separates words; read by hand in shingleHashes
  static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;

  private static long fnv(final long h, final byte b) {
    return (h ^ (b & 0xff)) * 0x100000001b3L;
  }

  // SplitMix64 finaliser
  private static long mix(final long z0) {
    long z = z0;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Signature as bytes, for a state store. */
  public static byte[] encode(final long[] signature) {
    final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(signature.length * 8);
    for (final long l : signature) {
      buf.putLong(l);
    }
    return buf.array();
  }

  /** Signature from bytes. */
  public static long[] decode(final byte[] bytes) {
    final java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
    final long[] out = new long[bytes.length / 8];
    for (int i = 0; i < out.length; i++) {
      out[i] = buf.getLong();
    }
    return out;
  }
}
