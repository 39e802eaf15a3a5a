package org.inputdesk.intake.mime;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.inputdesk.intake.auth.AuthTrust;
import org.inputdesk.intake.auth.MailAuthenticator;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextPart;

/**
 * Turns one raw email (RFC 5322 bytes) into the fields of a {@link SubmissionReceived} and the
 * bytes of its attachments, or rejects it with a reason. Reads the bytes given; writes nothing. The
 * id, source, consultation, lateness and tracking number are left for the caller to set.
 *
 * <p>Text: in a multipart/alternative the plain part is taken (kind PLAIN) and the HTML sibling is
 * kept in its {@code html} field; HTML alone becomes kind HTML with its text extracted. A message
 * whose body is one forwarded message/rfc822 is read as that message, the forwarder recorded in
 * {@code forwardedBy}.
 *
 * <p>Authentication: what the trusted receiving servers' Authentication-Results headers say of the
 * received message's From domain ({@link MailAuthenticator}); for a forwarded message that is the
 * forwarder's domain, which {@code fromDomain} names.
 */
public final class MimeReader {

  static {
    // jakarta.mail reads these as system properties; they make it lenient with real-world mail.
    setIfAbsent(
        "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    setIfAbsent("mail.mime.decodetext.strict", "false");
    setIfAbsent("mail.mime.decodefilename", "false");
    setIfAbsent("mail.mime.decodeparameters", "true");
    setIfAbsent("mail.mime.parameters.strict", "false");
    setIfAbsent("mail.mime.multipart.allowempty", "true");
    setIfAbsent("mail.mime.multipart.ignoremissingendboundary", "true");
    setIfAbsent("mail.mime.base64.ignoreerrors", "true");
    setIfAbsent("mail.mime.uudecode.ignoreerrors", "true");
    setIfAbsent("mail.mime.uudecode.ignoremissingbeginend", "true");
    setIfAbsent("mail.mime.ignoreunknownencoding", "true");
    setIfAbsent("mail.mime.address.strict", "false");
  }

  /** Headers kept on the submission because the pipeline decides on them. */
  public static final List<String> KEPT_HEADERS =
      List.of(
          "Auto-Submitted",
          "Precedence",
          "List-Id",
          "Return-Path",
          "X-Auto-Response-Suppress",
          "X-Autoreply");

  /** Size caps and extraction limits. */
  public record Limits(long attachmentMaxBytes, long messageMaxBytes) {}

  /** One attachment's bytes, to be stored keyed by sha256. */
  public record AttachmentContent(
      String sha256, String filename, String contentType, byte[] bytes) {}

  /** A decoded message: the submission (id and source unset), its attachments' bytes, charsets. */
  public record Result(
      SubmissionReceived submission, List<AttachmentContent> attachments, Set<String> charsets) {}

  /** The message cannot become a submission; the reason says why. */
  public static final class RejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RejectedException(final String reason) {
      super(reason);
    }
  }

  private final PartWalker walker;
  private final UnaryOperator<String> languages;
  private final MailAuthenticator authenticator;
  private final Session session;

  /** A reader that trusts no Authentication-Results header: every message is not-verified. */
  public MimeReader(final Limits limits, final AttachmentExtractor extractor) {
    this(limits, extractor, null);
  }

  /**
   * As above, guessing the language of each text part and attachment when {@code languages} is set.
   */
  public MimeReader(
      final Limits limits,
      final AttachmentExtractor extractor,
      final UnaryOperator<String> languages) {
    this(limits, extractor, languages, AuthTrust.NONE);
  }

  /** As above, believing the Authentication-Results headers {@code trust} allows. */
  public MimeReader(
      final Limits limits,
      final AttachmentExtractor extractor,
      final UnaryOperator<String> languages,
      final AuthTrust trust) {
    this.walker = new PartWalker(limits, extractor);
    this.languages = languages;
    this.authenticator = new MailAuthenticator(trust);
    final Properties props = new Properties();
    props.setProperty("mail.mime.allowutf8", "true");
    this.session = Session.getInstance(props);
  }

