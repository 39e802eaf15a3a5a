package org.inputdesk.classifier;

import java.nio.charset.StandardCharsets;
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
    final long[] sig = new long[seeds.length];
    java.util.Arrays.fill(sig, Long.MAX_VALUE);
    // a repeated shingle leaves the minima as they are: no need to drop repeats first
    for (final long shingle : shingles) {
      for (int i = 0; i < seeds.length; i++) {
        final long h = mix(shingle ^ seeds[i]);
        if (Long.compareUnsigned(h, sig[i]) < 0) {
          sig[i] = h;
        }
      }
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
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return (double) same / a.length;
  }

  /** Whether two signatures are similar enough to be one campaign. */
  public boolean similar(final long[] a, final long[] b) {
    return a != null && b != null && a.length == b.length && similarity(a, b) >= threshold;
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
    final String lower = text.toLowerCase(Locale.ROOT);
    int[] starts = new int[64];
    int[] ends = new int[64];
    int n = 0;
    int i = 0;
    while (i < lower.length()) {
      final int cp = lower.codePointAt(i);
      if (!wordChar(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      final int start = i;
      while (i < lower.length() && wordChar(lower.codePointAt(i))) {
        i += Character.charCount(lower.codePointAt(i));
      }
      if (n == starts.length) {
        starts = java.util.Arrays.copyOf(starts, 2 * n);
        ends = java.util.Arrays.copyOf(ends, 2 * n);
      }
      starts[n] = start;
      ends[n] = i;
      n++;
    }
    if (n < MIN_WORDS) {
      return new long[0];
    }
    // each word's UTF-8 bytes once, and none for ASCII words, whose bytes are their characters
    final byte[][] bytes = new byte[n][];
    for (int w = 0; w < n; w++) {
      for (int k = starts[w]; k < ends[w]; k++) {
        if (lower.charAt(k) >= 0x80) {
          bytes[w] = lower.substring(starts[w], ends[w]).getBytes(StandardCharsets.UTF_8);
          break;
        }
      }
    }
    final long[] out = new long[n - SHINGLE_WORDS + 1];
    for (int s = 0; s < out.length; s++) {
      long h = FNV_OFFSET;
      for (int w = s; w < s + SHINGLE_WORDS; w++) {
        if (w > s) {
          h = fnv(h, (byte) ' ');
        }
        if (bytes[w] != null) {
          for (final byte b : bytes[w]) {
            h = fnv(h, b);
          }
        } else {
          for (int k = starts[w]; k < ends[w]; k++) {
            h = fnv(h, (byte) lower.charAt(k));
          }
        }
      }
      out[s] = h;
    }
    return out;
  }

  // \p{L} or \p{N}
  private static boolean wordChar(final int cp) {
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
