package org.inputdesk.cli;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The sample submissions of the local run: real MIME messages from varied senders, themes and
 * languages (bundled .eml files) and one NGO letter with a PDF attachment made here.
 */
public final class SampleMail {

  private static final List<String> BUNDLED =
      List.of(
          "01-chile-mission-es.eml",
          "02-university-cbm-en.eml",
          "03-company-capacity-en.eml",
          "04-individual-fr.eml",
          "05-unidir-process-en.eml",
          "06-russian-ministry-ru.eml");

  private SampleMail() {}

  /** Every sample, ready to send to {@code to}. */
  public static List<MimeMessage> all(final Session session, final String to) {
    final List<MimeMessage> out = new ArrayList<>();
    for (final String name : BUNDLED) {
      try (InputStream in = SampleMail.class.getResourceAsStream("/local/mail/" + name)) {
        if (in == null) {
          throw new IllegalStateException("sample " + name + " is missing from the build");
        }
        final MimeMessage message = new MimeMessage(session, in);
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        out.add(message);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (MessagingException e) {
        throw new IllegalStateException("sample " + name + " is not valid MIME", e);
      }
    }
    out.add(ngoLetterWithPdf(session, to));
    return out;
  }

  /** An NGO's covering email with its submission as a PDF. */
  public static MimeMessage ngoLetterWithPdf(final Session session, final String to) {
    try {
      final MimeMessage message = new MimeMessage(session);
      message.setFrom(
          new InternetAddress("submissions@digitalrights-watch.org", "Digital Rights Watch"));
      message.setRecipients(MimeMessage.RecipientType.TO, to);
      message.setSubject("[OEWG] Submission: ransomware against hospitals and the norms", "UTF-8");
      message.setSentDate(Date.from(ZonedDateTime.parse("2026-11-20T16:45:00+01:00").toInstant()));
      message.setHeader("Message-ID", "<sample-07-drw@digitalrights-watch.org>");

      final MimeBodyPart cover = new MimeBodyPart();
      cover.setText(
          "Dear Chair,\n\nPlease find attached the written input of Digital Rights Watch, a"
              + " non-governmental organisation, on threats to health systems.\n\nKind regards,\n"
              + "Digital Rights Watch\n",
          "UTF-8");
      final MimeBodyPart pdf = new MimeBodyPart();
      pdf.setDataHandler(
          new DataHandler(new ByteArrayDataSource(submissionPdf(), "application/pdf")));
      pdf.setFileName("DRW-input-OEWG-2026.pdf");
      final MimeMultipart mixed = new MimeMultipart("mixed");
      mixed.addBodyPart(cover);
      mixed.addBodyPart(pdf);
      message.setContent(mixed);
      message.saveChanges();
      message.setHeader("Message-ID", "<sample-07-drw@digitalrights-watch.org>");
      return message;
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("cannot build the PDF sample", e);
    }
  }

  private static byte[] submissionPdf() throws IOException {
    final String[] lines = {
      "Digital Rights Watch - written input to the OEWG",
      "",
      "Ransomware attacks against hospitals and health systems have disrupted",
      "care in many countries. Such cyber-attacks on critical infrastructure are",
      "among the most serious threats in the ICT environment.",
      "",
      "We urge States to implement the agreed voluntary norms of responsible State",
      "behaviour, including the norm not to damage critical infrastructure, and to",
      "exercise due diligence regarding malicious activity from their territory.",
      "",
      "On paragraph 23 of the draft: name the health sector explicitly."
    };
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      final PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        text.setLeading(15);
        text.newLineAtOffset(60, 720);
        for (final String line : lines) {
          text.showText(line);
          text.newLine();
        }
        text.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }
}
