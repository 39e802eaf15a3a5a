package org.inputdesk.classifier.sender;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an organisation's name as written: reads a string and tells whether it looks like a
 * name (short, capitalised, no sentence in it), where articles, abbreviations and legal forms
 * stand, and writes the name cleaned of a trailing acronym, legal form or stray punctuation.
 */
final class NameText {

  /**
   * Non-profit legal forms a reader leaves out of a name: "CENTR vzw", "Chaos Computer Club e.V.".
   */
  static final Pattern TRAILING_LEGAL_FORM =
      Pattern.compile("(?i)[\\s,]+(?:i?vzw|a?isbl|asbl|g?\\.?e\\.\\s?V\\.|gGmbH)\\s*$");

  /** A city after a dash closing a signature line: "League of Arab States – Cairo". */
  static final Pattern TRAILING_DASHED_WORD = Pattern.compile("\\s+[–—]\\s+\\S+\\s*$");

  static final Pattern TRAILING_ACRONYM = Pattern.compile("\\s*[(（][^()（）]{1,30}[)）]\\s*$");

  static final Pattern UN_SUFFIX =
      Pattern.compile(
          "^\\s*(?:to the united nations(?: office(?: at| in)? \\p{Lu}\\p{L}+)?"
              + "(?: (?:in|at) (?:new york|geneva|vienna|nairobi))?"
              + "(?: and (?:the )?other international organi[sz]ations(?: (?:in|at) \\p{Lu}\\p{L}+)?)?"
              + "|to the un\\b|to the un office at \\p{Lu}\\p{L}+"
              + "|auprès (?:de l'organisation des nations unies|des nations unies|de l'onu"
              + "|de l'office des nations unies)(?: (?:à|a) (?:new york|genève|vienne|nairobi))?"
              + "|ante (?:las naciones unidas|la organización de las naciones unidas|la onu)"
              + "(?: en (?:nueva york|ginebra|viena))?"
              + "|при (?:оон|организации объединенных наций)(?: в (?:нью-йорке|женеве|вене))?"
              + "|لدى الأمم المتحدة(?: في (?:نيويورك|جنيف|فيينا))?"
              + "|junto (?:às|das|à|a) (?:nações unidas|onu)(?: em (?:nova iorque|nova york|genebra))?"
              + "|bei den vereinten nationen(?: in (?:new york|genf|wien))?|bei der uno?(?: in (?:new york|genf|wien))?)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  static final Set<String> CONNECTORS =
      Set.of(
          "of", "for", "the", "and", "on", "in", "at", "to", "de", "du", "des", "la", "le", "les",
          "l'", "d'", "del", "el", "los", "las", "y", "e", "et", "en", "da", "do", "das", "dos",
          "di", "della", "für", "und", "der", "die", "den", "dem", "zu", "von", "vom", "am", "an",
          "&", "–", "-", "и", "по", "при", "для", "в", "имени", "al", "van", "voor", "het");

  static final Set<String> ARTICLES =
      Set.of(
          "the", "la", "le", "les", "el", "los", "las", "o", "os", "a", "as", "die", "der", "das",
          "l'", "this", "our", "notre", "nuestra", "nuestro");

  static final Pattern COMPANY_FORM_ONLY =
      Pattern.compile(
          "(?:Inc\\.?|Ltd\\.?|LLC|L\\.L\\.C\\.|PLC|plc|GmbH|AG|SE|S\\.A\\.?|SA|S\\.A\\.S\\.?|SAS"
              + "|S\\.p\\.A\\.?|S\\.r\\.l\\.?|S\\.L\\.?|Ltda\\.?|B\\.V\\.?|N\\.V\\.?|Corp\\.?|Co\\.?|e\\.\\s?V\\.?"
              + "|Limited|Oy|AB|ASA|A/S|K\\.K\\.|Pte\\.? Ltd\\.?|Pty\\.? Ltd\\.?)");

  static final Pattern RU_VERB =
      Pattern.compile(
          "\\p{L}+(?:ает|яет|ует|юет|еет|ит|ют|ят|ется|ится|ются|ятся|аю|яю|ую|аем|яем|уем)",
          Pattern.UNICODE_CASE);

  static String squash(final String s) {
    final StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  static final Pattern ACRONYM_AFTER = Pattern.compile("\\s*[(（]([^()（）]{2,20})[)）]");

  /** At least two capitalised words, or an acronym: a name, not "business" or "my colleagues". */
  static boolean properName(final String name) {
    final String[] words = name.strip().split("\\s+");
    if (words.length == 1) {
      return words[0].length() >= 2 && !hasLower(words[0]);
    }
    return Character.isUpperCase(words[0].charAt(0))
        && Character.isUpperCase(words[words.length - 1].charAt(0));
  }

  static boolean hasLower(final String w) {
    for (int i = 0; i < w.length(); i++) {
      if (Character.isLowerCase(w.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static final Pattern RU_ADJECTIVE =
      Pattern.compile(
          "\\p{L}+(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ой|ей|ых|их)", Pattern.UNICODE_CASE);

  static int skipArticles(final String text, final int from, final int limit) {
    int i = from;
    while (true) {
      while (i < limit && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int j = i;
      while (j < limit && Character.isLetter(text.charAt(j))) {
        j++;
      }
      if (j < limit && (text.charAt(j) == '\'' || text.charAt(j) == '’')) {
        final String w = text.substring(i, j).toLowerCase(Locale.ROOT) + "'";
        if (w.equals("l'") || w.equals("d'")) {
          i = j + 1;
          continue;
        }
      }
      final String w = text.substring(i, j).toLowerCase(Locale.ROOT);
      if (j > i && ARTICLES.contains(w) && j < limit && text.charAt(j) == ' ') {
        i = j;
        continue;
      }
      return i;
    }
  }

  static boolean isUpper(final String w) {
    return !w.equals(w.toLowerCase(Locale.ROOT));
  }

  static boolean isCjkAt(final String text, final int at) {
    return Character.UnicodeScript.of(text.charAt(at)) == Character.UnicodeScript.HAN;
  }

  static boolean isUncased(final char c) {
    final Character.UnicodeScript s = Character.UnicodeScript.of(c);
    return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.ARABIC;
  }

  static boolean isWordChar(final String text, final int i) {
    final char c = text.charAt(i);
    if (Character.isLetterOrDigit(c)) {
      return true;
    }
    if ((c == '-' || c == '\'' || c == '’' || c == '.' || c == '/')
        && i + 1 < text.length()
        && Character.isLetterOrDigit(text.charAt(i + 1))
        && i > 0
        && Character.isLetterOrDigit(text.charAt(i - 1))) {
      return true;
    }
    // the closing period of an abbreviation: U.S., e.V., Inc.
    return c == '.'
        && i > 1
        && Character.isLetter(text.charAt(i - 1))
        && (text.charAt(i - 2) == '.'
            || i + 1 < text.length()
                && text.charAt(i + 1) == ' '
                && i > 2
                && Character.isUpperCase(text.charAt(i - 1))
                && text.charAt(i - 2) == ' ');
  }

  static int skipSpaces(final String text, final int from, final int limit) {
    int i = from;
    while (i < limit && text.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  static boolean wordEndsAt(final String text, final int at, final int limit) {
    return at >= limit || !Character.isLetterOrDigit(text.charAt(at));
  }

  static boolean endsWithAbbreviation(final String name) {
    final Matcher m = Pattern.compile("(?:^|\\s|,)(\\S+)$").matcher(name);
    if (!m.find()) {
      return false;
    }
    final String last = m.group(1);
    // "Inc.", "S.A.", "e.V.", "U.S.": not "77." or "report."
    return last.endsWith(".")
        && (last.indexOf('.') < last.length() - 1 && Character.isLetter(last.charAt(0))
            || COMPANY_FORM_ONLY.matcher(last).matches());
  }

  static boolean unSuffixAt(final String seg, final int at) {
    return UN_SUFFIX.matcher(seg).region(at, seg.length()).lookingAt();
  }

  static String withUnSuffix(final String seg, final int start, final int end) {
    final Matcher m = UN_SUFFIX.matcher(seg).region(end, seg.length());
    return seg.substring(start, m.lookingAt() ? m.end() : end);
  }

  /**
   * Short, without sentence punctuation, its words mostly capitalised where the script has case.
   */
  static boolean nameLike(final String seg) {
    final String s = seg.strip();
    if (s.length() < 2 || s.length() > 140) {
      return false;
    }
    final char last = s.charAt(s.length() - 1);
    if ((last == '.' && !endsWithAbbreviation(s))
        || last == '!'
        || last == '?'
        || last == ':'
        || last == '：'
        || last == '。'
        || last == ',') {
      return false;
    }
    if (isUncased(s.charAt(0))) {
      return s.length() <= 90 && !s.contains("。") && !s.contains("，");
    }
    final String[] words = s.split("\\s+");
    if (words.length > 18) {
      return false;
    }
    final boolean cyrillic =
        Character.UnicodeScript.of(s.charAt(0)) == Character.UnicodeScript.CYRILLIC;
    if (!Character.isUpperCase(s.charAt(0))
        && !Character.isDigit(s.charAt(0))
        && "«\"“(".indexOf(s.charAt(0)) < 0
        && !Character.isUpperCase(firstLetter(s))
        && !brandFirst(words)) {
      return false;
    }
    int lower = 0;
    for (final String w : words) {
      final String bare = w.replaceAll("^[^\\p{L}]+", "");
      if (bare.isEmpty()) {
        continue;
      }
      final String lw = bare.toLowerCase(Locale.ROOT);
      if (Character.isLowerCase(bare.charAt(0))
          && !CONNECTORS.contains(lw)
          && !lw.startsWith("l'")
          && !lw.startsWith("d'")) {
        lower++;
        if (cyrillic && RU_VERB.matcher(bare).matches()) {
          return false;
        }
      }
      if (lw.equals("we")
          || lw.equals("i")
          || lw.equals("nous")
          || lw.equals("nosotros")
          || lw.equals("мы")
          || lw.equals("wir")
          || LetterLayout.SENTENCE_VERBS.contains(bare)) {
        return false; // a sentence, wrapped, not a name: "The X Institute offers the following"
      }
    }
    return lower <= (cyrillic ? 12 : 3);
  }

  // "eco – Verband der Internetwirtschaft e.V.": a short lower-case brand before a capital
  static boolean brandFirst(final String[] words) {
    if (words.length < 2 || words[0].length() > 6) {
      return false;
    }
    for (int i = 1; i < words.length; i++) {
      final char c = words[i].charAt(0);
      if (Character.isLetter(c)) {
        return Character.isUpperCase(c);
      }
    }
    return false;
  }

  static char firstLetter(final String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        return s.charAt(i);
      }
    }
    return 'a';
  }

  /** The name without a trailing acronym in brackets, stray punctuation or surrounding quotes. */
  static String cleanName(final String name) {
    if (name == null) {
      return null;
    }
    String n = name.strip();
    for (final Pattern trailing :
        List.of(TRAILING_ACRONYM, TRAILING_LEGAL_FORM, TRAILING_DASHED_WORD)) {
      final String shorter = trailing.matcher(n).replaceFirst("");
      if (shorter.length() >= 3) {
        n = shorter;
      }
    }
    while (!n.isEmpty() && ",;:–—-|".indexOf(n.charAt(n.length() - 1)) >= 0) {
      n = n.substring(0, n.length() - 1).strip();
    }
    while (!n.isEmpty() && ",;:–—-|*•".indexOf(n.charAt(0)) >= 0) {
      n = n.substring(1).strip();
    }
    if (n.length() > 2
        && (n.charAt(0) == '(' && n.endsWith(")") || n.charAt(0) == '（' && n.endsWith("）"))) {
      n = n.substring(1, n.length() - 1).strip(); // "(Siemens AG)" under a name
    }
    return n.isEmpty() ? null : n;
  }

  private NameText() {}
}
