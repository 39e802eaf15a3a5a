package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who sent an input, as the whole pipeline decides it (GreenMail, the real broker, intake trusting
 * our MX's Authentication-Results, the classifier): the cases a new user tried and found wrong.
 */
class SenderAttributionIT {

  private static final String OUR_MX = "mx.oewg.localhost";

  @TempDir static Path dir;
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack =
        LocalStack.start(
            new LocalStack.Options(
                dir.resolve("stack"),
                0,
                Map.of("auth.trusted.authserv.ids", OUR_MX, "auth.trusted.received.hops", "1")),
            s -> {});
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldHoldALetterheadClaimToBeAStateSentFromAnUnrelatedDomain() throws Exception {
    deliver(
        "From: trent@example.net\r\nSubject: [OEWG] Statement on confidence-building\r\n",
        multipart(
            "Please find attached our statement.",
            "statement.pdf",
            pdf(
                "Statement by the Delegation of the Islamic Republic of Iran",
                "at the Open-ended Working Group on ICTs",
                "",
                "The Islamic Republic of Iran supports confidence-building measures",
                "and a directory of points of contact among States.")));
    final SubmissionClassified c = await("Iran claim", "Statement on confidence-building");
    assertThat(c.getPublication().getStatus()).isNotEqualTo(PublicationStatus.POSTED);
    assertThat(c.getSender().getVerified()).isFalse();
    assertThat(c.getPublication().getReason()).isNotBlank();
  }

  @Test
  void shouldCreditAForwardToTheOriginalSenderAndKeepTheNoteOutOfTheText() throws Exception {
    deliver(
        "From: Ana Ruiz <ana.ruiz@un.org>\r\nSubject: Fwd: [OEWG] Input from Access Now\r\n",
        plain(
            "Dear colleagues, I am forwarding this input that reached my own address.\n\n"
                + "---------- Forwarded message ---------\n"
                + "From: Maria Lopez <maria.lopez@accessnow.org>\n"
                + "Date: Mon, 3 Mar 2025 at 10:00\n"
                + "Subject: Input from Access Now\n"
                + "To: Ana Ruiz <ana.ruiz@un.org>\n\n"
                + "Access Now welcomes the chance to contribute. Human rights apply online as they do"
                + " offline, and States should protect civil society from spyware.\n\n"
                + "Maria Lopez\nAccess Now\n"));
    final SubmissionClassified c = await("forward", "Input from Access Now");
    final SenderInfo s = c.getSender();
    assertThat(s.getType()).isEqualTo("ngo");
    assertThat(s.getOrganisation()).isEqualTo("Access Now");
    assertThat(s.getForwardedBy()).isEqualTo("ana.ruiz@un.org");
    assertThat(text(c))
        .contains("Human rights apply online")
        .doesNotContain("I am forwarding this input");
  }

  @Test
  void shouldReadAnArabicLetterFromAUnIntMissionAddressAsThatMemberState() throws Exception {
    deliver(
        "From: egypt@un.int\r\nSubject: [OEWG] =?UTF-8?B?"
            + Base64.getEncoder().encodeToString("مساهمة مصر".getBytes(StandardCharsets.UTF_8))
            + "?=\r\n",
        plain(
            "البعثة الدائمة لجمهورية مصر العربية لدى الأمم المتحدة\n\n"
                + "تتشرف البعثة الدائمة لجمهورية مصر العربية بأن تقدم مساهمتها بشأن تدابير بناء الثقة"
                + " في مجال تكنولوجيا المعلومات والاتصالات.\n"));
    final SubmissionClassified c = await("Egypt", "مساهمة مصر");
    assertThat(c.getSender().getType()).isEqualTo("member-state");
    assertThat(c.getSender().getCountry()).isEqualTo("EGY");
  }

  @Test
  void shouldCutOrganisationNamesAtTheirEndAndKeepTheirCase() throws Exception {
    deliver(
        "From: =?UTF-8?Q?Jo=C3=A3o_Silva?= <jsilva@uc.pt>\r\nSubject: [OEWG] Coimbra input\r\n",
        plain(
            "The University of Coimbra submits that confidence-building measures such as points of"
                + " contact deserve support.\n\nJoão Silva\n"));
    deliver(
        "From: Desk <desk@mission-singapore.example>\r\nSubject: [OEWG] Singapore input\r\n",
        plain(
            "Permanent Mission of Singapore to the United Nations\n\nSingapore supports the"
                + " voluntary norms of responsible State behaviour.\n"));
    assertThat(await("Coimbra", "Coimbra input").getSender().getOrganisation())
        .isEqualTo("University of Coimbra");
    assertThat(await("Singapore", "Singapore input").getSender().getOrganisation())
        .startsWith("Permanent Mission of Singapore");
  }

  @Test
  void shouldPostAMinistryWhoseDomainOurServerAuthenticatedAndHoldForgeries() throws Exception {
    // three texts, so that none is withheld as a duplicate of another
    final String text =
        "Singapore supports the voluntary norms of responsible State behaviour.\n\nMinistry of Foreign Affairs, Singapore\n";
    deliver(
        "Authentication-Results: "
            + OUR_MX
            + "; dkim=pass header.d=mfa.gov.sg; spf=pass smtp.mailfrom=mfa.gov.sg; dmarc=pass header.from=mfa.gov.sg\r\n"
            + received()
            + "From: desk@mfa.gov.sg\r\nSubject: [OEWG] Norms view (authenticated)\r\n",
        plain("First view. " + text));
    deliver(
        "Authentication-Results: "
            + OUR_MX
            + "; dkim=fail header.d=mfa.gov.sg; spf=fail smtp.mailfrom=mfa.gov.sg; dmarc=fail header.from=mfa.gov.sg\r\n"
            + received()
            + "From: desk@mfa.gov.sg\r\nSubject: [OEWG] Norms view (failed)\r\n",
        plain("Second view. " + text));
    deliver(
        received()
            + "Authentication-Results: "
            + OUR_MX
            + "; dkim=pass header.d=mfa.gov.sg; dmarc=pass header.from=mfa.gov.sg\r\n"
            + "From: desk@mfa.gov.sg\r\nSubject: [OEWG] Norms view (forged header)\r\n",
        plain("Third view. " + text));
    final SubmissionClassified verified = await("authenticated", "Norms view (authenticated)");
    assertThat(verified.getSender().getType()).isEqualTo("member-state");
    assertThat(verified.getSender().getVerified()).isTrue();
    assertThat(verified.getPublication().getStatus()).isEqualTo(PublicationStatus.POSTED);
    for (final String subject :
        new String[] {"Norms view (failed)", "Norms view (forged header)"}) {
      final SubmissionClassified c = await(subject, subject);
      assertThat(c.getSender().getVerified()).as(subject).isFalse();
      assertThat(c.getPublication().getStatus()).as(subject).isEqualTo(PublicationStatus.HELD);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static String received() {
    return "Received: from mail.example (mail.example [203.0.113.25]) by "
        + OUR_MX
        + " with ESMTPS id 4Xyz; Mon, 3 Mar 2025 10:00:01 +0000\r\n";
  }

  private static void deliver(final String headers, final String body) {
    final String message =
        headers
            + "To: "
            + LocalStack.ADDRESS
            + "\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\n"
            + "Message-ID: <"
            + Math.abs(headers.hashCode())
            + "@it.example>\r\nMIME-Version: 1.0\r\n"
            + body;
    stack.mail().deliver(message.getBytes(StandardCharsets.UTF_8));
  }

  private static String plain(final String text) {
    return "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))
        + "\r\n";
  }

  private static String multipart(final String text, final String name, final byte[] attachment) {
    return "Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n"
        + plain(text)
        + "--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\""
        + name
        + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString(attachment)
        + "\r\n--b1--\r\n";
  }

  private static byte[] pdf(final String... lines) throws Exception {
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      final PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream t = new PDPageContentStream(doc, page)) {
        t.beginText();
        t.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        t.setLeading(15);
        t.newLineAtOffset(60, 720);
        for (final String line : lines) {
          t.showText(line);
          t.newLine();
        }
        t.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static SubmissionClassified await(final String what, final String subjectPart) {
    return org.awaitility.Awaitility.await(what)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> find(subjectPart), Optional::isPresent)
        .orElseThrow();
  }

  private static Optional<SubmissionClassified> find(final String subjectPart) {
    return TopicReader.latest(
            Map.of("bootstrap.servers", stack.kafka().bootstrapServers()),
            Topics.SUBMISSIONS_CLASSIFIED)
        .values()
        .stream()
        .filter(c -> c.getSubmission().getSubject().contains(subjectPart))
        .findFirst();
  }

  private static String text(final SubmissionClassified c) {
    final StringBuilder out = new StringBuilder();
    for (final TextPart p : c.getSubmission().getTextParts()) {
      out.append(p.getText());
    }
    return out.toString();
  }
}
