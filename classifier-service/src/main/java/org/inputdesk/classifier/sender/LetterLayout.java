package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.inputdesk.classifier.sender.NameIndex.Hit;

/**
 * Where a letter's parts lie: reads a text's lines and writes where its letterhead and first
 * paragraphs end and where its closing and signature begin, and whether a line is a salutation, a
 * closing or a sentence rather than a name.
 */
final class LetterLayout {

  static final int HEAD = 2500;

  static final int TAIL = 1600;

  static final int LONG_LINE = 170;

  static final Pattern SALUTATION =
      Pattern.compile(
          "^\\s*(?:dear|to whom|excellenc|your excellenc|madam|mesdames|madame|monsieur|messieurs"
              + "|cher|chère|chers|estimad|señor|señora|distinguid|уважаем|尊敬的|السيد|السادة|سعادة"
              + "|sehr geehrte|liebe|exmo|exma|exmos|prezad|caro|cara|hello|hi\\b|bonjour|hola|olá|ola\\b"
              + "|guten tag|здравствуйте|добрый день|مرحبا|您好|good (?:morning|afternoon|evening)"
              + "|greetings|colleagues|chers collègues|estimados|tisztelt|تحية طيبة)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  static final Pattern CLOSING =
      Pattern.compile(
          "^\\s*(?:(?:with |my |kind |kindest |best |warm |warmest |many )?(?:regards|wishes)"
              + "|(?:yours )?(?:sincerely|faithfully|truly|respectfully)(?: yours)?|yours"
              + "|best(?: wishes| regards)?|(?:many )?thanks(?: and (?:best )?regards| again| for .{0,40})?"
              + "|thank you(?: for .{0,40})?|cheers|all the best|with best wishes|with thanks"
              + "|many thanks and best wishes|respectfully submitted"
              + "|(?:bien )?cordialement|bien à vous|salutations(?: distinguées)?|meilleures salutations"
              + "|veuillez agréer.{0,120}|avec mes (?:meilleures|sincères) salutations|merci.{0,30}"
              + "|atentamente|(?:un )?(?:cordial )?saludo(?:s)?(?: cordiales)?|cordialmente|muchas gracias"
              + "|gracias|reciba un cordial saludo"
              + "|с уважением.{0,60}|с наилучшими пожеланиями|искренне ваш.{0,10}|спасибо.{0,20}"
              + "|благодарю.{0,30}|谢谢.{0,4}|此致.{0,4}|敬礼.{0,4}|顺致.{0,10}"
              + "|مع (?:خالص|أطيب|فائق).{0,40}|وتفضلوا.{0,60}|تحياتي.{0,20}|شكرا.{0,20}|وشكرا.{0,20}"
              + "|(?:com os )?(?:melhores )?cumprimentos|atenciosamente|obrigad[oa].{0,20}"
              + "|mit freundlichen grüßen|freundliche grüße|beste grüße|viele grüße|herzliche grüße"
              + "|hochachtungsvoll|mit besten grüßen|danke.{0,20})[\\s.,!;:]*$",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  // the finite verbs a submission's first sentence uses, in the languages whose names are cased
  static final Set<String> SENTENCE_VERBS =
      Set.of(
          "is",
          "are",
          "was",
          "has",
          "have",
          "will",
          "would",
          "should",
          "can",
          "may",
          "offers",
          "submits",
          "welcomes",
          "presents",
          "supports",
          "calls",
          "believes",
          "notes",
          "wishes",
          "thanks",
          "appreciates",
          "shares",
          "provides",
          "considers",
          "encourages",
          "recommends",
          "urges",
          "sends",
          "transmits",
          "reiterates",
          "requests",
          "est",
          "sont",
          "présente",
          "soumet",
          "transmet",
          "souhaite",
          "salue",
          "remercie",
          "propose",
          "es",
          "son",
          "presenta",
          "somete",
          "transmite",
          "desea",
          "saluda",
          "agradece",
          "propone",
          "é",
          "são",
          "apresenta",
          "submete",
          "deseja",
          "saúda",
          "ist",
          "sind",
          "übermittelt",
          "begrüßt",
          "legt",
          "möchte",
          "dankt",
          "vertritt");

  record Line(int start, int end, String text) {}

  /** Where the letterhead and the first three paragraphs end. */
  static int headEnd(final List<Line> lines) {
    int paragraphs = 0;
    boolean inLetterhead = true;
    for (final Line line : lines) {
      final String t = line.text().strip();
      if (t.isEmpty()) {
        continue;
      }
      if (inLetterhead && (t.length() > LONG_LINE || SALUTATION.matcher(t).find())) {
        inLetterhead = false;
      }
      if (!inLetterhead && t.length() >= 40 && ++paragraphs >= 3) {
        return line.end();
      }
    }
    return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).end();
  }

  /** Where the closing line stands, else the short lines that end the text. */
  static int tailStart(final List<Line> lines) {
    int shortLines = 0;
    int start = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).start();
    for (int i = lines.size() - 1; i >= 0 && i >= lines.size() - 40; i--) {
      final String t = lines.get(i).text().strip();
      if (!t.isEmpty() && t.length() < 120 && CLOSING.matcher(t).matches()) {
        return lines.get(i).start();
      }
      if (t.length() > LONG_LINE || shortLines >= 12) {
        return start;
      }
      if (!t.isEmpty()) {
        shortLines++;
        start = lines.get(i).start();
      }
    }
    return start;
  }

  static int lineStartAfter(final String text, final int at) {
    if (at <= 0) {
      return 0;
    }
    final int nl = text.indexOf('\n', at);
    return nl < 0 ? at : nl + 1;
  }

  static int cut(final String text, final int at) {
    final int nl = text.indexOf('\n', at);
    return nl < 0 || nl > at + 400 ? at : nl;
  }

  static List<Line> lines(final String text) {
    final List<Line> out = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      out.add(new Line(start, end, text.substring(start, end)));
      start = end + 1;
    }
    return out;
  }

  static List<Hit> hitsIn(final List<Hit> hits, final int start, final int end) {
    final List<Hit> out = new ArrayList<>();
    for (final Hit h : hits) {
      if (h.start() >= start && h.end() <= end) {
        out.add(h);
      } else if (h.start() >= end) {
        break;
      }
    }
    return out;
  }

  /** A sentence, not a letterhead line: it ends as one, or has a finite verb or a pronoun. */
  static boolean isSentence(final String t) {
    final char last = t.charAt(t.length() - 1);
    if ((last == '.' && !NameText.endsWithAbbreviation(t))
        || last == '!'
        || last == '?'
        || last == '。') {
      return true;
    }
    if (NameText.isUncased(t.charAt(0))) {
      return false;
    }
    for (final String w : t.split("[\\s,;:]+")) {
      final String lw = w.toLowerCase(Locale.ROOT);
      // verbs in lower case only: "São Paulo" is a name
      if (SENTENCE_VERBS.contains(w)
          || lw.equals("we")
          || lw.equals("i")
          || lw.equals("nous")
          || lw.equals("мы")
          || lw.equals("wir")) {
        return true;
      }
    }
    return false;
  }

  static boolean isSalutationLike(final String t) {
    final char last = t.charAt(t.length() - 1);
    return t.length() < 60
        && (last == ',' || last == '!' || last == '：' || last == ':')
        && !t.contains("|");
  }

  static int leadingSpace(final String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private LetterLayout() {}
}
