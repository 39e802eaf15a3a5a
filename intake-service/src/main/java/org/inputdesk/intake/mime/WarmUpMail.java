package org.inputdesk.intake.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A made-up submission with the parts real mail has (plain text, HTML, a CSV and a one-page PDF),
 * read once while intake sets up Kafka: the parsers, PDF fonts and language profiles are loaded
 * then, not while the first batch waits. Reads nothing; writes nothing.
 */
final class WarmUpMail {

  private static final String TEXT =
      "The delegation welcomes the draft report and supports the proposals on capacity-building"
          + " and confidence-building measures.";

  private WarmUpMail() {}

  static byte[] message() {
    final String mime =
        "From: Warm-up <warm-up@intake.invalid>\r\nTo: inputs@intake.invalid\r\n"
            + "Subject: Warm-up\r\nDate: Mon, 04 Mar 2024 10:15:00 +0100\r\n"
            + "Message-ID: <warm-up@intake.invalid>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
            + "--m\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
            + "--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + TEXT
            + "\r\n--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>"
            + TEXT
            + "</p></body></html>\r\n--a--\r\n"
            + "--m\r\nContent-Type: text/csv; name=\"w.csv\"\r\n"
            + "Content-Disposition: attachment; filename=\"w.csv\"\r\n\r\n"
            + "paragraph,proposal\r\n1,\""
            + TEXT
            + "\"\r\n"
            + "--m\r\nContent-Type: application/pdf; name=\"w.pdf\"\r\n"
            + "Content-Disposition: attachment; filename=\"w.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(pdf())
            + "\r\n--m--\r\n";
    return mime.getBytes(StandardCharsets.UTF_8);
  }

  /** One page of text in Helvetica, with a correct cross-reference table. */
  static byte[] pdf() {
    final String content = "BT /F1 12 Tf 72 720 Td (" + TEXT + ") Tj ET";
    final List<String> objects =
        List.of(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R"
                + " >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream");
    final StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
    final List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      offsets.add(pdf.length());
      pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
    }
    final int xref = pdf.length();
    pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
    for (final int offset : offsets) {
      pdf.append(String.format(Locale.ROOT, "%010d 00000 n \n", offset));
    }
    pdf.append("trailer\n<< /Size ")
        .append(objects.size() + 1)
        .append(" /Root 1 0 R >>\nstartxref\n")
        .append(xref)
        .append("\n%%EOF\n");
    return pdf.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
