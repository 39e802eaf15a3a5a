package org.inputdesk.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Real-looking test mail, built as MIME text. */
public final class TestMail {

  private TestMail() {}

  public static byte[] pdf(final String text) {
    return pdf(text, 1);
  }

  /** A PDF of {@code pages} pages, each with {@code text}. */
  public static byte[] pdf(final String text, final int pages) {
    try (PDDocument doc = new PDDocument()) {
      for (int i = 0; i < pages; i++) {
        final PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.beginText();
          content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          content.newLineAtOffset(72, 700);
          content.showText(text);
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

  public static String base64Lines(final byte[] bytes) {
    return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(bytes);
  }

  /** A submission with a plain body and one PDF attachment. */
  public static byte[] withPdf(
      final String from,
      final String to,
      final String subject,
      final String body,
      final byte[] pdf) {
    final String mime =
        "From: "
            + from
            + "\r\n"
            + "To: "
            + to
            + "\r\n"
            + "Subject: "
            + subject
            + "\r\n"
            + "Date: Mon, 04 Mar 2024 10:15:00 +0100\r\n"
            + "Message-ID: <"
            + Math.abs((subject + body).hashCode())
            + "@example.org>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + body
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: application/pdf; name=\"input.pdf\"\r\n"
            + "Content-Disposition: attachment; filename=\"input.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + base64Lines(pdf)
            + "\r\n"
            + "--b1--\r\n";
    return mime.getBytes(StandardCharsets.UTF_8);
  }

  /** A plain text message, with extra header lines (each ending CRLF). */
  public static byte[] plain(
      final String from,
      final String to,
      final String subject,
      final String extraHeaders,
      final String body) {
    final String mime =
        "From: "
            + from
            + "\r\n"
            + "To: "
            + to
            + "\r\n"
            + "Subject: "
            + subject
            + "\r\n"
            + "Date: Mon, 04 Mar 2024 10:15:00 +0100\r\n"
            + "Message-ID: <"
            + Math.abs((from + subject + body).hashCode())
            + "@example.org>\r\n"
            + extraHeaders
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + body
            + "\r\n";
    return mime.getBytes(StandardCharsets.UTF_8);
  }
}
