package org.inputdesk.intake.receipts;

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
import org.inputdesk.intake.mime.MimeReader;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.SubmissionKey;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;

/**
 * Acknowledges a submission to its sender by SMTP with the tracking number and what was received,
 * and says so when it will not be posted: a copy of an input received before (naming the first
 * one's tracking number), a message without text, an attachment not kept (with the size limit and
 * how to send it). Never to auto-replies, bounces or mailing lists, so no mail loops. Reads the
 * submission; writes one email.
 */
public final class Receipts {

  private final Session session;
  private final String from;
  private final String user;
  private final String password;
  private final MimeReader.Limits limits;

  /** With intake's default attachment limits. */
  public Receipts(
      final String host,
      final int port,
      final String from,
      final String user,
      final String password) {
    this(host, port, from, user, password, DEFAULT_LIMITS);
  }

  /**
   * @param limits the attachment limits the reader applied, named in the receipt when an attachment
   *     was not kept
   */
  public Receipts(
      final String host,
      final int port,
      final String from,
      final String user,
      final String password,
      final MimeReader.Limits limits) {
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
    this.limits = limits;
  }

  /** attachment.max.bytes and message.max.bytes by default. */
  static final MimeReader.Limits DEFAULT_LIMITS =
      new MimeReader.Limits(15L * 1024 * 1024, 40L * 1024 * 1024);

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

  /**
   * Whether the input has no text to post: the classifier withholds it as empty when its message
   * text (the first plain part with text, else the first part) and its attachments' text are blank.
   */
  public static boolean hasNoText(final SubmissionReceived s) {
    String body = "";
    for (final TextPart part : s.getTextParts()) {
      if (part.getKind() == TextKind.PLAIN && !part.getText().isBlank()) {
        body = part.getText();
        break;
      }
    }
    if (body.isBlank() && !s.getTextParts().isEmpty()) {
      body = s.getTextParts().get(0).getText();
    }
    if (!body.isBlank()) {
      return false;
    }
    return s.getAttachments().stream().allMatch(a -> a.getText() == null || a.getText().isBlank());
  }

  /** The receipt's subject. */
  public static String subject(final SubmissionReceived s, final SubmissionKey first) {
    if (first != null) {
      return "Already received: " + number(first) + " " + s.getSubject();
    }
    if (hasNoText(s)) {
      return "Received, not to be posted: " + s.getTrackingNumber() + " " + s.getSubject();
    }
    return "Received: " + s.getTrackingNumber() + " " + s.getSubject();
  }

  /** The receipt's text for a first input, with the default limits. */
  public static String body(final SubmissionReceived s, final String consultationTitle) {
    return body(s, consultationTitle, null, DEFAULT_LIMITS);
  }

  /**
   * The receipt's text.
   *
   * @param first the input this one repeats, or null when it is the first
   */
  public static String body(
      final SubmissionReceived s,
      final String consultationTitle,
      final SubmissionKey first,
      final MimeReader.Limits limits) {
    final StringBuilder b = new StringBuilder();
    final String quoted;
    if (first != null) {
      quoted = number(first);
      b.append("Thank you. We have received this input before")
          .append(forConsultation(consultationTitle))
          .append(": the same message reached us on ")
          .append(date(first.getReceivedAt()))
          .append(" and has the tracking number ")
          .append(quoted)
          .append(".\n\nThis copy will not be posted a second time; the input under ")
          .append(quoted)
          .append(
              " stands. If you meant to change it, please send the new version quoting that"
                  + " number and saying what changed.\n\n");
      b.append("Tracking number of your input: ").append(quoted).append('\n');
    } else if (hasNoText(s)) {
      quoted = s.getTrackingNumber();
      b.append("Your message has been received")
          .append(forConsultation(consultationTitle))
          .append(", but it will not be posted: it has no text. ")
          .append(
              s.getAttachments().isEmpty()
                  ? "The message is empty."
                  : "The message is empty and no text could be read from its attachments.")
          .append(
              "\n\nTo make an input, please send it again with your text in the message, or in an"
                  + " attached document with text (PDF, Word or similar; not a scanned image).\n\n");
      b.append("Reference: ").append(quoted).append('\n');
    } else {
      quoted = s.getTrackingNumber();
      b.append("Thank you. Your input has been received")
          .append(forConsultation(consultationTitle))
          .append(".\n\nTracking number: ")
          .append(quoted)
          .append('\n');
    }
    b.append("Subject: ").append(s.getSubject()).append('\n');
    b.append("Received: ").append(date(s.getReceivedAt())).append('\n');
    if (s.getLate()) {
      b.append("It arrived after the deadline; the secretariat will decide on it.\n");
    }
    attachments(b, s, quoted, limits);
    b.append("\nPlease quote the tracking number in any correspondence about this input.\n");
    return b.toString();
  }

