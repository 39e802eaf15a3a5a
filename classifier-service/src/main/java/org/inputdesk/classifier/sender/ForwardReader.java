package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a message body for what is not the sender's own input: reads the subject and the body,
 * writes the body without a forwarding note (the original message's headers read for its sender)
 * and without quoted earlier messages ({@code >} lines, "On ... wrote:" and the like, an "Original
 * Message" block under a reply). Forwards are told by their subject prefix
 * (Fwd:/Fw:/TR:/RV:/WG:/Пересл:/转发:/إعادة توجيه) and the blocks mail programs write in the six UN
 * languages plus Portuguese and German.
 */
public final class ForwardReader {

  /** The body as the sender's own input, and who wrote it when it was forwarded. */
  public record Unwrapped(
      String text,
      boolean forwarded,
      FromHeader.Mailbox original,
      String originalFromLine,
      boolean textChanged) {}

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  private static final String FORWARD_WORDS =
      "fwd?|fw|tr|rv|wg|enc|encaminhada|doorst|vs|vb|wtr|pd|пересл|пересылка|转发|轉寄|إعادة توجيه"
          + "|إعادة\\s+توجيه|fwd\\s*\\d*";
  private static final Pattern SUBJECT_FORWARD =
      Pattern.compile("^\\s*(?:\\[[^\\]]{1,40}\\]\\s*)*(?:" + FORWARD_WORDS + ")\\s*[:：]", FLAGS);
  private static final Pattern SUBJECT_PREFIXES =
      Pattern.compile(
          "^((?:\\[[^\\]]{1,40}\\]\\s*)*)((?:(?:" + FORWARD_WORDS + ")\\s*[:：]\\s*)+)", FLAGS);
  private static final Pattern SUBJECT_REPLY =
      Pattern.compile(
          "^\\s*(?:\\[[^\\]]{1,40}\\]\\s*)*(?:re|aw|sv|res|ref|antw|ответ|回复|回覆|رد)\\s*[:：]",
          FLAGS);

  // lines that open a forwarded message, whatever comes below them
  private static final Pattern FORWARD_MARKER =
      Pattern.compile(
          "^\\s*[-_=*>\\s]*(?:forwarded message|forwarded e-?mail|begin forwarded message"
              + "|message transféré|message transfere|début du message (?:réexpédié|transféré)"
              + "|mensaje reenviado|inicio del mensaje reenviado|mensagem encaminhada"
              + "|início da mensagem reencaminhada|mensagem reencaminhada"
              + "|weitergeleitete nachricht|anfang der weitergeleiteten nachricht"
              + "|пересылаемое сообщение|пересланное сообщение|начало переадресованного сообщения"
              + "|переадресованное сообщение|转发的邮件|转发邮件|已转发邮件|原始邮件"
              + "|الرسالة المعاد توجيهها|الرسالة المُعاد توجيهها|رسالة معاد توجيهها"
              + "|doorgestuurd bericht|messaggio inoltrato)\\s*[-_=*:：\\s]*$",
          FLAGS);
  // lines that open an earlier message in replies as in forwards
  private static final Pattern ORIGINAL_MARKER =
      Pattern.compile(
          "^\\s*[-_=*\\s]*(?:original message|message d'origine|message d’origine|message original"
              + "|mensaje original|mensagem original|ursprüngliche nachricht|исходное сообщение"
              + "|оригинальное сообщение|原始邮件|الرسالة الأصلية)\\s*[-_=*:：\\s]*$",
          FLAGS);
  private static final Pattern RULE = Pattern.compile("^\\s*(?:_{8,}|-{8,}|={8,})\\s*$");

  private static final String FROM_KEYS = "from|de|von|от|van|da|från|fra|发件人|寄件者|من";
  private static final String OTHER_KEYS =
      "sent|date|envoyé|envoye|enviado|enviada|gesendet|datum|отправлено|дата|发送时间|日期|时间"
          + "|التاريخ|أرسلت|تاريخ|to|à|a|para|an|кому|收件人|إلى|cc|cci|bcc|копия|抄送|subject|objet"
          + "|asunto|assunto|betreff|тема|主题|主旨|الموضوع|reply-to|répondre à|importance|priority";
  private static final Pattern HEADER =
      Pattern.compile(
          "^\\s*[*>]*\\s*(" + FROM_KEYS + "|" + OTHER_KEYS + ")\\s*[*]*\\s?[:：]\\s*(.*)$", FLAGS);
  private static final Pattern FROM_HEADER = Pattern.compile("^(?:" + FROM_KEYS + ")$", FLAGS);

  // "On Tue, 4 Mar 2025, Jane <jane@x.org> wrote:" and its kin
  private static final Pattern ATTRIBUTION =
      Pattern.compile(
          "^\\s*(?:on\\s.{4,240}\\swrote\\s?:|le\\s.{4,240}\\sa\\s+écrit\\s?:|el\\s.{4,240}\\sescribió\\s?:"
              + "|em\\s.{4,240}\\sescreveu\\s?:|am\\s.{4,240}\\sschrieb.{0,80}:"
              + "|.{4,240}\\s(?:написал|написала|написал\\(а\\)|пишет)\\s?:|在.{2,240}写道\\s?[:：]?"
              + "|في\\s.{4,240}كتب.{0,120}[:：]|.{2,120}\\s(?:wrote|a écrit|escribió|escreveu|schrieb)\\s?:"
              // Gmail in most languages: "пн, 3 мар. 2025 г. в 10:12, Name <address>:"
              + "|.{4,240}<[^<>\\s]+@[^<>\\s]+>\\)?\\s?:)\\s*$",
          FLAGS);
  private static final Pattern ATTRIBUTION_START =
      Pattern.compile("^\\s*(?:on|le|el|em|am)\\s.{4,200}$", FLAGS);
  private static final Pattern ATTRIBUTION_END =
      Pattern.compile(
          "^.{0,160}(?:wrote|a écrit|escribió|escreveu|schrieb|написал\\(а\\)|написал|написала)\\s?:\\s*$",
          FLAGS);

  private static final int NOTE_CHARS = 700;

  private ForwardReader() {}

  /** True when the subject begins with a forward prefix. */
  public static boolean forwardSubject(final String subject) {
    return subject != null && SUBJECT_FORWARD.matcher(subject).find();
  }

  /** The subject without its forward prefixes ("[OEWG] Fwd: Input" → "[OEWG] Input"). */
  public static String withoutForwardPrefix(final String subject) {
    if (subject == null) {
      return null;
    }
    final Matcher m = SUBJECT_PREFIXES.matcher(subject);
    return m.find() ? m.group(1) + subject.substring(m.end()) : subject;
  }

  /** Reads one body. */
  public static Unwrapped read(final String subject, final String body) {
    final String text = body == null ? "" : body;
    final List<String> lines = lines(text);
    final boolean forwardSubject = forwardSubject(subject);
    final boolean replySubject = subject != null && SUBJECT_REPLY.matcher(subject).find();

    Block chosen = null;
    int from = 0;
    while (true) {
      final Block b = nextBlock(lines, from);
      if (b == null) {
        break;
      }
      final String above = join(lines, chosen == null ? 0 : chosen.contentStart, b.markerLine);
      final boolean note = quotedOrShort(above);
      final boolean forward =
          b.forwardMarker || forwardSubject || chosen != null || (note && !replySubject);
      if (!forward || !note) {
        if (chosen == null) {
          // a reply: what is above is the input, what is below was quoted
          final String kept = withoutQuotes(lines.subList(0, b.markerLine));
          return new Unwrapped(kept, false, null, null, true);
        }
        break; // the forwarded message quotes an earlier one below: that is not the input
      }
      chosen = b;
      from = b.contentStart;
    }
    if (chosen == null) {
      final String kept = withoutQuotes(lines);
      return new Unwrapped(kept, forwardSubject, null, null, !kept.equals(text));
    }
    final int end = endOfContent(lines, chosen.contentStart);
    List<String> content = lines.subList(chosen.contentStart, end);
    if (allQuoted(content)) {
      content = unquote(content);
    }
    final String kept = withoutQuotes(content);
    final FromHeader.Mailbox original = original(chosen.fromValue);
    return new Unwrapped(kept, true, original, chosen.fromValue, true);
  }

  /**
   * A forward or original-message block: its marker line, its From value, where its text begins.
   */
  private record Block(int markerLine, int contentStart, String fromValue, boolean forwardMarker) {}

  private static Block nextBlock(final List<String> lines, final int from) {
    for (int i = from; i < lines.size(); i++) {
      final String line = lines.get(i);
      final boolean candidate = mayBeMarker(line);
      final boolean forwardMarker = candidate && FORWARD_MARKER.matcher(line).matches();
      final boolean originalMarker =
          candidate && !forwardMarker && ORIGINAL_MARKER.matcher(line).matches();
      final boolean rule =
          candidate && !forwardMarker && !originalMarker && RULE.matcher(line).matches();
      final int headersAt;
      if (forwardMarker || originalMarker || rule) {
        headersAt = skipBlank(lines, i + 1);
      } else if (line.indexOf('@') >= 0 && HEADER.matcher(line).matches() && isFromLine(line)) {
        headersAt = i; // Outlook's block without a separator line
      } else {
        continue;
      }
      final HeaderBlock h = headers(lines, headersAt);
      if (h.count >= 2 && h.fromValue != null
          || (forwardMarker || originalMarker) && h.count >= 1) {
        return new Block(i, h.end, h.fromValue, forwardMarker);
      }
      if (forwardMarker) {
        return new Block(i, headersAt, null, true); // a forward without original headers
      }
    }
    return null;
  }

  private record HeaderBlock(int count, int end, String fromValue) {}

  private static HeaderBlock headers(final List<String> lines, final int start) {
    int count = 0;
    String fromValue = null;
    int i = start;
    while (i < lines.size()) {
      final String line = lines.get(i);
      if (line.isBlank()) {
        break;
      }
      final Matcher m = HEADER.matcher(line);
      if (m.matches()) {
        count++;
        if (fromValue == null && FROM_HEADER.matcher(m.group(1).strip()).matches()) {
          fromValue = m.group(2).strip();
        }
      } else if (count == 0 || line.length() > 200) {
        break;
      }
      // else: a value wrapped onto the next line
      i++;
    }
    return new HeaderBlock(count, skipBlank(lines, i), fromValue);
  }

  private static boolean isFromLine(final String line) {
    final Matcher m = HEADER.matcher(line);
    return m.matches()
        && FROM_HEADER.matcher(m.group(1).strip()).matches()
        && m.group(2).contains("@");
  }

  private static int skipBlank(final List<String> lines, final int from) {
    int i = from;
    while (i < lines.size() && lines.get(i).isBlank()) {
      i++;
    }
    return i;
  }

  private static int endOfContent(final List<String> lines, final int from) {
    return lines.size();
  }

  private static FromHeader.Mailbox original(final String fromValue) {
    if (fromValue == null) {
      return null;
    }
    final List<FromHeader.Mailbox> all = FromHeader.parse(fromValue.replace("*", ""));
    return all.isEmpty() ? null : all.get(0);
  }

  private static boolean quotedOrShort(final String above) {
    int chars = 0;
    for (final String line : above.split("\n")) {
      final String t = line.strip();
      if (!t.isEmpty() && !t.startsWith(">")) {
        chars += t.length();
      }
    }
    return chars <= NOTE_CHARS;
  }

  private static boolean allQuoted(final List<String> lines) {
    int quoted = 0;
    for (final String l : lines) {
      final String t = l.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (!t.startsWith(">")) {
        return false;
      }
      quoted++;
    }
    return quoted > 0;
  }

  private static List<String> unquote(final List<String> lines) {
    final List<String> out = new ArrayList<>(lines.size());
    for (final String l : lines) {
      out.add(l.replaceFirst("^\\s*> ?", ""));
    }
    return out;
  }

  /** The lines without quoted ones and the lines that introduce them. */
  static String withoutQuotes(final List<String> lines) {
    final List<String> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      final String line = lines.get(i);
      final String t = line.stripLeading();
      if (t.startsWith(">")) {
        continue;
      }
      if (introducesQuote(lines, i)) {
        continue;
      }
      if (i + 1 < lines.size()
          && endsLikeAttribution(lines.get(i + 1))
          && quoteFollows(lines, i + 2)
          && ATTRIBUTION_START.matcher(line).matches()
          && ATTRIBUTION_END.matcher(lines.get(i + 1)).matches()) {
        i++; // an attribution wrapped over two lines
        continue;
      }
      out.add(line);
    }
    int end = out.size();
    while (end > 0 && out.get(end - 1).isBlank()) {
      end--;
    }
    int start = 0;
    while (start < end && out.get(start).isBlank()) {
      start++;
    }
    return String.join("\n", out.subList(start, end));
  }

  private static boolean introducesQuote(final List<String> lines, final int i) {
    final String line = lines.get(i);
    return line.length() < 400
        && endsLikeAttribution(line)
        && quoteFollows(lines, i + 1)
        && ATTRIBUTION.matcher(line).matches();
  }

  // every attribution ends with a colon, but Chinese mail programs' 写道 may stand alone
  private static boolean endsLikeAttribution(final String line) {
    int end = line.length();
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    return end > 0 && (line.charAt(end - 1) == ':' || line.charAt(end - 1) == '：')
        || line.contains("写道");
  }

  /**
   * Every marker line is short and holds a run of dashes, underscores or equals, or ends in ":".
   */
  private static boolean mayBeMarker(final String line) {
    return line.length() <= 120
        && (line.contains("--")
            || line.contains("__")
            || line.contains("==")
            || endsLikeAttribution(line));
  }

  private static List<String> lines(final String text) {
    final List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        final int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
        out.add(text.substring(start, end));
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out;
  }

  private static boolean quoteFollows(final List<String> lines, final int from) {
    final int next = skipBlank(lines, from);
    return next >= lines.size() || lines.get(next).stripLeading().startsWith(">");
  }

  private static String join(final List<String> lines, final int from, final int to) {
    return String.join("\n", lines.subList(Math.min(from, to), to));
  }

  static String lower(final String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
