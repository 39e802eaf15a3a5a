package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.inputdesk.classifier.sender.Claim.Source;
import org.inputdesk.classifier.sender.KnowledgeBase.Organisation;
import org.inputdesk.classifier.sender.KnowledgeBase.State;

/**
 * Weighs the claims a message makes ({@link ClaimReader}): reads the claims and what the domain
 * says, and writes the {@link Pick} of the strongest claim, or the domain's organisation named as
 * the text writes it; the name chosen is the one written best (a whole line, not in capitals).
 */
final class ClaimWeigher {

  static final Pattern SECRETARIAT =
      Pattern.compile(
          "(?i)^(?:the\\s+)?(?:general\\s+)?secretariat\\s+of\\s+(?:the\\s+)?|\\s+(?:general\\s+)?secretariat$");

  /** A name the text gives the domain's own organisation, its type unknown. */
  static Claim ownName(final List<Claim> claims) {
    Claim best = null;
    for (final Claim c : claims) {
      if (SenderTypes.UNKNOWN.equals(c.type())
          && c.level() >= 2
          && c.organisation() != null
          && (best == null || c.score() > best.score())) {
        best = c;
      }
    }
    return best;
  }

  /** The domain's organisation, named as the text writes it. */
  static Pick confirmed(final Pick domain, final List<Claim> same) {
    final List<Claim> exact = new ArrayList<>();
    for (final Claim c : same) {
      if (domain.org() != null && c.org() == domain.org() && !umbrella(domain.org())
          || domain.state() != null && c.state() == domain.state()) {
        exact.add(c);
      }
    }
    final Claim named = bestNamed(exact.isEmpty() ? same : exact);
    State state = domain.state();
    Organisation org = domain.org();
    String type = domain.type();
    if (state == null && named.state() != null) {
      state = named.state();
      type = state.type();
    }
    if (org != null && named.org() != null && named.org() != org) {
      org = named.org(); // un.org: the department the text names
      type = org.type();
    }
    if (org == null && state == null && named.org() != null) {
      org = named.org();
      type = org.type();
    }
    final String country = state != null ? state.iso3() : org != null ? org.country() : null;
    final String name =
        named.organisation() != null
            ? withoutSecretariat(named.organisation(), org)
            : fallbackName(state, org);
    return new Pick(
        type,
        name,
        state,
        org,
        country,
        domain.basis(),
        Math.max(domain.confidence(), 0.9),
        named.evidence(),
        null);
  }

  /**
   * "INTERPOL General Secretariat" is INTERPOL to a reader: the secretariat of a known organisation
   * is named as the organisation.
   */
  static String withoutSecretariat(final String name, final Organisation org) {
    if (org == null) {
      return name;
    }
    final String bare = SECRETARIAT.matcher(name).replaceFirst("").strip();
    if (bare.equals(name) || bare.isEmpty()) {
      return name;
    }
    final List<String> names = new ArrayList<>(org.aliases() == null ? List.of() : org.aliases());
    names.add(org.name());
    names.add(org.fullName());
    for (final String n : names) {
      if (n != null && n.equalsIgnoreCase(bare)) {
        return bare;
      }
    }
    return name;
  }

  /** The United Nations as a whole: its departments name themselves under it. */
  static boolean umbrella(final Organisation o) {
    return "United Nations".equals(o.name());
  }

  /** The claim that weighs most, of one source when it is given. */
  static Claim strongest(final List<Claim> claims, final Source only) {
    Claim best = null;
    for (final Claim c : claims) {
      if (c.level() < 2
          || SenderTypes.UNKNOWN.equals(c.type())
          || c.source() == Source.SUBJECT
          || only != null && c.source() != only) {
        continue;
      }
      if (best == null || c.score() > best.score()) {
        best = c;
      }
    }
    return best;
  }

  static Pick fromClaim(final Claim strong, final List<Claim> claims, final double confidence) {
    final List<Claim> same = new ArrayList<>();
    for (final Claim c : claims) {
      if (c.sameEntity(strong)) {
        same.add(c);
      }
    }
    final Claim named = bestNamed(same.isEmpty() ? List.of(strong) : same);
    final String name =
        named.organisation() != null
            ? named.organisation()
            : fallbackName(strong.state(), strong.org());
    final double c =
        strong.source() == Source.DISPLAY_NAME
            ? 0.55
            : strong.source() == Source.SIGNATURE || strong.source() == Source.TEXT
                ? confidence - 0.05
                : confidence;
    return new Pick(
        strong.type(),
        name,
        strong.state(),
        strong.org(),
        strong.country(),
        strong.source().basis,
        c,
        named.evidence(),
        null);
  }

  /** The claim that writes the name best: a whole line, of the highest level, not in capitals. */
  static Claim bestNamed(final List<Claim> claims) {
    Claim best = null;
    int bestScore = Integer.MIN_VALUE;
    for (final Claim c : claims) {
      int s = (c.organisation() != null ? 100 : 0) + c.level() * 10;
      s +=
          switch (c.source()) {
            case LETTERHEAD, SIGNATURE -> 5;
            case ON_BEHALF -> 3;
            case TEXT -> 2;
            case DISPLAY_NAME -> 1;
            case SUBJECT -> 0;
          };
      if (c.organisation() != null && isAllCaps(c.organisation())) {
        s -= 8;
      }
      // in a signature the organisation stands below the person's unit: the later line of a level
      final boolean later =
          s == bestScore
              && best != null
              && c.source() == Source.SIGNATURE
              && best.source() == Source.SIGNATURE
              && c.block() == best.block()
              && c.org() == null
              && best.org() == null
              && c.state() == null
              && best.state() == null;
      if (s > bestScore || later) {
        best = c;
        bestScore = s;
      }
    }
    return best;
  }

  static boolean isAllCaps(final String s) {
    boolean letters = false;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      letters |= Character.isUpperCase(c);
    }
    return letters && s.length() > 8;
  }

  static String fallbackName(final State state, final Organisation org) {
    if (org != null) {
      return org.name() != null ? org.name() : org.fullName();
    }
    return state == null ? null : state.name();
  }

  private ClaimWeigher() {}
}
