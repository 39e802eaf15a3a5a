package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.classifier.sender.Claim.Source;
import org.inputdesk.classifier.sender.LetterLayout.Line;
import org.inputdesk.classifier.sender.Lexicon.Role;
import org.inputdesk.classifier.sender.NameIndex.Hit;

/**
 * Reads the claims a letter's first sentences make: the name after "on behalf of" or "the
 * contribution of", and the subject of the first sentence when it submits ("The Tallinn University
 * submits..."); writes each as a {@link Claim} with the name cut at its end, in its own case.
 */
final class SentenceReader {

  // "on behalf of Ambassador Jane Smith" names a person, not an organisation
  private static final Pattern TITLE =
      Pattern.compile(
          "(?:mr|mrs|ms|dr|prof|professor|h\\.\\s?e|his|her|ambassador|minister|secretary|director"
              + "|chair|chairman|chairperson|president|sir|madam|mme|m|sr|sra|dra|don|doña|herr|frau"
              + "|господин|госпожа|посол|министр)\\b\\.?",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern CJK_STOP = Pattern.compile("[，。、；：！？,.;:!?\\s（(谨现特向就对]");

  /** "On behalf of X", "the contribution of X" anywhere; the sentence's subject in the first. */
  void readSentence(
      final String text,
      final Line line,
      final List<Hit> hits,
      final boolean first,
      final String label,
      final List<Claim> out) {
    for (final Hit h : hits) {
      final Role role = h.entry().role();
      if (role == Role.ON_BEHALF || role == Role.CONTRIBUTION_OF) {
        final Source source = role == Role.ON_BEHALF ? Source.ON_BEHALF : Source.TEXT;
        final Claim c = nameAt(text, line, hits, h.end(), source, true, label);
        if (c != null) {
          out.add(
              role == Role.ON_BEHALF
                  ? c
                  : new Claim(
                      c.type(),
                      c.organisation(),
                      c.state(),
                      c.org(),
                      Source.TEXT,
                      Math.min(c.level(), 2),
                      c.evidence()));
        }
      }
    }
    if (first) {
      final int start = line.start() + LetterLayout.leadingSpace(line.text());
      final Claim c = nameAt(text, line, hits, start, Source.TEXT, false, label);
      if (c != null) {
        out.add(c);
      }
    }
  }

  /**
   * The name that begins at {@code from} (after articles), cut at its end, as a claim; null when
   * what stands there is not a name the index or the lexicon recognise.
   */
  private Claim nameAt(
      final String text,
      final Line line,
      final List<Hit> hits,
      final int from,
      final Source source,
      final boolean afterPhrase,
      final String label) {
    final int start = NameText.skipArticles(text, from, line.end());
    if (start >= line.end()) {
      return null;
    }
    final char first = text.charAt(start);
    if (!afterPhrase && Character.UnicodeScript.of(first) == Character.UnicodeScript.ARABIC) {
      return null; // an Arabic sentence opens with its verb, not its subject
    }
    final int end = nameEnd(text, start, line.end(), hits);
    if (end <= start || possessive(text, end)) {
      return null; // "on behalf of the Caribbean Community's security architecture"
    }
    String name = text.substring(start, end).strip();
    name = NameText.TRAILING_ACRONYM.matcher(name).replaceFirst("");
    if (name.length() < 2) {
      return null;
    }
    final String evidence = text.substring(line.start(), Math.min(line.end(), end + 60)).strip();
    final List<Hit> inside = new ArrayList<>();
    for (final Hit h : hits) {
      if (h.start() >= start && h.end() <= start + name.length()) {
        inside.add(new Hit(h.start() - start, h.end() - start, h.entry()));
      }
    }
    if (label != null && acronymAfter(text, end, line.end(), label)) {
      // "The Collaboration on ... Africa (CIPESA) submits": its own domain's name
      final Claim c = segmentReader.segmentClaim(name, inside, source, null);
      return c != null
          ? withEvidence(c, source, evidence)
          : new Claim(
              SenderTypes.UNKNOWN, NameText.cleanName(name), null, null, source, 2, evidence);
    }
    if (!afterPhrase && (!opensWithName(name, inside) || !submits(text, end, line.end()))) {
      return null; // a first sentence names its sender at its very start
    }
    final Claim c = segmentReader.segmentClaim(name, inside, source, null);
    if (c == null) {
      if (afterPhrase
          && source == Source.ON_BEHALF
          && inside.isEmpty()
          && NameText.properName(name)
          && !TITLE.matcher(name).lookingAt()) {
        return new Claim(
            SenderTypes.UNKNOWN, NameText.cleanName(name), null, null, source, 2, evidence);
      }
      return null;
    }
    return withEvidence(c, source, evidence);
  }

  /**
   * True when what follows a first sentence's subject is the act of submitting ("submits",
   * "welcomes the opportunity", "свидетельствует своё уважение", "谨向"): "The Internet Governance
   * Forum must stay multistakeholder" speaks of the IGF, it is not the IGF speaking.
   */
  static boolean submits(final String text, final int end, final int limit) {
    final Matcher m = SUBMITS.matcher(text).region(end, limit);
    return m.lookingAt();
  }

  private static final Pattern SUBMITS =
      Pattern.compile(
          "\\s*(?:[(（][^()（）]{1,60}[)）]\\s*)?,?\\s*(?:"
              + "submits|presents|welcomes|offers|is pleased|are pleased|has the honou?r|would like"
              + "|wishes|thanks|appreciates|transmits|shares|provides|hereby|respectfully|sends"
              + "|is grateful|takes this opportunity|would welcome|is submitting|puts forward"
              + "|présente|soumet|transmet|a l'honneur|a l’honneur|souhaite|salue|remercie"
              + "|se félicite|a le plaisir|adresse|communique|partage"
              + "|presenta|somete|transmite|tiene el honor|desea|saluda|agradece|remite"
              + "|se complace|comparte"
              + "|apresenta|submete|tem a honra|deseja|saúda|agradece|envia|encaminha"
              + "|übermittelt|legt|begrüßt|möchte|dankt|nimmt|reicht|vertritt"
              + "|направляет|представляет|свидетельствует|имеет честь|выражает|передает|передаёт"
              + "|谨|现|特此|向)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static boolean possessive(final String text, final int end) {
    return end + 1 < text.length()
        && (text.charAt(end) == '\'' || text.charAt(end) == '’')
        && (text.charAt(end + 1) == 's' || text.charAt(end + 1) == ' ');
  }

  private static Claim withEvidence(final Claim c, final Source source, final String evidence) {
    return new Claim(
        c.type(),
        NameText.cleanName(c.organisation()),
        c.state(),
        c.org(),
        source,
        c.level(),
        evidence);
  }

  private static boolean acronymAfter(
      final String text, final int end, final int limit, final String label) {
    final Matcher m = NameText.ACRONYM_AFTER.matcher(text).region(end, limit);
    return m.lookingAt() && NameText.squash(m.group(1)).equals(label);
  }

  /**
   * True when the name opens with what the index found, or with words that belong to it: proper
   * names before a head ("Tallinn University"), in Russian adjectives ("Национальный
   * исследовательский университет"), in Chinese anything before the head.
   */
  private static boolean opensWithName(final String name, final List<Hit> inside) {
    if (inside.isEmpty()) {
      return false;
    }
    if (inside.get(0).start() == 0) {
      return true;
    }
    if (!headFinal(inside)) {
      return false;
    }
    final char first = name.charAt(0);
    if (Character.UnicodeScript.of(first) == Character.UnicodeScript.CYRILLIC) {
      for (final String w : name.substring(0, inside.get(0).start()).strip().split("\\s+")) {
        if (!NameText.RU_ADJECTIVE.matcher(w).matches() && NameText.hasLower(w)) {
          return false;
        }
      }
    }
    return true;
  }

  // "Tallinn University", "Palo Alto Networks, Inc.": the head comes last
  private static boolean headFinal(final List<Hit> inside) {
    for (final Hit h : inside) {
      if (h.entry().isOrganisation()
          || h.entry().role() == Role.UNIVERSITY
          || h.entry().role() == Role.COMPANY
          || h.entry().role() == Role.RESEARCH
          || h.entry().role() == Role.CIVIL
          || h.entry().role() == Role.TECHNICAL
          || h.entry().role() == Role.STATE_BODY_AFTER
          || h.entry().isCountry()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where a name that begins at {@code start} ends: after its last capitalised word, a known name
   * or a legal form; never inside a name the index found, never past a lower-case word that is not
   * a connector ("University of Coimbra submits" ends before "submits").
   */
  private static int nameEnd(
      final String text, final int start, final int limit, final List<Hit> hits) {
    if (start < limit && NameText.isUncased(text.charAt(start))) {
      return uncasedEnd(text, start, limit, hits);
    }
    final boolean cyrillic =
        start < limit
            && Character.UnicodeScript.of(text.charAt(start)) == Character.UnicodeScript.CYRILLIC;
    int end = start;
    int i = start;
    while (i < limit) {
      final Hit covering = hitFrom(hits, i);
      if (covering != null
          && (covering.entry().isOrganisation()
              || covering.entry().isCountry()
              || covering.entry().role() == Role.STATE_BODY)) {
        i = covering.end();
        end = i;
        continue;
      }
      final char c = text.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      if (c == '«' || c == '"' || c == '“') {
        final int close = text.indexOf(c == '«' ? '»' : c == '“' ? '”' : '"', i + 1);
        if (close > i && close < limit && close - i < 80) {
          i = close + 1;
          end = i;
          continue;
        }
        break;
      }
      int j = i;
      while (j < limit && NameText.isWordChar(text, j)) {
        j++;
      }
      if (j == i) {
        if (c == ',') {
          final Matcher form =
              NameText.COMPANY_FORM_ONLY.matcher(text).region(Math.min(i + 1, limit), limit);
          final int k = NameText.skipSpaces(text, i + 1, limit);
          if (form.region(k, limit).lookingAt() && NameText.wordEndsAt(text, form.end(), limit)) {
            end = form.end();
          }
        }
        if (c == '&') {
          i++;
          continue;
        }
        break;
      }
      final String word = text.substring(i, j);
      final String lower = word.toLowerCase(Locale.ROOT);
      if (Character.isUpperCase(word.charAt(0))
          || Character.isDigit(word.charAt(0)) && end > start) {
        if (cyrillic
            && end > start
            && NameText.RU_VERB.matcher(word).matches()
            && !NameText.isUpper(word)) {
          break;
        }
        end = j;
      } else if (NameText.CONNECTORS.contains(lower)
          || lower.startsWith("d'")
          || lower.startsWith("l'")) {
        // kept only when a capitalised word follows
      } else if (cyrillic && !NameText.RU_VERB.matcher(word).matches()) {
        end = j; // Russian names run on in lower case: "государственный университет"
      } else {
        break;
      }
      i = j;
    }
    while (end > start
        && ".,;:".indexOf(text.charAt(end - 1)) >= 0
        && !NameText.endsWithAbbreviation(text.substring(start, end))) {
      end--;
    }
    return end;
  }

  private static int uncasedEnd(
      final String text, final int start, final int limit, final List<Hit> hits) {
    // Chinese and Arabic: up to the last head or known name before punctuation
    int end = -1;
    for (final Hit h : hits) {
      if (h.start() < start) {
        continue;
      }
      if (h.start() >= limit) {
        break;
      }
      final Role r = h.entry().role();
      if (r == Role.STATE_BODY_AFTER
          || r == Role.COMPANY
          || r == Role.UNIVERSITY
          || r == Role.RESEARCH
          || h.entry().isOrganisation()
          || r == Role.STATE_BODY
          || h.entry().isCountry()
          || r == Role.CIVIL
          || r == Role.TECHNICAL) {
        final Matcher stop = CJK_STOP.matcher(text).region(start, h.start());
        if (stop.find()) {
          break;
        }
        end = Math.max(end, h.end());
      }
    }
    if (end > 0 && NameText.isCjkAt(text, start)) {
      return end;
    }
    if (end > 0) {
      final Matcher suffix = NameText.UN_SUFFIX.matcher(text).region(end, limit);
      return suffix.lookingAt() ? suffix.end() : end;
    }
    return start;
  }

  private static Hit hitFrom(final List<Hit> hits, final int at) {
    Hit best = null;
    for (final Hit h : hits) {
      if (h.start() == at && (best == null || h.end() > best.end())) {
        best = h;
      } else if (h.start() > at) {
        break;
      }
    }
    return best;
  }

  private final SegmentReader segmentReader;

  SentenceReader(final SegmentReader segmentReader) {
    this.segmentReader = segmentReader;
  }
}
