package org.inputdesk.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.inputdesk.classifier.DefaultTaxonomy;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Theme;

/**
 * Checks an operator's action against what exists before anything is written: a theme added or
 * removed must be a theme of the input's consultation (its taxonomy, or the default one the
 * classifier uses when it brings none), a sender type one the classifier knows, and every action
 * needs a reason. Each problem is one line naming the field, the value and what is allowed, with a
 * near miss suggested. Plain data, no Kafka.
 */
public final class CorrectionRules {

  /** The sender types of the taxonomy (taxonomy-oewg.md), as the classifier writes them. */
  public static final List<String> SENDER_TYPES = Codebook.SENDER_TYPES;

  private CorrectionRules() {}

  /** The themes an input of {@code consultation} (null: matched none) can carry. */
  public static List<Theme> themes(final Consultation consultation) {
    return consultation == null || consultation.getTaxonomy().isEmpty()
        ? DefaultTaxonomy.oewg()
        : consultation.getTaxonomy();
  }

  /** What is wrong with {@code action} on an input of {@code consultation}; empty when nothing. */
  public static List<String> problems(
      final Consultation consultation, final Corrections.Action action) {
    final List<String> out = new ArrayList<>();
    if (action.reason() == null || action.reason().isBlank()) {
      out.add("reason: give one; it is kept with the correction");
    }
    final List<String> themeIds = themes(consultation).stream().map(Theme::getId).toList();
    final String of =
        consultation == null ? "the default taxonomy" : "consultation " + consultation.getId();
    for (final String t : action.addThemes()) {
      check(out, "theme to add", t, themeIds, of);
    }
    for (final String t : action.removeThemes()) {
      check(out, "theme to remove", t, themeIds, of);
    }
    if (action.senderType() != null) {
      check(out, "sender type", action.senderType(), SENDER_TYPES, "the taxonomy");
    }
    return out;
  }

  private static void check(
      final List<String> out,
      final String field,
      final String value,
      final List<String> allowed,
      final String of) {
    if (allowed.contains(value)) {
      return;
    }
    final String near = nearest(value, allowed);
    out.add(
        field
            + ": \""
            + value
            + "\" is not one of "
            + of
            + (near == null ? "" : "; did you mean \"" + near + "\"?")
            + "; allowed: "
            + String.join(", ", allowed));
  }

  /** The allowed value closest to {@code value}, when it is close enough to be a slip. */
  static String nearest(final String value, final Collection<String> allowed) {
    final String v = value == null ? "" : value.toLowerCase(Locale.ROOT).strip();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (final String a : allowed) {
      final int d = distance(v, a.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = a;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, v.length() / 3) ? best : null;
  }

  private static int distance(final String a, final String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      final int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
