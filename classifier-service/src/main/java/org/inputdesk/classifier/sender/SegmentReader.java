package org.inputdesk.classifier.sender;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.inputdesk.classifier.sender.Claim.Source;
import org.inputdesk.classifier.sender.Lexicon.Role;
import org.inputdesk.classifier.sender.NameIndex.Hit;

/**
 * Reads the claim one name-like segment makes from the names and phrases {@link NameIndex} found in
 * it: a State's body with its country, a known organisation, or a name whose head nouns tell its
 * type; writes a {@link Claim} or null.
 */
final class SegmentReader {

  /**
   * The claim a name-like segment makes, from the names and phrases found in it: a State's body
   * with its country, a known organisation, or a name whose head nouns tell its type.
   */
  Claim segmentClaim(
      final String seg, final List<Hit> hits, final Source source, final String previousLine) {
    if (hits.isEmpty()) {
      return null;
    }
    final boolean nameLike = NameText.nameLike(seg);
    // a State's body: "Permanent Mission of [the Republic of] Singapore [to the United Nations]"
    for (final Hit k : hits) {
      final Role role = k.entry().role();
      if (role == Role.STATE_BODY) {
        final Hit after = firstAfter(seg, hits, k);
        if (after != null && after.entry().isCountry()) {
          final boolean whole =
              nameLike
                  || k.start() == 0
                      && NameText.unSuffixAt(seg, after.end())
                      && !seg.strip().endsWith(".")
                      && seg.length() <= 200;
          final String name = whole ? seg : NameText.withUnSuffix(seg, k.start(), after.end());
          return state(after, name, source, seg);
        }
        if (after != null && after.entry().isOrganisation()) {
          final String name = nameLike ? seg : NameText.withUnSuffix(seg, k.start(), after.end());
          return new Claim(
              after.entry().org().type(), name, null, after.entry().org(), source, 3, seg);
        }
        final Hit country = countryLine(previousLine);
        if (country != null && isPermanentBody(k.entry().written())) {
          return state(country, null, source, seg); // the name is in two lines: the State's own
        }
        if (isPermanentBody(k.entry().written()) && nameLike) {
          return new Claim(SenderTypes.MEMBER_STATE, seg, null, null, source, 3, seg);
        }
      } else if (role == Role.STATE_BODY_AFTER) {
        for (final Hit c : hits) {
          if (c.entry().isCountry() && c.end() <= k.start() && k.start() - c.end() <= 2) {
            final String name = nameLike ? seg : seg.substring(c.start(), k.end());
            return state(c, name, source, seg);
          }
        }
      }
    }
    // a known organisation, the longest name first
    Hit known = null;
    for (final Hit h : hits) {
      if (h.entry().isOrganisation()
          && (known == null || h.end() - h.start() > known.end() - known.start())) {
        known = h;
      }
    }
    final Hit leftHead = leftmostHead(hits);
    if (known != null
        && (leftHead == null
            || leftHead.start() >= known.start()
            || leftHead.entry().role() != Role.GOV_BODY && leftHead.entry().role() != Role.SUBUNIT
            // "DEPARTMENT OF ECONOMIC AND SOCIAL AFFAIRS (DESA)" is DESA
            || bracketed(seg, known))) {
      final KnowledgeBase.Organisation o = known.entry().org();
      final boolean weak =
          known.end() - known.start() <= 3 && !seg.strip().equals(known.entry().written());
      if (!weak) {
        final boolean umbrella = "United Nations".equals(o.name());
        final String name = nameLike ? seg : seg.substring(known.start(), known.end());
        return new Claim(o.type(), name, null, o, source, umbrella ? 1 : 3, seg);
      }
    }
    if (leftHead == null) {
      return null;
    }
    final String name = nameLike ? seg : null;
    if (leftHead.entry().role() == Role.GOV_BODY) {
      Hit country = null;
      for (final Hit h : hits) {
        if (h.entry().isCountry() && h.start() > leftHead.start()) {
          country = h;
          break;
        }
      }
      if (country != null) {
        return state(country, name, source, seg);
      }
      return name == null
          ? null
          : new Claim(SenderTypes.MEMBER_STATE, name, null, null, source, 2, seg);
    }
    final Role top = topRole(hits);
    if (name == null) {
      return null;
    }
    return switch (top) {
      case TECHNICAL -> new Claim(SenderTypes.TECHNICAL, name, null, null, source, 3, seg);
      case BUSINESS_ASSOCIATION ->
          new Claim(SenderTypes.PRIVATE_SECTOR, name, null, null, source, 3, seg);
      case COMPANY -> new Claim(SenderTypes.PRIVATE_SECTOR, name, null, null, source, 3, seg);
      case UNIVERSITY -> new Claim(SenderTypes.ACADEMIA, name, null, null, source, 3, seg);
      case RESEARCH -> new Claim(SenderTypes.ACADEMIA, name, null, null, source, 2, seg);
      case CIVIL -> new Claim(SenderTypes.NGO, name, null, null, source, 2, seg);
      case SUBUNIT -> new Claim(SenderTypes.UNKNOWN, name, null, null, source, 1, seg);
      default -> null;
    };
  }

