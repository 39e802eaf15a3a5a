package org.inputdesk.classifier.links;

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
    // for each seed, the least hash of a shingle (unsigned), starting from Long.MAX_VALUE
    final long[] sig = new long[seeds.length];
    for (int i = 0; i < seeds.length; i++) {
      long least = Long.MAX_VALUE;
      for (final long shingle : shingles) {
        final long h = mix(shingle ^ seeds[i]);
        if (Long.compareUnsigned(h, least) < 0) {
          least = h;
        }
      }
      sig[i] = least;
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
   * where the words are the runs of letters and digits of the lower-cased text. Fewer than {@link
   * #MIN_WORDS} words: none (too short to tell a campaign).
   */
  static long[] shingleHashes(final String text) {
    if (text == null) {
      return new long[0];
    }
    final String[] words =
        java.util.Arrays.stream(NOT_WORD.split(text.toLowerCase(Locale.ROOT)))
            .filter(w -> !w.isEmpty())
            .toArray(String[]::new);
    if (words.length < MIN_WORDS) {
      return new long[0];
    }
    final long[] out = new long[words.length - SHINGLE_WORDS + 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = fnv(String.join(" ", java.util.Arrays.copyOfRange(words, i, i + SHINGLE_WORDS)));
    }
    return out;
  }

  // \p{L} or \p{N}
  static boolean wordChar(final int cp) {
    if (Character.isLetter(cp)) {
      return true;
    }
    final int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  // what separates words
  static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;

  private static long fnv(final String shingle) {
    long h = FNV_OFFSET;
    for (final byte b : shingle.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
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
