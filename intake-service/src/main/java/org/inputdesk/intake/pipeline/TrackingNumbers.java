package org.inputdesk.intake.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.inputdesk.intake.mime.MimeReader;

/**
 * Hands out the tracking numbers of one source (a mailbox or an import) so that no two sources ever
 * hand out the same number. Each source counts in its own checkpoint, per consultation; the first
 * source to number a consultation's inputs gives plain numbers ({@code OEWG8-2024-000123}), and any
 * other source feeding the same consultation puts its code in the number ({@code
 * OEWG8-2024-GVA-000001}): its {@code intake.tracking.code}, else a code made from its name, else a
 * short hash of its name. Reads the other sources' sequence keys through the supplier given; writes
 * nothing (the caller stores the sequences in its checkpoint).
 *
 * <p>A sequence key in a checkpoint is the consultation id ("" for unmatched mail), followed by
 * {@code #CODE} when the numbers carry a code.
 */
public final class TrackingNumbers {

  private final String preferredCode;
  private final List<String> fallbackCodes;
  private final Supplier<Map<String, String>> othersKeys;
  // consultation key -> the sequence key this source uses for it, chosen once per run
  private final Map<String, String> chosen = new HashMap<>();

  /**
   * @param source the source's checkpoint key, for the codes made from it
   * @param configuredCode the operator's code for this source; empty for plain numbers while no
   *     other source numbers the same consultation
   * @param othersKeys the sequence keys in the other sources' checkpoints, to the source using each
   */
  public TrackingNumbers(
      final String source,
      final String configuredCode,
      final Supplier<Map<String, String>> othersKeys) {
    this.preferredCode = configuredCode == null ? "" : configuredCode.strip();
    this.fallbackCodes = List.of(derivedCode(source), hashCode(source));
    this.othersKeys = othersKeys;
  }

  /**
   * The next number for {@code consultationKey} ("" for unmatched mail) with the consultation's
   * {@code prefix}; counts it in {@code sequences} (this source's, kept in its checkpoint).
   */
  public String next(
      final String consultationKey, final String prefix, final Map<String, Long> sequences) {
    final String key = chosen.computeIfAbsent(consultationKey, this::choose);
    final long sequence = sequences.getOrDefault(key, 0L) + 1;
    sequences.put(key, sequence);
    return format(prefix, codeOf(key), sequence);
  }

  /** The first of this source's codes no other source numbers this consultation with. */
  private String choose(final String consultationKey) {
    final Map<String, String> others = othersKeys.get();
    final String preferred = key(consultationKey, preferredCode);
    if (!others.containsKey(preferred)) {
      return preferred;
    }
    for (final String code : fallbackCodes) {
      final String candidate = key(consultationKey, code);
      if (!code.isEmpty() && !others.containsKey(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "every tracking code of this source is taken by another source for consultation '"
            + consultationKey
            + "'; set intake.tracking.code to a code of its own");
  }

  /** The sequence key of a consultation and code. */
  public static String key(final String consultationKey, final String code) {
    return code.isEmpty() ? consultationKey : consultationKey + "#" + code;
  }

  /** The code in a sequence key, "" for plain numbers. */
  public static String codeOf(final String sequenceKey) {
    final int hash = sequenceKey.lastIndexOf('#');
    return hash < 0 ? "" : sequenceKey.substring(hash + 1);
  }

  /** {@code PREFIX-000001}, or {@code PREFIX-CODE-000001} with a code. */
  public static String format(final String prefix, final String code, final long sequence) {
    final String number = String.format(Locale.ROOT, "%06d", sequence);
    return code.isEmpty() ? prefix + "-" + number : prefix + "-" + code + "-" + number;
  }

  /**
   * A code an operator recognises: the letters and digits of the source's name before any {@code @}
   * (the mailbox's local part, or the import's name), upper case, at most 8.
   */
  static String derivedCode(final String source) {
    String name = source;
    final int colon = name.indexOf(':');
    if (name.startsWith("import:") && colon >= 0) {
      name = name.substring(colon + 1);
    }
    final int at = name.indexOf('@');
    if (at > 0) {
      name = name.substring(0, at);
    }
    final String code = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    return code.length() > 8 ? code.substring(0, 8) : code;
  }

  /** Four letters and digits from the sha256 of the source's name, when the names agree. */
  static String hashCode(final String source) {
    final String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    final String hex = MimeReader.sha256(source.getBytes(StandardCharsets.UTF_8));
    final StringBuilder out = new StringBuilder("X");
    for (int i = 0; i < 4; i++) {
      out.append(alphabet.charAt(Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16) % 32));
    }
    return out.toString();
  }
}