  private static void attachments(
      final StringBuilder b,
      final SubmissionReceived s,
      final String quoted,
      final MimeReader.Limits limits) {
    if (s.getAttachments().isEmpty()) {
      return;
    }
    b.append("\nAttachments:\n");
    for (final AttachmentRef a : s.getAttachments()) {
      b.append(" - ").append(a.getFilename()).append(" (").append(size(a.getSize()));
      switch (a.getStatus()) {
        case OK, NO_TEXT -> b.append(")\n");
        case OVERSIZED -> b.append(")\n").append(oversized(a, quoted, limits));
        default ->
            b.append(", ").append(a.getStatus().name().toLowerCase(Locale.ROOT)).append(")\n");
      }
    }
  }

  /** Why an attachment was not kept, and how to send it so it is. */
  private static String oversized(
      final AttachmentRef a, final String quoted, final MimeReader.Limits limits) {
    if (a.getSize() > limits.attachmentMaxBytes()) {
      final String limit = size(limits.attachmentMaxBytes());
      return "   NOT KEPT: it is larger than the "
          + limit
          + " we accept per file, so it will not be published with your input. Please send it"
          + " as a link to where it can be downloaded, or split into parts of at most "
          + limit
          + ", each in its own email quoting "
          + quoted
          + ".\n";
    }
    return "   NOT KEPT: the attachments of one email may not exceed "
        + size(limits.messageMaxBytes())
        + " together, so it will not be published with your input. Please send it in a separate"
        + " email quoting "
        + quoted
        + ", or as a link to where it can be downloaded.\n";
  }

  /** A byte count for people: 900 bytes, 12 KB, 15 MB, 20.5 MB. */
  static String size(final long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < 1024 * 1024) {
      return Math.round(bytes / 1024.0) + " KB";
    }
    final double mb = bytes / (1024.0 * 1024.0);
    return mb == Math.rint(mb)
        ? String.format(Locale.ROOT, "%d MB", (long) mb)
        : String.format(Locale.ROOT, "%.1f MB", mb);
  }

  private static String forConsultation(final String title) {
    return title == null ? "" : " for \"" + title + "\"";
  }

  private static String number(final SubmissionKey first) {
    return first.getTrackingNumber() == null ? first.getSubmissionId() : first.getTrackingNumber();
  }

  private static String date(final java.time.Instant at) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneId.of("UTC")));
  }

  /** Sends the receipt; throws when the SMTP server refuses it. */
  public void send(final SubmissionReceived s, final String consultationTitle)
      throws MessagingException {
    send(s, consultationTitle, null);
  }

  /**
   * Sends the receipt; throws when the SMTP server refuses it.
   *
   * @param first the input this one repeats, or null when it is the first
   */
  public void send(
      final SubmissionReceived s, final String consultationTitle, final SubmissionKey first)
      throws MessagingException {
    final MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(s.getFrom().getAddress()));
    m.setSubject(subject(s, first), "UTF-8");
    m.setText(body(s, consultationTitle, first, limits), StandardCharsets.UTF_8.name());
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
