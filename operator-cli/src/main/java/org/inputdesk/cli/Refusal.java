package org.inputdesk.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * An operator's value refused before anything is written. The message is one line naming the field,
 * the value and what is allowed, with the nearest allowed value when the value looks like a slip of
 * the keyboard; the command exits 1.
 */
public final class Refusal extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Lists longer than this are cut in a message; the did-you-mean still searches all of them. */
  private static final int LISTED = 12;

  public Refusal(final String message) {
    super(message);
  }

  /**
   * {@code FIELD: 'VALUE' is not WHAT; allowed: A, B, C; did you mean 'B'?}
   *
   * @param field the option or YAML field, e.g. {@code --sender-type} or {@code senderType}
   * @param what what the value should be, e.g. {@code "a sender type"}
   */
  public static Refusal notOneOf(
      final String field, final String value, final String what, final Collection<String> allowed) {
    return new Refusal(
        field
            + ": '"
            + value
            + "' is not "
            + what
            + "; allowed: "
            + listed(allowed)
            + nearest(value, allowed).map(n -> "; did you mean '" + n + "'?").orElse(""));
  }

  /** The allowed values, comma separated, cut after a dozen. */
  public static String listed(final Collection<String> allowed) {
    if (allowed.isEmpty()) {
      return "none";
    }
    final List<String> all = List.copyOf(allowed);
    return all.size() <= LISTED
        ? String.join(", ", all)
        : String.join(", ", all.subList(0, LISTED)) + " (and " + (all.size() - LISTED) + " more)";
  }

  /**
   * The candidate nearest to {@code value}: within a Levenshtein distance of a third of its length
   * (at least 1, at most 3), ignoring case; else the only candidate that starts with it or has it
   * as a dash-separated word ("capacity" for capacity-building).
   */
  public static Optional<String> nearest(final String value, final Collection<String> candidates) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    final String v = value.strip().toLowerCase(Locale.ROOT);
    final LevenshteinDistance distance =
        new LevenshteinDistance(Math.max(1, Math.min(3, v.length() / 3)));
    final Optional<String> close =
        candidates.stream()
            .filter(c -> distance.apply(v, c.toLowerCase(Locale.ROOT)) >= 0)
            .min(Comparator.comparingInt(c -> distance.apply(v, c.toLowerCase(Locale.ROOT))));
    if (close.isPresent() || v.length() < 3) {
      return close;
    }
    final List<String> containing =
        candidates.stream()
            .filter(
                c -> {
                  final String lc = c.toLowerCase(Locale.ROOT);
                  return lc.startsWith(v) || List.of(lc.split("-")).contains(v);
                })
            .toList();
    return containing.size() == 1 ? Optional.of(containing.get(0)) : Optional.empty();
  }
}
