package org.inputdesk.intake.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.inputdesk.intake.TestMail;
import org.inputdesk.intake.auth.AuthTrust;
import org.inputdesk.intake.receipts.Receipts;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.MailAuthentication;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MimeReaderTest {

  private static final AttachmentExtractor EXTRACTOR =
      new AttachmentExtractor(Duration.ofSeconds(20), 100_000);
  private static final MimeReader READER =
      new MimeReader(new MimeReader.Limits(15L << 20, 40L << 20), EXTRACTOR);

  @AfterAll
  static void close() {
    EXTRACTOR.close();
  }

  private static SubmissionReceived read(final String mime) throws Exception {
    return READER.read(mime.getBytes(StandardCharsets.ISO_8859_1), null).submission();
  }

  private static String latin1(final String text, final Charset charset) {
    return new String(text.getBytes(charset), StandardCharsets.ISO_8859_1);
  }

  private static String b64(final String text, final Charset charset) {
    return Base64.getEncoder().encodeToString(text.getBytes(charset));
  }

  /** A message as the secretariat's MX stored it: its verdict on top, then its Received. */
  private static final String RECEIVED_BY_OUR_MX =
      "Authentication-Results: mail.un.example; dmarc=pass (p=reject dis=none)"
          + " header.from=mfa.gov.sg\r\n"
          + "Received: from mail.mfa.gov.sg (mail.mfa.gov.sg [203.0.113.25])\r\n"
          + "\tby mail.un.example (Postfix) with ESMTPS id 4TqXyZ1abc;"
          + " Mon,  4 Mar 2024 02:15:03 +0000\r\n"
          + "From: Permanent Mission of Singapore <desk@mfa.gov.sg>\r\n"
          + "To: inputs@oewg.example.org\r\n"
          + "Subject: Input on capacity-building\r\n"
          + "Date: Mon, 04 Mar 2024 10:15:00 +0800\r\n"
          + "\r\n"
          + "Our input.\r\n";

  @Test
  void shouldExtractTheWarmUpMessagesPdfText() {
    assertThat(READER.warmUp()).contains("capacity-building");
  }

  @Test
  void shouldExtractTextAttachmentsAsTikasOwnDetectionWould() throws Exception {
    final byte[] csv =
        ("paragraph,proposal,support\r\n1,\"Capacity-building for CERTs\",yes\r\n"
                + "2,\"A points of contact directory\",no\r\n")
            .getBytes(StandardCharsets.UTF_8);
    final BodyContentHandler expected = new BodyContentHandler(-1);
    final Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, "p.csv");
    new AutoDetectParser()
        .parse(new ByteArrayInputStream(csv), expected, metadata, new ParseContext());

    final AttachmentExtractor.Extraction x = EXTRACTOR.extract(csv, "p.csv", "text/csv");

    assertThat(x.status()).isEqualTo(AttachmentStatus.OK);
    assertThat(x.mediaType()).startsWith("text/csv");
    assertThat(x.text()).isEqualTo(expected.toString().strip()).contains("CERTs");
  }

  @Test
  void shouldRecordTheTrustedServersVerdictOnTheFromDomain() throws Exception {
    final MimeReader trusting =
        new MimeReader(
            new MimeReader.Limits(15L << 20, 40L << 20),
            EXTRACTOR,
            null,
            AuthTrust.of(List.of("mail.un.example"), 1));
    final MailAuthentication a =
        trusting
            .read(RECEIVED_BY_OUR_MX.getBytes(StandardCharsets.UTF_8), null)
            .submission()
            .getAuthentication();
    assertThat(a.getVerdict()).isEqualTo("pass");
    assertThat(a.getVerifiedBy()).isEqualTo("mail.un.example");
    assertThat(a.getFromDomain()).isEqualTo("mfa.gov.sg");
    assertThat(a.getDmarc()).isEqualTo("pass");
  }

  @Test
  void shouldRecordNotVerifiedWhenNoServerIsTrusted() throws Exception {
    final MailAuthentication a = read(RECEIVED_BY_OUR_MX).getAuthentication();
    assertThat(a).isNotNull();
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getVerifiedBy()).isNull();
    assertThat(a.getFromDomain()).isEqualTo("mfa.gov.sg");
  }

  @Test
  void shouldDecodeEncodedWordSubjectsAndSenderNames() throws Exception {
    final SubmissionReceived s =
        read(
            "From: =?UTF-8?Q?Jos=C3=A9_P=C3=A9rez?= <Jose@Example.ORG>\r\n"
                + "To: inputs@oewg.example.org\r\n"
                + "Subject: =?UTF-8?B?"
                + b64("Contribución de", StandardCharsets.UTF_8)
                + "?=\r\n =?ISO-8859-1?Q?M=E9xico?=\r\n"
                + "Date: Tue, 05 Mar 2024 18:01:02 -0600\r\n"
                + "\r\n"
                + "Hola.\r\n");
    assertThat(s.getSubject()).isEqualTo("Contribución deMéxico");
    assertThat(s.getFrom().getName()).isEqualTo("José Pérez");
    assertThat(s.getFrom().getAddress()).isEqualTo("Jose@example.org");
    assertThat(s.getSentAt()).isEqualTo(Instant.parse("2024-03-06T00:01:02Z"));
    assertThat(s.getSentUtcOffset()).isEqualTo("-06:00");
  }

  @Test
  void shouldDecodeIso2022JpSubjectAndBody() throws Exception {
    final Charset jis = Charset.forName("ISO-2022-JP");
    final SubmissionReceived s =
        read(
            "From: tanaka@example.jp\r\n"
                + "To: inputs@oewg.example.org\r\n"
                + "Subject: =?ISO-2022-JP?B?"
                + b64("意見書の提出", jis)
                + "?=\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n"
                + latin1("サイバーセキュリティに関する意見です。", jis)
                + "\r\n");
    assertThat(s.getSubject()).isEqualTo("意見書の提出");
    assertThat(s.getTextParts()).hasSize(1);
    assertThat(s.getTextParts().get(0).getText()).contains("サイバーセキュリティに関する意見です。");
  }

  @Test
  void shouldDecodeWindows1251AndMislabelledUtf8() throws Exception {
    final SubmissionReceived cyrillic =
        read(
            "From: ivan@example.ru\r\nTo: inputs@oewg.example.org\r\nSubject: Input\r\n"
                + "Content-Type: text/plain; charset=windows-1251\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n"
                + latin1("Предложения по укреплению доверия", Charset.forName("windows-1251")));
    assertThat(cyrillic.getTextParts().get(0).getText())
        .isEqualTo("Предложения по укреплению доверия");
    assertThat(cyrillic.getTextParts().get(0).getCharset()).isEqualTo("windows-1251");

    final SubmissionReceived mislabelled =
        read(
            "From: ivan@example.ru\r\nTo: inputs@oewg.example.org\r\nSubject: Input\r\n"
                + "Content-Type: text/plain; charset=iso-8859-1\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n"
                + latin1("Меры доверия — résumé", StandardCharsets.UTF_8));
    assertThat(mislabelled.getTextParts().get(0).getText()).isEqualTo("Меры доверия — résumé");

    final SubmissionReceived unknown =
        read(
            "From: a@example.org\r\nTo: inputs@oewg.example.org\r\nSubject: Input\r\n"
                + "Content-Type: text/plain; charset=x-no-such-charset\r\n\r\n"
                + latin1("café", StandardCharsets.UTF_8));
    assertThat(unknown.getTextParts().get(0).getText()).isEqualTo("café");
  }

  @Test
  void shouldPreferPlainTextInAnAlternativeAndKeepTheHtml() throws Exception {
    final SubmissionReceived s =
        read(
            "From: a@example.org\r\nTo: inputs@oewg.example.org\r\nSubject: Alt\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=alt\r\n\r\n"
                + "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain words.\r\n"
                + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<html><body><p>Plain <b>words</b>.</p></body></html>\r\n"
                + "--alt--\r\n");
    assertThat(s.getTextParts()).hasSize(1);
    final TextPart part = s.getTextParts().get(0);
    assertThat(part.getKind()).isEqualTo(TextKind.PLAIN);
    assertThat(part.getText()).isEqualTo("Plain words.");
    assertThat(part.getHtml()).contains("<b>words</b>");
  }

  @Test
  void shouldTurnHtmlOnlyMailIntoText() throws Exception {
    final SubmissionReceived s =
        read(
            "From: a@example.org\r\nTo: inputs@oewg.example.org\r\nSubject: Html\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n"
                + "<p>First&nbsp;paragraph</p><p>Second<br>line</p>\r\n");
    final TextPart part = s.getTextParts().get(0);
    assertThat(part.getKind()).isEqualTo(TextKind.HTML);
    assertThat(part.getText()).isEqualTo("First paragraph\n\nSecond\nline");
  }

  @Test
  void shouldTakeAForwardedMessageAsTheSubmissionAndRecordTheForwarder() throws Exception {
    final SubmissionReceived s =
        read(
            "From: Desk Officer <desk@un.example.org>\r\nTo: inputs@oewg.example.org\r\n"
                + "Subject: Fwd: Input\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=fwd\r\n\r\n"
                + "--fwd\r\nContent-Type: text/plain\r\n\r\nForwarding, received by me.\r\n"
                + "--fwd\r\nContent-Type: message/rfc822\r\n\r\n"
                + "From: Amina <amina@ngo.example.org>\r\nTo: desk@un.example.org\r\n"
                + "Subject: Our input\r\nMessage-ID: <inner@ngo.example.org>\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nOur views on norms.\r\n"
                + "--fwd--\r\n");
    assertThat(s.getFrom().getAddress()).isEqualTo("amina@ngo.example.org");
    assertThat(s.getForwardedBy().getAddress()).isEqualTo("desk@un.example.org");
    assertThat(s.getSubject()).isEqualTo("Our input");
    assertThat(s.getMessageId()).isEqualTo("<inner@ngo.example.org>");
    assertThat(s.getTextParts().get(0).getText()).contains("Our views on norms.");
    assertThat(s.getTo())
        .extracting(a -> a.getAddress())
        .containsExactly("inputs@oewg.example.org");
  }

  @Test
  void shouldExtractPdfTextAndDecodeRfc2231AndRfc2047FileNames() throws Exception {
    final byte[] pdf = TestMail.pdf("Confidence building measures");
    final MimeReader.Result r =
        READER.read(
            ("From: a@example.org\r\nTo: inputs@oewg.example.org\r\nSubject: Files\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n"
                    + "--m\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
                    + "--m\r\nContent-Type: application/pdf\r\n"
                    + "Content-Disposition: attachment; filename*=UTF-8''%C3%A9tude%20n%C2%B01.pdf\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n"
                    + TestMail.base64Lines(pdf)
                    + "\r\n--m\r\nContent-Type: text/plain; name=\"=?UTF-8?Q?r=C3=A9sum=C3=A9.txt?=\"\r\n"
                    + "Content-Disposition: attachment; filename=\"=?UTF-8?Q?r=C3=A9sum=C3=A9.txt?=\"\r\n\r\n"
                    + "A summary.\r\n--m--\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            null);
    final SubmissionReceived s = r.submission();
    assertThat(s.getAttachments())
        .extracting(AttachmentRef::getFilename)
        .containsExactly("étude n°1.pdf", "résumé.txt");
    final AttachmentRef first = s.getAttachments().get(0);
    assertThat(first.getStatus()).isEqualTo(AttachmentStatus.OK);
    assertThat(first.getText()).contains("Confidence building measures");
    assertThat(first.getSize()).isEqualTo(pdf.length);
    assertThat(first.getSha256()).isEqualTo(MimeReader.sha256(pdf));
    assertThat(r.attachments()).hasSize(2);
    assertThat(r.attachments().get(0).bytes()).isEqualTo(pdf);
    assertThat(s.getTextParts()).extracting(TextPart::getText).containsExactly("See attached.");
  }

  @Test
  void shouldRecordEncryptedCorruptAndOversizedAttachmentsAndKeepTheSubmission() throws Exception {
    final byte[] encrypted;
    try (PDDocument doc = Loader.loadPDF(TestMail.pdf("secret"))) {
      final StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner", "user", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      encrypted = out.toByteArray();
    }
    final byte[] big = new byte[3000];
    final MimeReader small = new MimeReader(new MimeReader.Limits(2000, 40L << 20), EXTRACTOR);
    final SubmissionReceived s =
        small
            .read(
                ("From: a@example.org\r\nTo: inputs@oewg.example.org\r\nSubject: Bad files\r\n"
                        + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n"
                        + "--m\r\nContent-Type: text/plain\r\n\r\nThree files.\r\n"
                        + attachment("locked.pdf", "application/pdf", encrypted)
                        + attachment(
                            "broken.pdf",
                            "application/pdf",
                            "%PDF-1.7\n garbage".getBytes(StandardCharsets.US_ASCII))
                        + attachment("big.bin", "application/octet-stream", big)
                        + "--m--\r\n")
                    .getBytes(StandardCharsets.US_ASCII),
                null)
            .submission();
    assertThat(s.getAttachments())
        .extracting(AttachmentRef::getFilename, AttachmentRef::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("locked.pdf", AttachmentStatus.ENCRYPTED),
            org.assertj.core.groups.Tuple.tuple("broken.pdf", AttachmentStatus.CORRUPT),
            org.assertj.core.groups.Tuple.tuple("big.bin", AttachmentStatus.OVERSIZED));
    assertThat(s.getAttachments().get(2).getSha256()).isNull();
    assertThat(s.getAttachments().get(2).getSize()).isEqualTo(3000);
    assertThat(s.getAttachments()).allSatisfy(a -> assertThat(a.getStatusReason()).isNotBlank());
  }

  @Test
  void shouldRecordTimeoutsNoTextAndThePerMessageCap() throws Exception {
    // long enough (hundreds of ms) that a 1 ns limit cannot be met even when this thread is
    // paused between handing the parse over and waiting for it, as on a busy machine
    final byte[] pdf = TestMail.pdf("Some words", 400);
    final String mime =
        "From: a@example.org\r\nTo: inputs@oewg.example.org\r\nSubject: Caps\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n"
            + "--m\r\nContent-Type: text/plain\r\n\r\nTwo files.\r\n"
            + attachment("first.pdf", "application/pdf", pdf)
            + attachment("second.pdf", "application/pdf", pdf)
            + attachment("blank.txt", "text/plain", "   ".getBytes(StandardCharsets.US_ASCII))
            + "--m--\r\n";
    // a limit no extraction can meet
    try (AttachmentExtractor slow = new AttachmentExtractor(Duration.ofNanos(1), 1000)) {
      final SubmissionReceived s =
          new MimeReader(new MimeReader.Limits(1L << 20, pdf.length + 10L), slow)
              .read(mime.getBytes(StandardCharsets.US_ASCII), null)
              .submission();
      assertThat(s.getAttachments().get(0).getStatus()).isEqualTo(AttachmentStatus.TIMEOUT);
      assertThat(s.getAttachments().get(1).getStatus()).isEqualTo(AttachmentStatus.OVERSIZED);
      assertThat(s.getAttachments().get(2).getStatus())
          .isIn(AttachmentStatus.TIMEOUT, AttachmentStatus.NO_TEXT);
      assertThat(s.getAttachments().get(1).getStatusReason()).contains("per-message");
    }
    final SubmissionReceived normal =
        READER.read(mime.getBytes(StandardCharsets.US_ASCII), null).submission();
    assertThat(normal.getAttachments().get(2).getStatus()).isEqualTo(AttachmentStatus.NO_TEXT);
  }

  private static String attachment(final String name, final String type, final byte[] bytes) {
    return "--m\r\nContent-Type: "
        + type
        + "\r\nContent-Disposition: attachment; filename=\""
        + name
        + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + TestMail.base64Lines(bytes)
        + "\r\n";
  }

  @Test
  void shouldKeepTheHeadersReceiptsDecideOn() throws Exception {
    final SubmissionReceived s =
        read(
            "Return-Path: <>\r\nFrom: MAILER-DAEMON@example.org\r\nTo: inputs@oewg.example.org\r\n"
                + "Subject: Undelivered\r\nAuto-Submitted: auto-replied\r\nPrecedence: bulk\r\n"
                + "List-Id: <news.example.org>\r\n\r\nBounce.\r\n");
    assertThat(s.getHeaders())
        .containsEntry("Auto-Submitted", "auto-replied")
        .containsEntry("Precedence", "bulk")
        .containsEntry("List-Id", "<news.example.org>")
        .containsEntry("Return-Path", "<>");
    assertThat(Receipts.refusal(s)).isNotNull();
  }

  @Test
  void shouldTakeUuencodedFilesOutOfThePlainText() throws Exception {
    final SubmissionReceived s =
        read(
            "From: old@example.org\r\nTo: inputs@oewg.example.org\r\nSubject: uu\r\n\r\n"
                + "Here it is.\r\n\r\nbegin 644 note.txt\r\n"
                + ",:&5L;&\\@=V]R;&0*\r\n`\r\nend\r\n");
    assertThat(s.getAttachments())
        .extracting(AttachmentRef::getFilename)
        .containsExactly("note.txt");
    assertThat(s.getTextParts().get(0).getText()).doesNotContain("begin 644");
  }

  @Test
  void shouldHashTheNormalisedTextSoReformattedCopiesMatch() throws Exception {
    final SubmissionReceived a =
        read("From: a@example.org\r\nSubject: x\r\n\r\nSame   words\r\nhere.\r\n");
    final SubmissionReceived b =
        read("From: b@example.org\r\nSubject: y\r\n\r\nSAME words here.\r\n");
    assertThat(a.getContentSha256()).isEqualTo(b.getContentSha256()).hasSize(64);
  }

  @Test
  void shouldRejectWhatIsNotAnEmailWithAReason() {
    assertThatThrownBy(() -> READER.read(new byte[0], null))
        .isInstanceOf(MimeReader.RejectedException.class)
        .hasMessage("empty message");
    assertThatThrownBy(() -> read("\r\njust some text\r\n"))
        .isInstanceOf(MimeReader.RejectedException.class)
        .hasMessageContaining("no mail headers");
    assertThatThrownBy(() -> read("Subject: nobody\r\nTo: inputs@oewg.example.org\r\n\r\ntext\r\n"))
        .isInstanceOf(MimeReader.RejectedException.class)
        .hasMessageContaining("no sender address");
  }
}
