package org.inputdesk.intake.mime;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;

/**
 * Walks the MIME tree of one message: takes the text parts (in a multipart/alternative the plain
 * part, its HTML sibling kept alongside; uuencoded files taken out of plain text) and every other
 * part as an attachment, under the per-file and per-message size limits, with its text extracted.
 * Reads the parts given; writes what it found into a {@link Collector}.
 */
final class PartWalker {
  private static final int MAX_DEPTH = 20;
  private static final Pattern UUENCODE =
      Pattern.compile("(?ms)^begin [0-7]{3,4} ([^\\r\\n]+)\\r?\\n(.*?)^end\\s*$");

  private final MimeReader.Limits limits;
  private final AttachmentExtractor extractor;

  PartWalker(final MimeReader.Limits limits, final AttachmentExtractor extractor) {
    this.limits = limits;
    this.extractor = extractor;
  }

  /** What the walk found: text parts, attachment records and bytes, charsets. */
  static final class Collector {
    final List<TextPart> textParts = new ArrayList<>();
    final List<AttachmentRef> refs = new ArrayList<>();
    final List<MimeReader.AttachmentContent> contents = new ArrayList<>();
    final Set<String> charsets = new LinkedHashSet<>();
    long keptBytes;
  }

  void walk(final Part part, final Collector c, final int depth, final boolean top)
      throws MessagingException {
    if (depth > MAX_DEPTH) {
      return;
    }
    if (MimeReader.isType(part, "multipart/*")) {
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
      if (MimeReader.isType(part, "multipart/alternative")) {
        alternative(mp, c, depth);
        return;
      }
      for (int i = 0; i < count(mp); i++) {
        walk(mp.getBodyPart(i), c, depth + 1, false);
      }
      return;
    }
    final boolean attached = !top && isAttachmentDisposition(part);
    if (!attached && MimeReader.isType(part, "text/html")) {
      final TextPart html = textPart(part, c, true);
      if (html != null) {
        c.textParts.add(html);
      }
    } else if (!attached
        && (MimeReader.isType(part, "text/plain")
            || MimeReader.isType(part, "text/enriched")
            || top && MimeReader.isType(part, "text/*"))) {
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
      if (MimeReader.isType(p, "text/plain")) {
        plain = p;
      } else if (MimeReader.isType(p, "text/html")) {
        html = p;
      } else if (MimeReader.isType(p, "multipart/related") && html == null) {
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
        if (MimeReader.isType(mp.getBodyPart(i), "text/html")) {
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
      bytes = PartBytes.readCapped(in, limits.messageMaxBytes()).bytes();
    } catch (IOException | MessagingException | RuntimeException e) {
      return null;
    }
    final TextDecoding.Decoded decoded = TextDecoding.decode(bytes, PartBytes.charsetOf(part));
    c.charsets.add(decoded.charset());
    if (html) {
      return new TextPart(
          TextKind.HTML, decoded.charset(), HtmlText.toText(decoded.text()), decoded.text(), null);
    }
    return new TextPart(
        MimeReader.isType(part, "text/plain") ? TextKind.PLAIN : TextKind.OTHER,
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
    final String type = PartBytes.baseType(part);
    if (filename == null || filename.isBlank()) {
      filename = "attachment-" + (c.refs.size() + 1) + PartBytes.extensionFor(type);
      if (type.equals("message/rfc822")) {
        filename = "attached-message-" + (c.refs.size() + 1) + ".eml";
      }
    }
    final long perFile = limits.attachmentMaxBytes();
    try {
      final PartBytes.Capped read = PartBytes.readDecoded(part, perFile);
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
    final String sha = MimeReader.sha256(bytes);
    final AttachmentExtractor.Extraction x = extractor.extract(bytes, filename, declaredType);
    final String type = x.mediaType() == null ? declaredType : x.mediaType();
    final AttachmentRef ref =
        ref(sha, filename, type, size, x.status(), x.reason() != null ? x.reason() : reason);
    ref.setText(x.text());
    c.refs.add(ref);
    c.contents.add(new MimeReader.AttachmentContent(sha, filename, type, bytes));
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
}
