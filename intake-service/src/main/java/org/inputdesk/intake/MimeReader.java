package org.inputdesk.intake;

import java.util.function.UnaryOperator;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.text.ParsePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.intake.auth.AuthTrust;
import org.inputdesk.intake.auth.MailAuthenticator;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
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

  private static final int MAX_DEPTH = 20;
  private static final Pattern UUENCODE =
      Pattern.compile("(?ms)^begin [0-7]{3,4} ([^\\r\\n]+)\\r?\\n(.*?)^end\\s*$");
  private static final Pattern OFFSET =
      Pattern.compile("([+-])(\\d\\d)(\\d\\d)\\s*(\\(.*\\))?\\s*$");
  private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");
  private static final Pattern BARE_ADDRESS =
      Pattern.compile("[A-Za-z0-9._%+'=-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

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

  private final Limits limits;
  private final AttachmentExtractor extractor;
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
      final Limits limits, final AttachmentExtractor extractor, final UnaryOperator<String> languages) {
    this(limits, extractor, languages, AuthTrust.NONE);
  }

  /** As above, believing the Authentication-Results headers {@code trust} allows. */
  public MimeReader(
      final Limits limits,
      final AttachmentExtractor extractor,
      final UnaryOperator<String> languages,
      final AuthTrust trust) {
    this.limits = limits;
    this.extractor = extractor;
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
    final Collector collector = new Collector();
    walk(body, collector, 0, true);

    Address from = firstAddress(body, "From");
    Address forwardedBy = null;
    if (forwarded != null) {
      forwardedBy = firstAddress(outer, "From");
      if (from == null) {
        from = forwardedBy;
      }
    }
    if (from == null) {
      from = firstAddress(outer, "Sender");
    }
    if (from == null) {
      from = firstAddress(outer, "Return-Path");
    }
    if (from == null) {
      throw new RejectedException("no sender address (From, Sender and Return-Path empty)");
    }

    final Instant sentAt = date(header(body, "Date"));
    final Instant received =
        receivedAt != null
            ? receivedAt
            : firstNonNull(receivedHeaderDate(outer), sentAt, Instant.now());
    final String subject = clean(TextDecoding.decodeWords(header(body, "Subject")));
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
            .setMessageId(messageId(body))
            .setReceivedAt(received)
            .setSentAt(sentAt)
            .setSentUtcOffset(offset(header(body, "Date")))
            .setFrom(from)
            .setReplyTo(addresses(body, "Reply-To"))
            .setTo(addresses(outer, "To"))
            .setCc(addresses(outer, "Cc"))
            .setDeliveredTo(deliveredTo(outer))
            .setForwardedBy(forwardedBy)
            .setSubject(subject == null ? "" : subject)
            .setTextParts(collector.textParts)
            .setAttachments(collector.refs)
            .setHeaders(keptHeaders(outer))
            .setContentSha256(sha256(text.getBytes(StandardCharsets.UTF_8)))
            .setRawSize(rawSize)
            .setAuthentication(authenticator.authenticate(allHeaders(outer)))
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

  private static boolean isType(final Part p, final String type) {
    try {
      return p.isMimeType(type);
    } catch (MessagingException | RuntimeException e) {
      return false;
    }
  }

  private final class Collector {
    final List<TextPart> textParts = new ArrayList<>();
    final List<AttachmentRef> refs = new ArrayList<>();
    final List<AttachmentContent> contents = new ArrayList<>();
    final Set<String> charsets = new LinkedHashSet<>();
    long keptBytes;
  }

  private void walk(final Part part, final Collector c, final int depth, final boolean top)
      throws MessagingException {
    if (depth > MAX_DEPTH) {
      return;
    }
    if (isType(part, "multipart/*")) {
      final Multipart mp;
      try {
        final Object content = part.getContent();
        if (!(content instanceof Multipart m)) {
          attachment(part, c);
          return;
        }
        mp = m;
      } catch (IOException | MessagingException | RuntimeException e) {
        attachment(part, c);
        return;
      }
      if (isType(part, "multipart/alternative")) {
        alternative(mp, c, depth);
        return;
      }
      for (int i = 0; i < count(mp); i++) {
        walk(mp.getBodyPart(i), c, depth + 1, false);
      }
      return;
    }
    final boolean attached = !top && isAttachmentDisposition(part);
    if (!attached && isType(part, "text/html")) {
      final TextPart html = textPart(part, c, true);
      if (html != null) {
        c.textParts.add(html);
      }
    } else if (!attached
        && (isType(part, "text/plain")
            || isType(part, "text/enriched")
            || top && isType(part, "text/*"))) {
      final TextPart plain = textPart(part, c, false);
      if (plain != null) {
        uudecoded(plain, c);
        c.textParts.add(plain);
      }
    } else {
      attachment(part, c);
    }
  }

  private static int count(final Multipart mp) {
    try {
      return mp.getCount();
    } catch (MessagingException e) {
      return 0;
    }
  }

  private void alternative(final Multipart mp, final Collector c, final int depth)
      throws MessagingException {
    Part plain = null;
    Part html = null;
    Part last = null;
    for (int i = 0; i < count(mp); i++) {
      final BodyPart p = mp.getBodyPart(i);
      last = p;
      if (isType(p, "text/plain")) {
        plain = p;
      } else if (isType(p, "text/html")) {
        html = p;
      } else if (isType(p, "multipart/related") && html == null) {
        html = firstHtml(p);
      }
    }
    if (plain != null) {
      final TextPart text = textPart(plain, c, false);
      if (text != null) {
        if (html != null) {
          final TextPart htmlText = textPart(html, c, true);
          text.setHtml(htmlText == null ? null : htmlText.getHtml());
        }
        c.textParts.add(text);
        return;
      }
    }
    if (last != null) {
      walk(last, c, depth + 1, false);
    }
  }

  private static Part firstHtml(final Part related) {
    try {
      final Multipart mp = (Multipart) related.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        if (isType(mp.getBodyPart(i), "text/html")) {
          return mp.getBodyPart(i);
        }
      }
    } catch (MessagingException | IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static boolean isAttachmentDisposition(final Part p) {
    try {
      return Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || p.getFileName() != null;
    } catch (MessagingException | RuntimeException e) {
      return false;
    }
  }

  private TextPart textPart(final Part part, final Collector c, final boolean html) {
    final byte[] bytes;
    try (InputStream in = part.getInputStream()) {
      bytes = readCapped(in, limits.messageMaxBytes()).bytes();
    } catch (IOException | MessagingException | RuntimeException e) {
      return null;
    }
    final TextDecoding.Decoded decoded = TextDecoding.decode(bytes, charsetOf(part));
    c.charsets.add(decoded.charset());
    if (html) {
      return new TextPart(
          TextKind.HTML, decoded.charset(), HtmlText.toText(decoded.text()), decoded.text(), null);
    }
    return new TextPart(
        isType(part, "text/plain") ? TextKind.PLAIN : TextKind.OTHER,
        decoded.charset(),
        decoded.text(),
        null,
        null);
  }

  /** Takes uuencoded files out of a plain text body as attachments. */
  private void uudecoded(final TextPart text, final Collector c) {
    // the regex tries every line start: look for its literal first
    if (!text.getText().contains("begin ")) {
      return;
    }
    final Matcher m = UUENCODE.matcher(text.getText());
    if (!m.find()) {
      return;
    }
    final StringBuilder rest = new StringBuilder();
    int at = 0;
    do {
      try (InputStream in =
          MimeUtility.decode(
              new ByteArrayInputStream(m.group().getBytes(StandardCharsets.ISO_8859_1)),
              "uuencode")) {
        final byte[] bytes = in.readAllBytes();
        addAttachment(m.group(1).strip(), "application/octet-stream", bytes, bytes.length, null, c);
        rest.append(text.getText(), at, m.start());
        at = m.end();
      } catch (IOException | MessagingException | RuntimeException e) {
        // left in the text as written
      }
    } while (m.find());
    rest.append(text.getText().substring(at));
    text.setText(rest.toString());
  }

  private void attachment(final Part part, final Collector c) {
    String filename = null;
    try {
      filename = TextDecoding.decodeWords(part.getFileName());
    } catch (MessagingException | RuntimeException e) {
      // a broken parameter list: the part is still kept, under a made-up name
    }
    final String type = baseType(part);
    if (filename == null || filename.isBlank()) {
      filename = "attachment-" + (c.refs.size() + 1) + extensionFor(type);
      if (type.equals("message/rfc822")) {
        filename = "attached-message-" + (c.refs.size() + 1) + ".eml";
      }
    }
    final long perFile = limits.attachmentMaxBytes();
    try {
      final Capped read = readDecoded(part, perFile);
      if (read.size() > perFile) {
        c.refs.add(
            ref(
                null,
                filename,
                type,
                read.size(),
                AttachmentStatus.OVERSIZED,
                read.size() + " bytes, over the per-file limit of " + perFile));
        return;
      }
      addAttachment(filename, type, read.bytes(), read.size(), null, c);
    } catch (IOException | MessagingException | RuntimeException e) {
      c.refs.add(
          ref(
              null,
              filename,
              type,
              0,
              AttachmentStatus.CORRUPT,
              "cannot decode the part: " + AttachmentExtractor.describe(e)));
    }
  }

  private void addAttachment(
      final String filename,
      final String declaredType,
      final byte[] bytes,
      final long size,
      final String reason,
      final Collector c) {
    if (c.keptBytes + size > limits.messageMaxBytes()) {
      c.refs.add(
          ref(
              null,
              filename,
              declaredType,
              size,
              AttachmentStatus.OVERSIZED,
              "attachments over the per-message limit of " + limits.messageMaxBytes()));
      return;
    }
    c.keptBytes += size;
    final String sha = sha256(bytes);
    final AttachmentExtractor.Extraction x = extractor.extract(bytes, filename, declaredType);
    final String type = x.mediaType() == null ? declaredType : x.mediaType();
    final AttachmentRef ref =
        ref(sha, filename, type, size, x.status(), x.reason() != null ? x.reason() : reason);
    ref.setText(x.text());
    c.refs.add(ref);
    c.contents.add(new AttachmentContent(sha, filename, type, bytes));
  }

  private static AttachmentRef ref(
      final String sha,
      final String filename,
      final String type,
      final long size,
      final AttachmentStatus status,
      final String reason) {
    return AttachmentRef.newBuilder()
        .setSha256(sha)
        .setFilename(filename)
        .setContentType(type)
        .setSize(size)
        .setStatus(status)
        .setStatusReason(reason)
        .build();
  }

  private record Capped(byte[] bytes, long size) {}

  /**
   * The raw message as jakarta.mail's shared stream (parts are views of it, not copies), without
   * the lock on every read, mark and reset: multipart parsing reads a few bytes at a time while it
   * looks for the boundary, and the uncontended lock cost more than the search itself. One thread
   * reads a message.
   */
  static final class ByteView extends SharedByteArrayInputStream {
    ByteView(final byte[] buf, final int offset, final int length) {
      super(buf, offset, length);
    }

    @Override
    public int read() {
      return pos < count ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(final byte[] b, final int off, final int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (pos >= count) {
        return -1;
      }
      final int n = Math.min(len, count - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public long skip(final long n) {
      final long k = Math.max(0, Math.min(n, count - pos));
      pos += (int) k;
      return k;
    }

    @Override
    public int available() {
      return count - pos;
    }

    // The boundary search marks, reads a boundary's length, resets and skips at every step it
    // takes through a part (a step is at most the boundary's length: a few bytes for a short
    // one); ByteArrayInputStream's reset() is synchronized, and cost three times the search.
    @Override
    public void mark(final int readAheadLimit) {
      mark = pos;
    }

    @Override
    public void reset() {
      pos = mark;
    }

    @Override
    public InputStream newStream(final long from, final long to) {
      if (from < 0) {
        throw new IllegalArgumentException("start < 0");
      }
      final long end = to == -1 ? count - start : to;
      return new ByteView(buf, start + (int) from, (int) (end - from));
    }
  }

  /** Reads up to {@code cap} bytes, counting the rest without keeping it. */
  /**
   * A part's decoded bytes. Base64 (nearly every attachment) is decoded in bulk with the JDK's MIME
   * decoder, several times faster than the stream decoder; anything else, an oversized part or
   * base64 the JDK refuses (bad padding) goes through jakarta.mail's lenient decoding stream.
   */
  private static Capped readDecoded(final Part part, final long cap)
      throws IOException, MessagingException {
    InputStream raw = null;
    if (part instanceof MimeBodyPart p && "base64".equalsIgnoreCase(strip(p.getEncoding()))) {
      raw = p.getRawInputStream();
    } else if (part instanceof MimeMessage m && "base64".equalsIgnoreCase(strip(m.getEncoding()))) {
      raw = m.getRawInputStream();
    }
    if (raw != null) {
      try (InputStream in = raw) {
        // base64 with line breaks is at most about 1.37 times the decoded size
        final long most = Math.min(Integer.MAX_VALUE - 64L, cap / 100 * 140 + 4096);
        final byte[] encoded = in.readNBytes((int) most);
        if (in.read() == -1) {
          try {
            final byte[] decoded = Base64.getMimeDecoder().decode(encoded);
            if (decoded.length <= cap) {
              return new Capped(decoded, decoded.length);
            }
          } catch (IllegalArgumentException e) {
            // not clean base64: the lenient stream below decodes what it can
          }
        }
      }
    }
    try (InputStream in = part.getInputStream()) {
      return readCapped(in, cap);
    }
  }

  private static String strip(final String s) {
    return s == null ? "" : s.strip();
  }

  private static Capped readCapped(final InputStream in, final long cap) throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      if (total + n <= cap) {
        out.write(buffer, 0, n);
      }
      total += n;
    }
    return new Capped(total <= cap ? out.toByteArray() : new byte[0], total);
  }

  private static String baseType(final Part part) {
    try {
      final String ct = part.getContentType();
      if (ct == null) {
        return "application/octet-stream";
      }
      final String base = ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      return base.contains("/") ? base : "application/octet-stream";
    } catch (MessagingException | RuntimeException e) {
      return "application/octet-stream";
    }
  }

  private static String charsetOf(final Part part) {
    try {
      final String ct = part.getContentType();
      if (ct == null) {
        return null;
      }
      final Matcher m = CHARSET.matcher(ct.replaceAll("\\s+", " "));
      return m.find() ? m.group(1) : null;
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  private static String extensionFor(final String type) {
    return switch (type) {
      case "application/pdf" -> ".pdf";
      case "text/plain" -> ".txt";
      case "text/html" -> ".html";
      case "image/png" -> ".png";
      case "image/jpeg" -> ".jpg";
      case "image/gif" -> ".gif";
      default -> ".bin";
    };
  }

  private static String header(final Part p, final String name) {
    try {
      final String[] values = p.getHeader(name);
      return values == null || values.length == 0 ? null : values[0];
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  private static String messageId(final MimeMessage m) {
    final String id = header(m, "Message-ID");
    return id == null || id.isBlank() ? null : id.strip();
  }

  private static Address firstAddress(final Part p, final String name) {
    final List<Address> all = addresses(p, name);
    return all.isEmpty() ? null : all.get(0);
  }

  static List<Address> addresses(final Part p, final String name) {
    final List<Address> out = new ArrayList<>();
    final String[] values;
    try {
      values = p.getHeader(name);
    } catch (MessagingException | RuntimeException e) {
      return out;
    }
    if (values == null) {
      return out;
    }
    for (final String value : values) {
      try {
        for (final InternetAddress a : InternetAddress.parseHeader(value, false)) {
          if (a.isGroup()) {
            final InternetAddress[] members = a.getGroup(false);
            if (members != null) {
              for (final InternetAddress member : members) {
                add(out, member.getAddress(), member.getPersonal());
              }
            }
          } else {
            add(out, a.getAddress(), a.getPersonal());
          }
        }
      } catch (MessagingException | RuntimeException e) {
        final Matcher m = BARE_ADDRESS.matcher(value);
        while (m.find()) {
          add(out, m.group(), null);
        }
      }
    }
    return out;
  }

  private static void add(final List<Address> out, final String address, final String personal) {
    if (address == null || address.isBlank() || !address.contains("@")) {
      return;
    }
    final String trimmed = address.strip();
    final int at = trimmed.lastIndexOf('@');
    final String normalised =
        trimmed.substring(0, at) + "@" + trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
    final String name = personal == null ? null : clean(TextDecoding.decodeWords(personal));
    out.add(new Address(normalised, name == null || name.isBlank() ? null : name));
  }

  private static List<String> deliveredTo(final MimeMessage m) {
    final Set<String> out = new LinkedHashSet<>();
    for (final String name : List.of("Delivered-To", "X-Original-To")) {
      for (final Address a : addresses(m, name)) {
        out.add(a.getAddress());
      }
    }
    return new ArrayList<>(out);
  }

  private static Map<String, String> keptHeaders(final MimeMessage m) {
    final Map<String, String> out = new LinkedHashMap<>();
    for (final String name : KEPT_HEADERS) {
      final String value = header(m, name);
      if (value != null) {
        out.put(name, clean(value));
      }
    }
    return out;
  }

  /** All headers of a message as name/value pairs, for the dead-letter record. */
  static List<Map.Entry<String, String>> allHeaders(final MimeMessage m) throws MessagingException {
    final List<Map.Entry<String, String>> out = new ArrayList<>();
    for (final Header h : java.util.Collections.list(m.getAllHeaders())) {
      out.add(Map.entry(h.getName(), h.getValue()));
    }
    return out;
  }

  private static Instant date(final String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      final Date d = new MailDateFormat().parse(value.strip(), new ParsePosition(0));
      return d == null ? null : d.toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String offset(final String value) {
    if (value == null) {
      return null;
    }
    final Matcher m = OFFSET.matcher(value.strip());
    return m.find() ? m.group(1) + m.group(2) + ":" + m.group(3) : null;
  }

  private static Instant receivedHeaderDate(final Message m) {
    final String received = header((Part) m, "Received");
    if (received == null || !received.contains(";")) {
      return null;
    }
    return date(received.substring(received.lastIndexOf(';') + 1).replaceAll("\\s+", " "));
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

  private static String clean(final String value) {
    if (value == null) {
      return null;
    }
    return value.replaceAll("[\\r\\n\\t]+", " ").replace('\u0000', ' ').strip();
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