  private static void setIfAbsent(final String key, final String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * Reads a made-up message with each kind of part (plain, HTML, CSV, PDF) and drops the result, so
   * that the parsers, fonts and language profiles are loaded before real mail waits for them.
   *
   * @return the made-up PDF's text, as extracted (null when it could not be read)
   */
  public String warmUp() {
    try {
      final Result r = read(WarmUpMail.message(), null);
      return r.submission().getAttachments().stream()
          .filter(a -> "application/pdf".equals(String.valueOf(a.getContentType())))
          .map(a -> a.getText() == null ? null : a.getText().toString())
          .findFirst()
          .orElse(null);
    } catch (RejectedException | RuntimeException e) {
      return null;
    }
  }

  /** Parses raw bytes; {@code receivedAt} null means from the Received or Date header. */
  public Result read(final byte[] raw, final Instant receivedAt) throws RejectedException {
    if (raw == null || raw.length == 0) {
      throw new RejectedException("empty message");
    }
    final MimeMessage message;
    try {
      // a shared stream: parts are views of raw, not copies, and multipart parsing is much faster
      message = new MimeMessage(session, new ByteView(raw, 0, raw.length));
    } catch (MessagingException | RuntimeException e) {
      throw new RejectedException("unparseable MIME: " + AttachmentExtractor.describe(e));
    }
    try {
      return read(message, raw.length, receivedAt);
    } catch (MessagingException | IOException | RuntimeException e) {
      throw new RejectedException("unreadable message: " + AttachmentExtractor.describe(e));
    }
  }

  private Result read(final MimeMessage outer, final long rawSize, final Instant receivedAt)
      throws MessagingException, IOException, RejectedException {
    if (!looksLikeMail(outer)) {
      throw new RejectedException(
          "not an email: no From, To, Date, Subject or Message-ID header (no mail headers)");
    }
    final MimeMessage forwarded = forwardedMessage(outer);
    final MimeMessage body = forwarded != null ? forwarded : outer;
    final PartWalker.Collector collector = new PartWalker.Collector();
    walker.walk(body, collector, 0, true);

    Address from = MailHeaders.firstAddress(body, "From");
    Address forwardedBy = null;
    if (forwarded != null) {
      forwardedBy = MailHeaders.firstAddress(outer, "From");
      if (from == null) {
        from = forwardedBy;
      }
    }
    if (from == null) {
      from = MailHeaders.firstAddress(outer, "Sender");
    }
    if (from == null) {
      from = MailHeaders.firstAddress(outer, "Return-Path");
    }
    if (from == null) {
      throw new RejectedException("no sender address (From, Sender and Return-Path empty)");
    }

    final Instant sentAt = MailHeaders.date(MailHeaders.header(body, "Date"));
    final Instant received =
        receivedAt != null
            ? receivedAt
            : firstNonNull(MailHeaders.receivedHeaderDate(outer), sentAt, Instant.now());
    final String subject =
        MailHeaders.clean(TextDecoding.decodeWords(MailHeaders.header(body, "Subject")));
    final String text = normalise(collector.textParts);
    if (languages != null) {
      for (final TextPart p : collector.textParts) {
        p.setLanguage(languages.apply(p.getText()));
      }
      for (final AttachmentRef a : collector.refs) {
        a.setLanguage(languages.apply(a.getText()));
      }
    }

    final SubmissionReceived submission =
        SubmissionReceived.newBuilder()
            .setId("")
            .setSource(new MailSource(SourceKind.IMPORT, "", null, null))
            .setMessageId(MailHeaders.messageId(body))
            .setReceivedAt(received)
            .setSentAt(sentAt)
            .setSentUtcOffset(MailHeaders.offset(MailHeaders.header(body, "Date")))
            .setFrom(from)
            .setReplyTo(MailHeaders.addresses(body, "Reply-To"))
            .setTo(MailHeaders.addresses(outer, "To"))
            .setCc(MailHeaders.addresses(outer, "Cc"))
            .setDeliveredTo(MailHeaders.deliveredTo(outer))
            .setForwardedBy(forwardedBy)
            .setSubject(subject == null ? "" : subject)
            .setTextParts(collector.textParts)
            .setAttachments(collector.refs)
            .setHeaders(MailHeaders.keptHeaders(outer))
            .setContentSha256(sha256(text.getBytes(StandardCharsets.UTF_8)))
            .setRawSize(rawSize)
            .setAuthentication(authenticator.authenticate(MailHeaders.allHeaders(outer)))
            .build();
    return new Result(submission, collector.contents, collector.charsets);
  }

  private static boolean looksLikeMail(final MimeMessage m) throws MessagingException {
    for (final String name : List.of("From", "To", "Date", "Subject", "Message-ID", "Sender")) {
      if (m.getHeader(name) != null) {
        return true;
      }
    }
    return false;
  }

  /** The message inside, when the body is one forwarded message and at most a covering note. */
  private MimeMessage forwardedMessage(final MimeMessage outer) {
    try {
      if (isType(outer, "message/rfc822")) {
        return asMessage(outer);
      }
      if (!isType(outer, "multipart/mixed")) {
        return null;
      }
      final Multipart mp = (Multipart) outer.getContent();
      Part inner = null;
      for (int i = 0; i < mp.getCount(); i++) {
        final BodyPart p = mp.getBodyPart(i);
        if (isType(p, "message/rfc822")) {
          if (inner != null) {
            return null;
          }
          inner = p;
        } else if (!(isType(p, "text/plain")
                || isType(p, "text/html")
                || isType(p, "multipart/alternative"))
            || p.getFileName() != null) {
          return null;
        }
      }
      return inner == null ? null : asMessage(inner);
    } catch (MessagingException | IOException | RuntimeException e) {
      return null;
    }
  }

  private static MimeMessage asMessage(final Part p) throws MessagingException, IOException {
    final Object content = p.getContent();
    return content instanceof MimeMessage m ? m : null;
  }

  static boolean isType(final Part p, final String type) {
    try {
      return p.isMimeType(type);
    } catch (MessagingException | RuntimeException e) {
      return false;
    }
  }

  @SafeVarargs
  private static <T> T firstNonNull(final T... values) {
    for (final T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The text the content hash is taken of: NFKC, lower case, whitespace collapsed. */
  static String normalise(final List<TextPart> parts) {
    final StringBuilder all = new StringBuilder();
    for (final TextPart p : parts) {
      all.append(p.getText()).append('\n');
    }
    return Normalizer.normalize(all, Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\s+", " ")
        .strip();
  }

  /** Lower-case hex sha256. */
  public static String sha256(final byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
