package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.classifier.sender.Claim.Source;
import org.inputdesk.classifier.sender.Lexicon.Role;
import org.inputdesk.classifier.sender.NameIndex.Entry;
import org.inputdesk.classifier.sender.NameIndex.Hit;

/**
 * Reads who a message says it is from: reads the body, the attachments' text, the subject and the
 * From display name, and writes the claims found in letterheads (the first lines), signatures (the
 * lines after the closing), "on behalf of" and "the contribution of" phrases and the first
 * sentence, with the organisation's name as written: cut at the name's end, in its own case. Also
 * reads "in my personal capacity" and whether a person's name signs the message.
 */
final class ClaimReader {

  /** All a message says of its sender. */
  record Reading(List<Claim> claims, String personalEvidence, String signedBy) {}

  private static final int HEAD = 2500;
  private static final int TAIL = 1600;
  private static final int LONG_LINE = 170;

  private static final Pattern SALUTATION =
      Pattern.compile(
          "^\\s*(?:dear|to whom|excellenc|your excellenc|madam|mesdames|madame|monsieur|messieurs"
              + "|cher|chère|chers|estimad|señor|señora|distinguid|уважаем|尊敬的|السيد|السادة|سعادة"
              + "|sehr geehrte|liebe|exmo|exma|exmos|prezad|caro|cara|hello|hi\\b|bonjour|hola|olá|ola\\b"
              + "|guten tag|здравствуйте|добрый день|مرحبا|您好|good (?:morning|afternoon|evening)"
              + "|greetings|colleagues|chers collègues|estimados|tisztelt|تحية طيبة)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern CLOSING =
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
  private static final Pattern NOT_A_NAME_LINE =
      Pattern.compile(
          "@|https?:|www\\.|\\b(?:tel|fax|phone|mobile|tél|тел|電話|电话)\\b|^\\s*[+(]?\\d"
              + "|\\b(?:street|avenue|road|plaza|suite|floor|p\\.?o\\.? box|rue|calle|avenida|rua"
              + "|straße|strasse|platz|шоссе|проспект|ул\\.|пр\\.|чистопрудный|zip)\\b"
              + "|\\b\\d{4,6}\\b",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern SEGMENTS = Pattern.compile("\\s+[|–—•·/]\\s+|\\t+|\\s{3,}|\\s-\\s");
  /** Non-profit legal forms a reader leaves out of a name: "CENTR vzw", "Chaos Computer Club e.V.". */
  private static final Pattern TRAILING_LEGAL_FORM =
      Pattern.compile("(?i)[\\s,]+(?:i?vzw|a?isbl|asbl|g?\\.?e\\.\\s?V\\.|gGmbH)\\s*$");
  /** A city after a dash closing a signature line: "League of Arab States – Cairo". */
  private static final Pattern TRAILING_DASHED_WORD = Pattern.compile("\\s+[–—]\\s+\\S+\\s*$");
  private static final Pattern TRAILING_ACRONYM = Pattern.compile("\\s*[(（][^()（）]{1,30}[)）]\\s*$");
  private static final Pattern UN_SUFFIX =
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
  private static final Set<String> CONNECTORS =
      Set.of(
          "of", "for", "the", "and", "on", "in", "at", "to", "de", "du", "des", "la", "le", "les",
          "l'", "d'", "del", "el", "los", "las", "y", "e", "et", "en", "da", "do", "das", "dos",
          "di", "della", "für", "und", "der", "die", "den", "dem", "zu", "von", "vom", "am", "an",
          "&", "–", "-", "и", "по", "при", "для", "в", "имени", "al", "van", "voor", "het");
  private static final Set<String> ARTICLES =
      Set.of(
          "the", "la", "le", "les", "el", "los", "las", "o", "os", "a", "as", "die", "der", "das",
          "l'", "this", "our", "notre", "nuestra", "nuestro");
  private static final Pattern COMPANY_FORM_ONLY =
      Pattern.compile(
          "(?:Inc\\.?|Ltd\\.?|LLC|L\\.L\\.C\\.|PLC|plc|GmbH|AG|SE|S\\.A\\.?|SA|S\\.A\\.S\\.?|SAS"
              + "|S\\.p\\.A\\.?|S\\.r\\.l\\.?|S\\.L\\.?|Ltda\\.?|B\\.V\\.?|N\\.V\\.?|Corp\\.?|Co\\.?|e\\.\\s?V\\.?"
              + "|Limited|Oy|AB|ASA|A/S|K\\.K\\.|Pte\\.? Ltd\\.?|Pty\\.? Ltd\\.?)");
  private static final Pattern FIRST_PERSON =
      Pattern.compile(
          "(?:^|[^\\p{L}])(?:i|i'm|i’m|my|me|myself|je|j'|j’|mon|ma|mes|moi|yo|mi|mis|me|я|мой|моя|мои"
              + "|меня|мне|eu|meu|minha|meus|minhas|ich|mein|meine|meiner)(?:[^\\p{L}]|$)|我|بصفتي|رأيي|أنا",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  // "on behalf of Ambassador Jane Smith" names a person, not an organisation
  private static final Pattern TITLE =
      Pattern.compile(
          "(?:mr|mrs|ms|dr|prof|professor|h\\.\\s?e|his|her|ambassador|minister|secretary|director"
              + "|chair|chairman|chairperson|president|sir|madam|mme|m|sr|sra|dra|don|doña|herr|frau"
              + "|господин|госпожа|посол|министр)\\b\\.?",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  // the finite verbs a submission's first sentence uses, in the languages whose names are cased
  private static final Set<String> SENTENCE_VERBS =
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
  private static final Pattern GENERIC_PERSONAL =
      Pattern.compile("(?:in an? |as an? |writing in a )", Pattern.CASE_INSENSITIVE);
  private static final Pattern RU_VERB =
      Pattern.compile(
          "\\p{L}+(?:ает|яет|ует|юет|еет|ит|ют|ят|ется|ится|ются|ятся|аю|яю|ую|аем|яем|уем)",
          Pattern.UNICODE_CASE);
  private static final Pattern CJK_STOP = Pattern.compile("[，。、；：！？,.;:!?\\s（(谨现特向就对]");

  private final NameIndex index;

  ClaimReader(final NameIndex index) {
    this.index = index;
  }

  /** Reads a message; any argument may be null. */
  Reading read(
      final String body,
      final List<String> attachments,
      final String subject,
      final FromHeader.Mailbox author) {
    final List<Claim> claims = new ArrayList<>();
    String personal = null;
    final List<String> tails = new ArrayList<>();
    final String label = domainLabel(author);
    if (body != null && !body.isBlank()) {
      personal = readText(body, 0, claims, tails, label);
    }
    if (attachments != null) {
      int block = 0;
      for (final String a : attachments) {
        block++;
        if (a != null && !a.isBlank()) {
          final String p = readText(a, block, claims, tails, label);
          personal = personal == null ? p : personal;
        }
      }
    }
    if (personal == null && subject != null) {
      personal = personalIn(subject, index.find(subject), true);
    }
    if (author != null && author.name() != null && !author.nameIsAddress()) {
      final String name = author.name();
      final Claim c = segmentClaim(name, index.find(name), Source.DISPLAY_NAME, null);
      if (c != null) {
        claims.add(c.inBlock(-1));
      }
    }
    return new Reading(claims, personal, signedBy(author, body, tails));
  }

  private record Line(int start, int end, String text) {}

  /**
   * The label an organisation's own domain names it by ({@code cipesa} of edna@cipesa.org), or null
   * for a shared domain.
   */
  private String domainLabel(final FromHeader.Mailbox author) {
    if (author == null || author.address() == null) {
      return null;
    }
    final String[] labels = author.domain().split("\\.");
    if (labels.length < 2) {
      return null;
    }
    int i = labels.length - 2;
    // example.org.br, example.co.uk: the label before the second-level suffix
    if (i > 0 && labels[i].length() <= 3 && labels[labels.length - 1].length() == 2) {
      i--;
    }
    final String label = labels[i];
    return label.length() >= 3 ? label : null;
  }

  private static String squash(final String s) {
    final StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  /** Reads one text's letterhead, first paragraphs and signature; returns a personal phrase. */
  private String readText(
      final String text,
      final int block,
      final List<Claim> claims,
      final List<String> tails,
      final String label) {
    final List<Claim> out = new ArrayList<>();
    final String personal = readText(text, out, tails, label);
    for (final Claim c : out) {
      claims.add(c.inBlock(block));
    }
    return personal;
  }

  /**
   * Reads only where senders name themselves: the letterhead and first paragraphs, and the closing
   * and signature; the middle of a long text is what it is about, not who wrote it.
   */
  private String readText(
      final String text, final List<Claim> out, final List<String> tails, final String label) {
    final List<Line> all = lines(text);
    final int headEnd = Math.min(headEnd(all), cut(text, HEAD));
    final int tailStart = Math.max(tailStart(all), lineStartAfter(text, text.length() - TAIL));
    if (headEnd >= tailStart) {
      final List<Hit> hits = index.find(text);
      readHead(text, all, hits, label, out);
      readSignature(all, hits, label, out, tails);
      return personalIn(text, hits, false);
    }
    final String head = text.substring(0, headEnd);
    final String tail = text.substring(tailStart);
    final List<Hit> headHits = index.find(head);
    final List<Hit> tailHits = index.find(tail);
    readHead(head, lines(head), headHits, label, out);
    readSignature(lines(tail), tailHits, label, out, tails);
    final String p = personalIn(head, headHits, false);
    return p != null ? p : personalIn(tail, tailHits, false);
  }

  /** Where the letterhead and the first three paragraphs end. */
  private static int headEnd(final List<Line> lines) {
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
  private static int tailStart(final List<Line> lines) {
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

  private static int lineStartAfter(final String text, final int at) {
    if (at <= 0) {
      return 0;
    }
    final int nl = text.indexOf('\n', at);
    return nl < 0 ? at : nl + 1;
  }

  private static int cut(final String text, final int at) {
    final int nl = text.indexOf('\n', at);
    return nl < 0 || nl > at + 400 ? at : nl;
  }

  private static List<Line> lines(final String text) {
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

  private static List<Hit> hitsIn(final List<Hit> hits, final int start, final int end) {
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

  // ---------------------------------------------------------------- letterhead and first lines

  private void readHead(
      final String text,
      final List<Line> lines,
      final List<Hit> hits,
      final String label,
      final List<Claim> out) {
    int i = 0;
    int nonBlank = 0;
    Line previous = null;
    for (; i < lines.size() && nonBlank < 10; i++) {
      final Line line = lines.get(i);
      final String t = line.text().strip();
      if (t.isEmpty()) {
        continue;
      }
      if (SALUTATION.matcher(t).find()
          || t.length() > LONG_LINE
          || isSalutationLike(t)
          || isSentence(t)) {
        break; // the letter has begun
      }
      nonBlank++;
      final Claim c =
          lineClaim(
              line, hitsIn(hits, line.start(), line.end()), Source.LETTERHEAD, previous, label);
      if (c != null) {
        out.add(c);
      }
      previous = line;
    }
    // the first sentences: who "submits", on whose behalf, whose contribution
    int paragraphs = 0;
    for (; i < lines.size() && paragraphs < 3; i++) {
      final Line line = lines.get(i);
      final String t = line.text().strip();
      if (t.length() < 40 || SALUTATION.matcher(t).find() && t.length() < 80) {
        continue;
      }
      paragraphs++;
      readSentence(text, line, hitsIn(hits, line.start(), line.end()), paragraphs == 1, label, out);
    }
  }

  /** A sentence, not a letterhead line: it ends as one, or has a finite verb or a pronoun. */
  private static boolean isSentence(final String t) {
    final char last = t.charAt(t.length() - 1);
    if ((last == '.' && !endsWithAbbreviation(t)) || last == '!' || last == '?' || last == '。') {
      return true;
    }
    if (isUncased(t.charAt(0))) {
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

  private static boolean isSalutationLike(final String t) {
    final char last = t.charAt(t.length() - 1);
    return t.length() < 60
        && (last == ',' || last == '!' || last == '：' || last == ':')
        && !t.contains("|");
  }

  /** "On behalf of X", "the contribution of X" anywhere; the sentence's subject in the first. */
  private void readSentence(
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
      final int start = line.start() + leadingSpace(line.text());
      final Claim c = nameAt(text, line, hits, start, Source.TEXT, false, label);
      if (c != null) {
        out.add(c);
      }
    }
  }

  private static int leadingSpace(final String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
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
    final int start = skipArticles(text, from, line.end());
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
    name = TRAILING_ACRONYM.matcher(name).replaceFirst("");
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
      final Claim c = segmentClaim(name, inside, source, null);
      return c != null
          ? withEvidence(c, source, evidence)
          : new Claim(SenderTypes.UNKNOWN, cleanName(name), null, null, source, 2, evidence);
    }
    if (!afterPhrase && (!opensWithName(name, inside) || !submits(text, end, line.end()))) {
      return null; // a first sentence names its sender at its very start
    }
    final Claim c = segmentClaim(name, inside, source, null);
    if (c == null) {
      if (afterPhrase
          && source == Source.ON_BEHALF
          && inside.isEmpty()
          && properName(name)
          && !TITLE.matcher(name).lookingAt()) {
        return new Claim(SenderTypes.UNKNOWN, cleanName(name), null, null, source, 2, evidence);
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
  private static boolean submits(final String text, final int end, final int limit) {
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
        c.type(), cleanName(c.organisation()), c.state(), c.org(), source, c.level(), evidence);
  }

  private static final Pattern ACRONYM_AFTER = Pattern.compile("\\s*[(（]([^()（）]{2,20})[)）]");

  private static boolean acronymAfter(
      final String text, final int end, final int limit, final String label) {
    final Matcher m = ACRONYM_AFTER.matcher(text).region(end, limit);
    return m.lookingAt() && squash(m.group(1)).equals(label);
  }

  /** At least two capitalised words, or an acronym: a name, not "business" or "my colleagues". */
  private static boolean properName(final String name) {
    final String[] words = name.strip().split("\\s+");
    if (words.length == 1) {
      return words[0].length() >= 2 && !hasLower(words[0]);
    }
    return Character.isUpperCase(words[0].charAt(0))
        && Character.isUpperCase(words[words.length - 1].charAt(0));
  }

  private static boolean hasLower(final String w) {
    for (int i = 0; i < w.length(); i++) {
      if (Character.isLowerCase(w.charAt(i))) {
        return true;
      }
    }
    return false;
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
        if (!RU_ADJECTIVE.matcher(w).matches() && hasLower(w)) {
          return false;
        }
      }
    }
    return true;
  }

  private static final Pattern RU_ADJECTIVE =
      Pattern.compile(
          "\\p{L}+(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ой|ей|ых|их)", Pattern.UNICODE_CASE);

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

  private static int skipArticles(final String text, final int from, final int limit) {
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

  /**
   * Where a name that begins at {@code start} ends: after its last capitalised word, a known name
   * or a legal form; never inside a name the index found, never past a lower-case word that is not
   * a connector ("University of Coimbra submits" ends before "submits").
   */
  private static int nameEnd(
      final String text, final int start, final int limit, final List<Hit> hits) {
    if (start < limit && isUncased(text.charAt(start))) {
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
      while (j < limit && isWordChar(text, j)) {
        j++;
      }
      if (j == i) {
        if (c == ',') {
          final Matcher form =
              COMPANY_FORM_ONLY.matcher(text).region(Math.min(i + 1, limit), limit);
          final int k = skipSpaces(text, i + 1, limit);
          if (form.region(k, limit).lookingAt() && wordEndsAt(text, form.end(), limit)) {
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
        if (cyrillic && end > start && RU_VERB.matcher(word).matches() && !isUpper(word)) {
          break;
        }
        end = j;
      } else if (CONNECTORS.contains(lower) || lower.startsWith("d'") || lower.startsWith("l'")) {
        // kept only when a capitalised word follows
      } else if (cyrillic && !RU_VERB.matcher(word).matches()) {
        end = j; // Russian names run on in lower case: "государственный университет"
      } else {
        break;
      }
      i = j;
    }
    while (end > start
        && ".,;:".indexOf(text.charAt(end - 1)) >= 0
        && !endsWithAbbreviation(text.substring(start, end))) {
      end--;
    }
    return end;
  }

  private static boolean isUpper(final String w) {
    return !w.equals(w.toLowerCase(Locale.ROOT));
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
    if (end > 0 && isCjkAt(text, start)) {
      return end;
    }
    if (end > 0) {
      final Matcher suffix = UN_SUFFIX.matcher(text).region(end, limit);
      return suffix.lookingAt() ? suffix.end() : end;
    }
    return start;
  }

  private static boolean isCjkAt(final String text, final int at) {
    return Character.UnicodeScript.of(text.charAt(at)) == Character.UnicodeScript.HAN;
  }

  private static boolean isUncased(final char c) {
    final Character.UnicodeScript s = Character.UnicodeScript.of(c);
    return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.ARABIC;
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

  private static boolean isWordChar(final String text, final int i) {
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

  private static int skipSpaces(final String text, final int from, final int limit) {
    int i = from;
    while (i < limit && text.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static boolean wordEndsAt(final String text, final int at, final int limit) {
    return at >= limit || !Character.isLetterOrDigit(text.charAt(at));
  }

  private static boolean endsWithAbbreviation(final String name) {
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

  // ---------------------------------------------------------------- signature

  private void readSignature(
      final List<Line> lines,
      final List<Hit> hits,
      final String label,
      final List<Claim> out,
      final List<String> tails) {
    int from = -1;
    for (int i = lines.size() - 1; i >= 0; i--) {
      final String t = lines.get(i).text().strip();
      if (!t.isEmpty() && t.length() < 120 && CLOSING.matcher(t).matches()) {
        from = i + 1;
        break;
      }
    }
    if (from < 0) {
      // no closing: the short lines at the very end
      int i = lines.size() - 1;
      int shortLines = 0;
      while (i >= 0 && shortLines < 8) {
        final String t = lines.get(i).text().strip();
        if (t.length() > 100 || !t.isEmpty() && isSentence(t)) {
          break;
        }
        if (!t.isEmpty()) {
          shortLines++;
        }
        i--;
      }
      from = i + 1;
    }
    final StringBuilder tail = new StringBuilder();
    Line previous = null;
    int taken = 0;
    for (int i = from; i < lines.size() && taken < 12; i++) {
      final Line line = lines.get(i);
      final String t = line.text().strip();
      if (t.isEmpty()) {
        continue;
      }
      if (t.length() > LONG_LINE) {
        break;
      }
      if (isSentence(t)) {
        continue; // "P.S. We look forward to the session."
      }
      taken++;
      tail.append(t).append('\n');
      final Claim c =
          lineClaim(
              line, hitsIn(hits, line.start(), line.end()), Source.SIGNATURE, previous, label);
      if (c != null) {
        out.add(c);
      }
      previous = line;
    }
    tails.add(tail.toString());
  }

  // ---------------------------------------------------------------- one line, one segment

  private Claim lineClaim(
      final Line line,
      final List<Hit> hits,
      final Source source,
      final Line previous,
      final String label) {
    final String t = line.text();
    if (t.isBlank()
        || SALUTATION.matcher(t.strip()).find()
        || CLOSING.matcher(t.strip()).matches()) {
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
    if (label == null || t.length() > 80 || !nameLike(t)) {
      return null;
    }
    final String name = TRAILING_ACRONYM.matcher(t).replaceFirst("");
    final Matcher acronym = ACRONYM_AFTER.matcher(t);
    final boolean inBrackets = acronym.find() && squash(acronym.group(1)).equals(label);
    if (squash(name).equals(label) || inBrackets) {
      return new Claim(SenderTypes.UNKNOWN, cleanName(name), null, null, source, 2, t);
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
      if (spanned || COMPANY_FORM_ONLY.matcher(right).matches()) {
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
      if (w.isEmpty() || !Character.isUpperCase(w.charAt(0)) || !hasLower(w)) {
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
    final Claim c = segmentClaim(part, inside, source, previous == null ? null : previous.text());
    if (c == null) {
      return null;
    }
    return new Claim(
        c.type(),
        cleanName(c.organisation()),
        c.state(),
        c.org(),
        source,
        c.level(),
        line.text().strip());
  }

  /**
   * The claim a name-like segment makes, from the names and phrases found in it: a State's body
   * with its country, a known organisation, or a name whose head nouns tell its type.
   */
  Claim segmentClaim(
      final String seg, final List<Hit> hits, final Source source, final String previousLine) {
    if (hits.isEmpty()) {
      return null;
    }
    final boolean nameLike = nameLike(seg);
    // a State's body: "Permanent Mission of [the Republic of] Singapore [to the United Nations]"
    for (final Hit k : hits) {
      final Role role = k.entry().role();
      if (role == Role.STATE_BODY) {
        final Hit after = firstAfter(seg, hits, k);
        if (after != null && after.entry().isCountry()) {
          final boolean whole =
              nameLike
                  || k.start() == 0
                      && unSuffixAt(seg, after.end())
                      && !seg.strip().endsWith(".")
                      && seg.length() <= 200;
          final String name = whole ? seg : withUnSuffix(seg, k.start(), after.end());
          return state(after, name, source, seg);
        }
        if (after != null && after.entry().isOrganisation()) {
          final String name = nameLike ? seg : withUnSuffix(seg, k.start(), after.end());
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
          || CONNECTORS.contains(lower)
          || lower.startsWith("l'")
          || lower.startsWith("d'")
          || isUncased(c))) {
        return false;
      }
    }
    return true;
  }

  private static boolean unSuffixAt(final String seg, final int at) {
    return UN_SUFFIX.matcher(seg).region(at, seg.length()).lookingAt();
  }

  private static String withUnSuffix(final String seg, final int start, final int end) {
    final Matcher m = UN_SUFFIX.matcher(seg).region(end, seg.length());
    return seg.substring(start, m.lookingAt() ? m.end() : end);
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
          || SENTENCE_VERBS.contains(bare)) {
        return false; // a sentence, wrapped, not a name: "The X Institute offers the following"
      }
    }
    return lower <= (cyrillic ? 12 : 3);
  }

  // "eco – Verband der Internetwirtschaft e.V.": a short lower-case brand before a capital
  private static boolean brandFirst(final String[] words) {
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

  private static char firstLetter(final String s) {
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
    for (final Pattern trailing : List.of(TRAILING_ACRONYM, TRAILING_LEGAL_FORM, TRAILING_DASHED_WORD)) {
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

  // ---------------------------------------------------------------- a person

  private static String personalIn(final String text, final List<Hit> hits, final boolean subject) {
    for (final Hit h : hits) {
      if (h.entry().role() != Role.PERSONAL) {
        continue;
      }
      final String phrase = text.substring(h.start(), h.end());
      // "as an individual", "in a personal capacity" may speak of others; the other languages'
      // phrases, like "in my personal capacity", speak of the writer
      if (subject
          || FIRST_PERSON.matcher(phrase).find()
          || !GENERIC_PERSONAL.matcher(phrase).lookingAt()) {
        return phrase;
      }
      final int from = Math.max(0, h.start() - 160);
      final int to = Math.min(text.length(), h.end() + 160);
      if (FIRST_PERSON.matcher(text.substring(from, to)).find()) {
        return text.substring(from, to).strip();
      }
    }
    return null;
  }

  /** The author's name when it signs the message: the display name, or the address's words. */
  private static String signedBy(
      final FromHeader.Mailbox author, final String body, final List<String> tails) {
    if (author == null) {
      return null;
    }
    final String tail = String.join("\n", tails).toLowerCase(Locale.ROOT);
    final String name = author.name();
    if (name != null && !author.nameIsAddress()) {
      final String n = name.toLowerCase(Locale.ROOT);
      if (isUncased(name.charAt(0)) && n.length() >= 2 && tail.contains(n)) {
        return name;
      }
      int found = 0;
      int words = 0;
      for (final String w : n.split("[\\s,.]+")) {
        if (w.length() >= 2 && Character.isLetter(w.charAt(0))) {
          words++;
          if (containsWord(tail, w)) {
            found++;
          }
        }
      }
      if (words >= 1 && found >= Math.min(2, words) && words <= 5) {
        return name;
      }
    }
    if (author.address() != null) {
      final String local =
          author.address().substring(0, author.address().indexOf('@')).toLowerCase(Locale.ROOT);
      int found = 0;
      final List<String> parts = new ArrayList<>();
      for (final String w : local.split("[._\\-+0-9]+")) {
        if (w.length() >= 3) {
          parts.add(w);
          if (containsWord(tail, w)) {
            found++;
          }
        }
      }
      if (parts.size() >= 2 && found >= 2) {
        return String.join(" ", parts);
      }
    }
    return null;
  }

  private static boolean containsWord(final String text, final String word) {
    int at = text.indexOf(word);
    while (at >= 0) {
      final boolean before = at == 0 || !Character.isLetter(text.charAt(at - 1));
      final int end = at + word.length();
      final boolean after = end >= text.length() || !Character.isLetter(text.charAt(end));
      if (before && after) {
        return true;
      }
      at = text.indexOf(word, at + 1);
    }
    return false;
  }
}
