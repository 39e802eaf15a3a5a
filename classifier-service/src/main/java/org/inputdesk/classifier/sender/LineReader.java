package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.classifier.sender.Claim.Source;
import org.inputdesk.classifier.sender.LetterLayout.Line;
import org.inputdesk.classifier.sender.Lexicon.Role;
import org.inputdesk.classifier.sender.NameIndex.Entry;
import org.inputdesk.classifier.sender.NameIndex.Hit;

/**
 * Reads the claim one letterhead or signature line makes: splits the line at its separators and
 * commas when each part names something of its own, skips addresses and telephone lines, and writes
 * the strongest part's {@link Claim}, or the domain's own name when the line spells it.
 */
final class LineReader {

  private static final Pattern NOT_A_NAME_LINE =
      Pattern.compile(
          "@|https?:|www\\.|\\b(?:tel|fax|phone|mobile|tél|тел|電話|电话)\\b|^\\s*[+(]?\\d"
              + "|\\b(?:street|avenue|road|plaza|suite|floor|p\\.?o\\.? box|rue|calle|avenida|rua"
              + "|straße|strasse|platz|шоссе|проспект|ул\\.|пр\\.|чистопрудный|zip)\\b"
              + "|\\b\\d{4,6}\\b",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern SEGMENTS = Pattern.compile("\\s+[|–—•·/]\\s+|\\t+|\\s{3,}|\\s-\\s");

  Claim lineClaim(
      final Line line,
      final List<Hit> hits,
      final Source source,
      final Line previous,
      final String label) {
    final String t = line.text();
    if (t.isBlank()
        || LetterLayout.SALUTATION.matcher(t.strip()).find()
        || LetterLayout.CLOSING.matcher(t.strip()).matches()) {
      return null;
    }
    if (NOT_A_NAME_LINE.matcher(t).find()) {
      return null; // an address, a telephone number, a web page
    }
    if (hits.isEmpty()) {
      return labelClaim(t, source, label);
    }
    Claim best = null;
    for (final int[] seg : segments(t, line.start(), hits)) {
      for (final int[] part : commaParts(t, seg[0], seg[1], line.start(), hits)) {
        final Claim c = partClaim(t, part[0], part[1], line, hits, source, previous);
        if (c != null && (best == null || c.level() > best.level())) {
          best = c;
        }
      }
    }
    return best != null ? best : labelClaim(t, source, label);
  }

  /** A line that is the domain's own name ("Derechos Digitales" of derechosdigitales.org). */
  private static Claim labelClaim(final String line, final Source source, final String label) {
    final String t = line.strip();
    if (label == null || t.length() > 80 || !NameText.nameLike(t)) {
      return null;
    }
    final String name = NameText.TRAILING_ACRONYM.matcher(t).replaceFirst("");
    final Matcher acronym = NameText.ACRONYM_AFTER.matcher(t);
    final boolean inBrackets = acronym.find() && NameText.squash(acronym.group(1)).equals(label);
    if (NameText.squash(name).equals(label) || inBrackets) {
      return new Claim(SenderTypes.UNKNOWN, NameText.cleanName(name), null, null, source, 2, t);
    }
    return null;
  }

  /**
   * The line's parts between separators (" | ", " – ", tabs), each alone when only one names
   * something ("Jane Doe – Senior Fellow – Example Institute"), the line whole when several do
   * ("eco – Verband der Internetwirtschaft e.V.", "BSA | The Software Alliance").
   */
  private static List<int[]> segments(final String t, final int lineStart, final List<Hit> hits) {
    final List<int[]> parts = new ArrayList<>();
    final Matcher sep = SEGMENTS.matcher(t);
    int from = 0;
    while (sep.find()) {
      parts.add(new int[] {from, sep.start()});
      from = sep.end();
    }
    parts.add(new int[] {from, t.length()});
    if (parts.size() == 1) {
      return parts;
    }
    int named = 0;
    boolean brandOnly = true;
    final List<KnowledgeBase.Organisation> orgs = new ArrayList<>();
    for (final int[] p : parts) {
      boolean hasHead = false;
      for (final Hit h : hits) {
        if (h.start() >= lineStart + p[0] && h.end() <= lineStart + p[1] && isHead(h)) {
          hasHead = true;
          if (h.entry().isOrganisation() && !orgs.contains(h.entry().org())) {
            orgs.add(h.entry().org());
          }
        }
      }
      if (hasHead) {
        named++;
      } else {
        brandOnly &= isBrand(t.substring(p[0], p[1]).strip());
      }
    }
    // two organisations ("CERT.br / NIC.br"): each alone; one name in two ways: the line whole
    final boolean whole = orgs.size() < 2 && (named > 1 || named == 1 && brandOnly);
    return whole ? List.<int[]>of(new int[] {0, t.length()}) : parts;
  }

  /** One word in lower or upper case only: a brand ("eco", "BSA"), not a title or a person. */
  private static boolean isBrand(final String part) {
    return !part.isEmpty()
        && part.indexOf(' ') < 0
        && part.length() <= 12
        && (part.equals(part.toLowerCase(Locale.ROOT))
            || part.equals(part.toUpperCase(Locale.ROOT)))
        && Character.isLetter(part.charAt(0));
  }

  /**
   * A segment split at its commas when each side names something of its own ("Faculty of Law,
   * University of Coimbra"); kept whole when a name runs over the comma ("Foreign, Commonwealth &
   * Development Office") or only a legal form follows it ("Cisco Systems, Inc."); a place after the
   * name is left out ("Strathmore University, Nairobi").
   */
  private static List<int[]> commaParts(
      final String t, final int from, final int to, final int lineStart, final List<Hit> hits) {
    final List<int[]> parts = new ArrayList<>();
    int partStart = from;
    int partEnd = to;
    for (int i = t.indexOf(", ", from); i >= 0 && i + 2 <= to; i = t.indexOf(", ", i + 1)) {
      final int abs = lineStart + i;
      boolean spanned = false;
      boolean rightHasHead = false;
      boolean leftHasHead = false;
      final int next = t.indexOf(", ", i + 1);
      final int rightEnd = next < 0 || next > to ? to : next;
      for (final Hit h : hits) {
        if (h.start() < abs && h.end() > abs) {
          spanned = true;
        }
        if (h.start() > abs && h.end() <= lineStart + rightEnd && isHead(h)) {
          rightHasHead = true;
        }
        if (h.start() >= lineStart + partStart && h.end() <= abs && isHead(h)) {
          leftHasHead = true;
        }
      }
      final String right = t.substring(i + 2, rightEnd).strip();
      if (spanned || NameText.COMPANY_FORM_ONLY.matcher(right).matches()) {
        continue;
      }
      if (!rightHasHead) {
        if (leftHasHead && isPlace(right)) {
          partEnd = Math.min(partEnd, i); // "Universidad de los Andes, Bogotá"
          break;
        }
        continue;
      }
      parts.add(new int[] {partStart, i});
      partStart = i + 2;
    }
    parts.add(new int[] {partStart, Math.max(partStart, partEnd)});
    return parts;
  }

  private static boolean isPlace(final String s) {
    final String[] words = s.split("\\s+");
    if (words.length > 3 || s.isEmpty()) {
      return false;
    }
    for (final String w : words) {
      if (w.isEmpty() || !Character.isUpperCase(w.charAt(0)) || !NameText.hasLower(w)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHead(final Hit h) {
    final Entry e = h.entry();
    return e.isOrganisation()
        || e.role() != null
            && e.role() != Role.ON_BEHALF
            && e.role() != Role.PERSONAL
            && e.role() != Role.CONTRIBUTION_OF;
  }

  private Claim partClaim(
      final String t,
      final int from,
      final int to,
      final Line line,
      final List<Hit> hits,
      final Source source,
      final Line previous) {
    final String raw = t.substring(from, to);
    final String part = raw.strip();
    if (part.isEmpty()) {
      return null;
    }
    final int offset = line.start() + from + raw.indexOf(part);
    final List<Hit> inside = new ArrayList<>();
    for (final Hit h : hits) {
      if (h.start() >= offset && h.end() <= offset + part.length()) {
        inside.add(new Hit(h.start() - offset, h.end() - offset, h.entry()));
      }
    }
    final Claim c =
        segmentReader.segmentClaim(part, inside, source, previous == null ? null : previous.text());
    if (c == null) {
      return null;
    }
    return new Claim(
        c.type(),
        NameText.cleanName(c.organisation()),
        c.state(),
        c.org(),
        source,
        c.level(),
        line.text().strip());
  }

  private final SegmentReader segmentReader;

  LineReader(final SegmentReader segmentReader) {
    this.segmentReader = segmentReader;
  }
}
