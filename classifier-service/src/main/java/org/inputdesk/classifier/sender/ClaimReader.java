package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import org.inputdesk.classifier.sender.Claim.Source;
import org.inputdesk.classifier.sender.LetterLayout.Line;
import org.inputdesk.classifier.sender.NameIndex.Hit;

/**
 * Reads who a message says it is from: reads the body, the attachments' text, the subject and the
 * From display name, and writes the claims found in letterheads (the first lines), signatures (the
 * lines after the closing), "on behalf of" and "the contribution of" phrases and the first
 * sentence, with the organisation's name as written: cut at the name's end, in its own case. Also
 * reads "in my personal capacity" and whether a person's name signs the message. Finds the parts of
 * each text ({@link LetterLayout}) and leaves each part's reading to {@link LineReader}, {@link
 * SentenceReader} and {@link PersonalReader}.
 */
final class ClaimReader {

  /** All a message says of its sender. */
  record Reading(List<Claim> claims, String personalEvidence, String signedBy) {}

  private final NameIndex index;
  private final SegmentReader segmentReader;
  private final LineReader lineReader;
  private final SentenceReader sentenceReader;

  ClaimReader(final NameIndex index) {
    this.index = index;
    this.segmentReader = new SegmentReader(index);
    this.lineReader = new LineReader(segmentReader);
    this.sentenceReader = new SentenceReader(segmentReader);
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
      personal = PersonalReader.personalIn(subject, index.find(subject), true);
    }
    if (author != null && author.name() != null && !author.nameIsAddress()) {
      final String name = author.name();
      final Claim c = segmentReader.segmentClaim(name, index.find(name), Source.DISPLAY_NAME, null);
      if (c != null) {
        claims.add(c.inBlock(-1));
      }
    }
    return new Reading(claims, personal, PersonalReader.signedBy(author, body, tails));
  }

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
    final List<Line> all = LetterLayout.lines(text);
    final int headEnd =
        Math.min(LetterLayout.headEnd(all), LetterLayout.cut(text, LetterLayout.HEAD));
    final int tailStart =
        Math.max(
            LetterLayout.tailStart(all),
            LetterLayout.lineStartAfter(text, text.length() - LetterLayout.TAIL));
    if (headEnd >= tailStart) {
      final List<Hit> hits = index.find(text);
      readHead(text, all, hits, label, out);
      readSignature(all, hits, label, out, tails);
      return PersonalReader.personalIn(text, hits, false);
    }
    final String head = text.substring(0, headEnd);
    final String tail = text.substring(tailStart);
    final List<Hit> headHits = index.find(head);
    final List<Hit> tailHits = index.find(tail);
    readHead(head, LetterLayout.lines(head), headHits, label, out);
    readSignature(LetterLayout.lines(tail), tailHits, label, out, tails);
    final String p = PersonalReader.personalIn(head, headHits, false);
    return p != null ? p : PersonalReader.personalIn(tail, tailHits, false);
  }

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
      if (LetterLayout.SALUTATION.matcher(t).find()
          || t.length() > LetterLayout.LONG_LINE
          || LetterLayout.isSalutationLike(t)
          || LetterLayout.isSentence(t)) {
        break; // the letter has begun
      }
      nonBlank++;
      final Claim c =
          lineReader.lineClaim(
              line,
              LetterLayout.hitsIn(hits, line.start(), line.end()),
              Source.LETTERHEAD,
              previous,
              label);
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
      if (t.length() < 40 || LetterLayout.SALUTATION.matcher(t).find() && t.length() < 80) {
        continue;
      }
      paragraphs++;
      sentenceReader.readSentence(
          text,
          line,
          LetterLayout.hitsIn(hits, line.start(), line.end()),
          paragraphs == 1,
          label,
          out);
    }
  }

  private void readSignature(
      final List<Line> lines,
      final List<Hit> hits,
      final String label,
      final List<Claim> out,
      final List<String> tails) {
    int from = -1;
    for (int i = lines.size() - 1; i >= 0; i--) {
      final String t = lines.get(i).text().strip();
      if (!t.isEmpty() && t.length() < 120 && LetterLayout.CLOSING.matcher(t).matches()) {
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
        if (t.length() > 100 || !t.isEmpty() && LetterLayout.isSentence(t)) {
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
      if (t.length() > LetterLayout.LONG_LINE) {
        break;
      }
      if (LetterLayout.isSentence(t)) {
        continue; // "P.S. We look forward to the session."
      }
      taken++;
      tail.append(t).append('\n');
      final Claim c =
          lineReader.lineClaim(
              line,
              LetterLayout.hitsIn(hits, line.start(), line.end()),
              Source.SIGNATURE,
              previous,
              label);
      if (c != null) {
        out.add(c);
      }
      previous = line;
    }
    tails.add(tail.toString());
  }
}
