package org.inputdesk.intake;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * Acknowledges a submission to its sender by SMTP with the tracking number and what was received;
 * never to auto-replies, bounces or mailing lists, so no mail loops. Reads the submission; writes
 * one email.
 */
public final class Receipts {

  private final Session session;
  private final String from;
  private final String user;
  private final String password;

  public Receipts(
      final String host,
      final int port,
      final String from,
      final String user,
      final String password) {
    final Properties props = new Properties();
    props.setProperty("mail.smtp.host", host);
    props.setProperty("mail.smtp.port", String.valueOf(port));
    props.setProperty("mail.smtp.connectiontimeout", "10000");
    props.setProperty("mail.smtp.timeout", "10000");
    props.setProperty("mail.smtp.starttls.enable", "true");
    if (user != null && !user.isBlank()) {
      props.setProperty("mail.smtp.auth", "true");
    }
    this.session = Session.getInstance(props);
    this.from = from;
    this.user = user;
    this.password = password;
  }

  /**
   * Why no receipt may be sent for this submission, or null when one may: RFC 3834 Auto-Submitted,
   * Precedence bulk/list/junk, List-Id, an empty Return-Path (a bounce), or a sender that is a
   * robot address.
   */
  public static String refusal(final SubmissionReceived s) {
    final Map<String, String> h = s.getHeaders();
    final String auto = value(h, "Auto-Submitted");
    if (auto != null && !auto.equals("no")) {
      return "Auto-Submitted: " + auto;
    }
    final String precedence = value(h, "Precedence");
    if (precedence != null
        && (precedence.contains("bulk")
            || precedence.contains("list")
            || precedence.contains("junk"))) {
      return "Precedence: " + precedence;
    }
    if (value(h, "List-Id") != null) {
      return "mailing list (List-Id)";
    }
    if (value(h, "X-Autoreply") != null) {
      return "auto-reply (X-Autoreply)";
    }
    final String returnPath = h.get("Return-Path");
    if (returnPath != null && returnPath.replaceAll("[<>\\s]", "").isEmpty()) {
      return "empty Return-Path (a bounce)";
    }
    final String local = s.getFrom().getAddress().toLowerCase(Locale.ROOT);
    if (local.startsWith("mailer-daemon@")
        || local.startsWith("postmaster@")
        || local.contains("no-reply")
        || local.contains("noreply")) {
      return "sender is a robot address";
    }
    return null;
  }

  private static String value(final Map<String, String> headers, final String name) {
    for (final var e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue().strip().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  /** The receipt's text. */
  public static String body(final SubmissionReceived s, final String consultationTitle) {
    final StringBuilder b = new StringBuilder();
    b.append("Thank you. Your input has been received");
    if (consultationTitle != null) {
      b.append(" for \"").append(consultationTitle).append('"');
    }
    b.append(".\n\nTracking number: ").append(s.getTrackingNumber()).append('\n');
    b.append("Subject: ").append(s.getSubject()).append('\n');
    b.append("Received: ")
        .append(
            DateTimeFormatter.RFC_1123_DATE_TIME.format(s.getReceivedAt().atZone(ZoneId.of("UTC"))))
        .append('\n');
    if (s.getLate()) {
      b.append("It arrived after the deadline; the secretariat will decide on it.\n");
    }
    if (!s.getAttachments().isEmpty()) {
      b.append("\nAttachments:\n");
      for (final AttachmentRef a : s.getAttachments()) {
        b.append(" - ").append(a.getFilename()).append(" (").append(a.getSize()).append(" bytes");
        switch (a.getStatus()) {
          case OK, NO_TEXT -> b.append(")");
          default ->
              b.append(", ").append(a.getStatus().name().toLowerCase(Locale.ROOT)).append(")");
        }
        b.append('\n');
      }
    }
    b.append("\nPlease quote the tracking number in any correspondence about this input.\n");
    return b.toString();
  }

  /** Sends the receipt; throws when the SMTP server refuses it. */
  public void send(final SubmissionReceived s, final String consultationTitle)
      throws MessagingException {
    final MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(s.getFrom().getAddress()));
    m.setSubject("Received: " + s.getTrackingNumber() + " " + s.getSubject(), "UTF-8");
    m.setText(body(s, consultationTitle), StandardCharsets.UTF_8.name());
    m.setSentDate(new Date());
    // RFC 3834: mark the receipt as automatic so well-behaved responders do not answer it.
    m.setHeader("Auto-Submitted", "auto-replied");
    m.setHeader("X-Auto-Response-Suppress", "All");
    if (s.getMessageId() != null) {
      m.setHeader("In-Reply-To", s.getMessageId());
      m.setHeader("References", s.getMessageId());
    }
    if (user != null && !user.isBlank()) {
      Transport.send(m, user, password);
    } else {
      Transport.send(m);
    }
  }
}
