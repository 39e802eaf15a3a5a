package org.inputdesk.intake.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The benchmark's mail, as varied as real submissions: plain text, HTML multipart/alternative,
 * multipart/mixed with a CSV attachment, and messages carrying an 8-page PDF (made with PDFBox), each
 * with text of its own so that nothing is measured on a cache. Reads nothing; writes nothing.
 */
final class BenchMail {

  private static final String[] WORDS =
      ("the working group member states capacity building international law norms responsible"
              + " behaviour cyberspace confidence measures critical infrastructure ransomware"
              + " stakeholders consultation submission proposal paragraph draft report session"
              + " chair delegation supports welcomes recalls encourages information security"
              + " development cooperation assistance regional organisations private sector")
          .split(" ");

  private final Random random;

  BenchMail(final long seed) {
    this.random = new Random(seed);
  }

  /** Message {@code i} of the small workload: plain, HTML or with a CSV, in turn. */
  byte[] small(final int i) {
    return switch (i % 3) {
      case 0 -> plain(i);
      case 1 -> html(i);
      default -> csv(i);
    };
  }

  private String headers(final int i, final String kind, final String contentType) {
    return "From: Delegation "
        + i
        + " <"
        + kind
        + "-"
        + i
        + "@mission"
        + (i % 97)
        + ".example.org>\r\nTo: inputs@oewg.example.org\r\nSubject: [OEWG] Input "
        + i
        + " on the draft report\r\nDate: Mon, 04 Mar 2024 10:15:00 +0100\r\nMessage-ID: <"
        + kind
        + "-"
        + i
        + "@bench.example.org>\r\nMIME-Version: 1.0\r\nContent-Type: "
        + contentType
        + "\r\n";
  }

  private byte[] plain(final int i) {
    return (headers(i, "plain", "text/plain; charset=utf-8")
            + "Content-Transfer-Encoding: 8bit\r\n\r\n"
            + words(1_700 + random.nextInt(3_000))
            + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] html(final int i) {
    final String text = words(1_200 + random.nextInt(2_000));
    final StringBuilder html = new StringBuilder("<html><body>");
    for (final String para : text.split("\r\n\r\n|(?<=\\.)\r\n")) {
      html.append("<p style=\"font-family:Arial\">").append(para).append("</p>\r\n");
    }
    html.append("</body></html>");
    return (headers(i, "html", "multipart/alternative; boundary=\"alt" + i + "\"")
            + "\r\n--alt"
            + i
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit"
            + "\r\n\r\n"
            + text
            + "\r\n--alt"
            + i
            + "\r\nContent-Type: text/html; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            + quotedPrintable(html.toString())
            + "\r\n--alt"
            + i
            + "--\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] csv(final int i) {
    final StringBuilder csv = new StringBuilder("paragraph,proposal,support\r\n");
    final int rows = 20 + random.nextInt(60);
    for (int r = 0; r < rows; r++) {
      csv.append(r + 1).append(",\"").append(words(40 + random.nextInt(60)).replace("\r\n", " "));
      csv.append("\",").append(random.nextBoolean() ? "yes" : "no").append("\r\n");
    }
    return (headers(i, "csv", "multipart/mixed; boundary=\"mix" + i + "\"")
            + "\r\n--mix"
            + i
            + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + words(400 + random.nextInt(800))
            + "\r\n--mix"
            + i
            + "\r\nContent-Type: text/csv; name=\"proposals.csv\"\r\n"
            + "Content-Disposition: attachment; filename=\"proposals.csv\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + base64Lines(csv.toString().getBytes(StandardCharsets.UTF_8))
            + "\r\n--mix"
            + i
            + "--\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Message {@code i} of the PDF workload: a short body and an 8-page PDF of its own. */
  byte[] withPdf(final int i) {
    return (headers(i, "pdf", "multipart/mixed; boundary=\"pdf" + i + "\"")
            + "\r\n--pdf"
            + i
            + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + words(300 + random.nextInt(500))
            + "\r\n--pdf"
            + i
            + "\r\nContent-Type: application/pdf; name=\"input-"
            + i
            + ".pdf\"\r\nContent-Disposition: attachment; filename=\"input-"
            + i
            + ".pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64Lines(pdf(i, 8))
            + "\r\n--pdf"
            + i
            + "--\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A PDF of {@code pages} pages of running text (about 45 lines a page), a title on the first. */
  byte[] pdf(final int i, final int pages) {
    try (PDDocument doc = new PDDocument()) {
      final PDType1Font body = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
      final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      for (int p = 0; p < pages; p++) {
        final PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.beginText();
          content.newLineAtOffset(72, 720);
          if (p == 0) {
            content.setFont(bold, 14);
            content.showText("Written input " + i + " of the delegation to the working group");
            content.newLineAtOffset(0, -24);
          }
          content.setFont(body, 11);
          for (int line = 0; line < 45; line++) {
            content.showText(line(85));
            content.newLineAtOffset(0, -14);
          }
          content.endText();
        }
      }
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String line(final int chars) {
    final StringBuilder sb = new StringBuilder(chars + 16);
    while (sb.length() < chars) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return sb.toString().strip();
  }

  private String words(final int chars) {
    final StringBuilder sb = new StringBuilder(chars + 16);
    int line = 0;
    int sentence = 0;
    while (sb.length() < chars) {
      final String w = WORDS[random.nextInt(WORDS.length)];
      sb.append(w);
      line += w.length() + 1;
      if (++sentence % 14 == 0) {
        sb.append('.');
      }
      if (line > 70) {
        sb.append("\r\n");
        line = 0;
      } else {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  private static String quotedPrintable(final String s) {
    final StringBuilder out = new StringBuilder(s.length() + s.length() / 20);
    int column = 0;
    for (final char c : s.toCharArray()) {
      if (c == '\r' || c == '\n') {
        out.append(c);
        column = 0;
        continue;
      }
      final String piece = c == '=' ? "=3D" : String.valueOf(c);
      if (column + piece.length() > 75) {
        out.append("=\r\n");
        column = 0;
      }
      out.append(piece);
      column += piece.length();
    }
    return out.toString();
  }

  private static String base64Lines(final byte[] bytes) {
    return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(bytes);
  }
}