  private static boolean bracketed(final String seg, final Hit h) {
    return h.start() > 0
        && h.end() < seg.length()
        && "(（".indexOf(seg.charAt(h.start() - 1)) >= 0
        && ")）".indexOf(seg.charAt(h.end())) >= 0;
  }

  private static Claim state(
      final Hit country, final String name, final Source source, final String seg) {
    final KnowledgeBase.State s = country.entry().state();
    return new Claim(s.type(), name, s, null, source, 3, seg);
  }

  private static boolean isPermanentBody(final String keyword) {
    final String k = keyword.toLowerCase(Locale.ROOT);
    return k.contains("perman")
        || k.contains("постоян")
        || k.contains("الدائمة")
        || k.contains("ständig")
        || k.contains("foreign affairs")
        || k.contains("affaires étrangères")
        || k.contains("relaciones exteriores")
        || k.contains("asuntos exteriores")
        || k.contains("иностранных дел")
        || k.contains("خارجية")
        || k.contains("relações exteriores")
        || k.contains("negócios estrangeiros")
        || k.contains("external affairs");
  }

  private Hit countryLine(final String line) {
    if (line == null || line.strip().length() > 80) {
      return null;
    }
    final String t = line.strip();
    for (final Hit h : index.find(t)) {
      if (h.entry().isCountry() && h.end() >= t.length() - 2) {
        return h;
      }
    }
    return null;
  }

  /**
   * The first country or organisation after a State-body phrase, past articles and formal words.
   */
  private static Hit firstAfter(final String seg, final List<Hit> hits, final Hit k) {
    for (final Hit h : hits) {
      if (h.start() < k.end() || !(h.entry().isCountry() || h.entry().isOrganisation())) {
        continue;
      }
      final String gap = seg.substring(k.end(), h.start());
      if (h.entry().isOrganisation() && ACCREDITED_TO.matcher(gap).find()) {
        return null; // "Permanent Mission to the United Nations": where it serves, not whose
      }
      return filler(gap) ? h : null;
    }
    return null;
  }

  private static final Pattern ACCREDITED_TO =
      Pattern.compile(
          "(?:^|\\s)(?:to|auprès|ante|при|junto|bei|لدى|en|at|in)(?:\\s|$)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static boolean filler(final String gap) {
    if (gap.length() > 60) {
      return false;
    }
    int words = 0;
    for (final String w : gap.strip().split("\\s+")) {
      if (w.isEmpty()) {
        continue;
      }
      if (++words > 6) {
        return false;
      }
      final char c = w.charAt(0);
      final String lower = w.toLowerCase(Locale.ROOT);
      if (!(Character.isUpperCase(c)
          || NameText.CONNECTORS.contains(lower)
          || lower.startsWith("l'")
          || lower.startsWith("d'")
          || NameText.isUncased(c))) {
        return false;
      }
    }
    return true;
  }

  private static Hit leftmostHead(final List<Hit> hits) {
    for (final Hit h : hits) {
      final Role r = h.entry().role();
      if (r != null
          && r != Role.ON_BEHALF
          && r != Role.PERSONAL
          && r != Role.CONTRIBUTION_OF
          && r != Role.STATE_BODY
          && r != Role.STATE_BODY_AFTER) {
        return h;
      }
    }
    return null;
  }

  private static final List<Role> PRIORITY =
      List.of(
          Role.TECHNICAL,
          Role.BUSINESS_ASSOCIATION,
          Role.COMPANY,
          Role.UNIVERSITY,
          Role.RESEARCH,
          Role.CIVIL,
          Role.GOV_BODY,
          Role.SUBUNIT);

  private static Role topRole(final List<Hit> hits) {
    Role top = null;
    for (final Hit h : hits) {
      final Role r = h.entry().role();
      if (r != null
          && PRIORITY.contains(r)
          && (top == null || PRIORITY.indexOf(r) < PRIORITY.indexOf(top))) {
        top = r;
      }
    }
    return top == null ? Role.SUBUNIT : top;
  }

  private final NameIndex index;

  SegmentReader(final NameIndex index) {
    this.index = index;
  }
}
