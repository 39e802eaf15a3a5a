package org.inputdesk.intake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.inputdesk.common.auth.AuthenticationResultsParserTest;
import org.inputdesk.schemas.MailAuthentication;
import org.junit.jupiter.api.Test;

/** The verdict of whole messages' headers, as the receiving servers left them. */
class MailAuthenticatorTest {

  private static final AuthTrust OUR_MX = AuthTrust.of(List.of("mail.un.example"), 1);

  private static final String SENDER_PART =
      "From: Permanent Mission of Singapore <desk@mfa.gov.sg>\r\n"
          + "To: inputs@un.example\r\n"
          + "Subject: Input on capacity-building\r\n"
          + "Date: Mon, 04 Mar 2024 10:15:00 +0800\r\n"
          + "Message-ID: <a1b2c3@mfa.gov.sg>\r\n"
          + "MIME-Version: 1.0\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\n";

  private static final String OUR_RECEIVED =
      "Received: from mail.mfa.gov.sg (mail.mfa.gov.sg [203.0.113.25])\r\n"
          + "\tby mail.un.example (Postfix) with ESMTPS id 4TqXyZ1abc\r\n"
          + "\tfor <inputs@un.example>; Mon,  4 Mar 2024 02:15:03 +0000 (UTC)\r\n";

  private static final String SENDERS_OWN_RECEIVED =
      "Received: from [10.1.2.3] (desk.mfa.gov.sg [10.1.2.3])\r\n"
          + "\tby mail.mfa.gov.sg with ESMTPSA; Mon, 4 Mar 2024 10:15:01 +0800\r\n";

  /** Header fields in order, read as jakarta.mail reads a message. */
  static List<Map.Entry<String, String>> headers(final String text) {
    try {
      final InternetHeaders h =
          new InternetHeaders(
              new ByteArrayInputStream((text + "\r\n").getBytes(StandardCharsets.UTF_8)));
      final List<Map.Entry<String, String>> out = new ArrayList<>();
      for (final Header header : Collections.list(h.getAllHeaders())) {
        out.add(Map.entry(header.getName(), header.getValue()));
      }
      return out;
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MailAuthentication authenticate(final AuthTrust trust, final String text) {
    return new MailAuthenticator(trust).authenticate(headers(text));
  }

  private static String ar(final String value) {
    return "Authentication-Results: " + value + "\r\n";
  }

  @Test
  void shouldPassOnOpenDmarcPassWrittenByOurOwnMxAboveItsReceivedHeader() {
    final MailAuthentication a =
        authenticate(
            OUR_MX,
            ar(AuthenticationResultsParserTest.OPENDMARC)
                + ar(AuthenticationResultsParserTest.OPENDKIM)
                + OUR_RECEIVED
                + SENDERS_OWN_RECEIVED
                + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("pass");
    assertThat(a.getVerifiedBy()).isEqualTo("mail.un.example");
    assertThat(a.getFromDomain()).isEqualTo("mfa.gov.sg");
    assertThat(a.getDmarc()).isEqualTo("pass");
    assertThat(a.getDkim()).isEqualTo("pass");
    assertThat(a.getSpf()).isEqualTo("none");
  }

  @Test
  void shouldPassAGmailDeliveryOnlyWhenItsHeaderStandsAboveTheCountedReceivedHeader() {
    final String gmail =
        "Delivered-To: inputs@un.example\r\n"
            + "Received: by 2002:a05:6a10:8e0a:b0:5a1:2b3c:4d5e with SMTP id k10csp123456pxb;\r\n"
            + "        Mon, 4 Mar 2024 02:15:04 -0800 (PST)\r\n"
            + "ARC-Authentication-Results: i=1; mx.google.com; dmarc=pass header.from=mfa.gov.sg\r\n"
            + "Return-Path: <desk@mfa.gov.sg>\r\n"
            + "Received: from mail.mfa.gov.sg (mail.mfa.gov.sg. [203.0.113.25])\r\n"
            + "        by mx.google.com with ESMTPS id a1si123456wrb.123.2024.03.04.02.15.03\r\n"
            + "        for <inputs@un.example>; Mon, 04 Mar 2024 02:15:03 -0800 (PST)\r\n"
            + "Received-SPF: pass (google.com: domain of desk@mfa.gov.sg designates"
            + " 203.0.113.25 as permitted sender) client-ip=203.0.113.25;\r\n"
            + ar(AuthenticationResultsParserTest.GMAIL)
            + SENDERS_OWN_RECEIVED
            + SENDER_PART;
    // Google writes its header below its own Received header, so it stands above the third
    // Received header (the sender's), not above the second
    final MailAuthentication threeHops =
        authenticate(AuthTrust.of(List.of("mx.google.com"), 3), gmail);
    assertThat(threeHops.getVerdict()).isEqualTo("pass");
    assertThat(threeHops.getVerifiedBy()).isEqualTo("mx.google.com");
    assertThat(threeHops.getDkim()).isEqualTo("pass");
    assertThat(threeHops.getSpf()).isEqualTo("pass");
    final MailAuthentication twoHops =
        authenticate(AuthTrust.of(List.of("mx.google.com"), 2), gmail);
    assertThat(twoHops.getVerdict()).isEqualTo("not-verified");
    assertThat(twoHops.getVerifiedBy()).isNull();
  }

  @Test
  void shouldIgnoreAForgedHeaderTheSenderPutBelowTheReceivedHeader() {
    final MailAuthentication a =
        authenticate(
            OUR_MX,
            OUR_RECEIVED
                + ar("mail.un.example; dmarc=pass header.from=mfa.gov.sg")
                + SENDERS_OWN_RECEIVED
                + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getVerifiedBy()).isNull();
    assertThat(a.getDmarc()).isEqualTo("none");
    assertThat(a.getFromDomain()).isEqualTo("mfa.gov.sg");
  }

  @Test
  void shouldIgnoreAHeaderOfAnUntrustedServerEvenAboveTheReceivedHeader() {
    final MailAuthentication a =
        authenticate(
            OUR_MX,
            ar("mx.elsewhere.example; dmarc=pass header.from=mfa.gov.sg")
                + OUR_RECEIVED
                + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getVerifiedBy()).isNull();
  }

  @Test
  void shouldNotVerifyWhenTwoTrustedHeadersDisagree() {
    final MailAuthentication a =
        authenticate(
            OUR_MX,
            ar("mail.un.example; dmarc=pass header.from=mfa.gov.sg")
                + ar("mail.un.example; dmarc=fail header.from=mfa.gov.sg")
                + OUR_RECEIVED
                + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getDmarc()).isEqualTo("fail");
    assertThat(a.getVerifiedBy()).isEqualTo("mail.un.example");
  }

  @Test
  void shouldFailOnDmarcFail() {
    final MailAuthentication a =
        authenticate(
            OUR_MX,
            ar("mail.un.example; dmarc=fail (p=reject dis=none) header.from=mfa.gov.sg")
                + OUR_RECEIVED
                + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("fail");
    assertThat(a.getDmarc()).isEqualTo("fail");
  }

  @Test
  void shouldNotVerifyAFromWithTwoAddresses() {
    final MailAuthentication a =
        authenticate(
            OUR_MX,
            ar("mail.un.example; dmarc=pass header.from=mfa.gov.sg")
                + OUR_RECEIVED
                + SENDER_PART.replace(
                    "<desk@mfa.gov.sg>", "<desk@mfa.gov.sg>, Someone <someone@example.net>"));
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getFromDomain()).isNull();
    assertThat(a.getVerifiedBy()).isEqualTo("mail.un.example");
  }

  @Test
  void shouldNotVerifyAMessageWithoutFrom() {
    final MailAuthentication a =
        authenticate(
            OUR_MX,
            ar("mail.un.example; dmarc=pass header.from=mfa.gov.sg")
                + OUR_RECEIVED
                + SENDER_PART.replaceFirst("From: [^\r]*\r\n", ""));
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getFromDomain()).isNull();
  }

  @Test
  void shouldNotVerifyADkimPassOfAnotherDomain() {
    final MailAuthentication a =
        authenticate(
            OUR_MX,
            ar("mail.un.example; dkim=pass header.d=bulk-mailer.example.net header.s=s1")
                + OUR_RECEIVED
                + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getDkim()).isEqualTo("none");
  }

  @Test
  void shouldPassAnAlignedDkimSignatureOfASubdomainWhenDmarcSaidNothing() {
    final MailAuthentication a =
        authenticate(
            OUR_MX,
            ar(
                    "mail.un.example; dkim=pass header.i=@mail.mfa.gov.sg; spf=softfail"
                        + " smtp.mailfrom=bounces@mfa.gov.sg")
                + OUR_RECEIVED
                + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("pass");
    assertThat(a.getDkim()).isEqualTo("pass");
    assertThat(a.getSpf()).isEqualTo("softfail");
  }

  @Test
  void shouldTrustNothingWhenNoAuthservIdIsConfigured() {
    final MailAuthentication a =
        authenticate(
            AuthTrust.NONE,
            ar("mail.un.example; dmarc=pass header.from=mfa.gov.sg") + OUR_RECEIVED + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getVerifiedBy()).isNull();
    assertThat(a.getFromDomain()).isEqualTo("mfa.gov.sg");
  }

  @Test
  void shouldTrustNothingWhenTheMessageCrossedFewerHopsThanTrusted() {
    final MailAuthentication a =
        authenticate(
            AuthTrust.of(List.of("mail.un.example"), 3),
            ar("mail.un.example; dmarc=pass header.from=mfa.gov.sg") + OUR_RECEIVED + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("not-verified");
  }

  @Test
  void shouldNotVerifyWhenTheTrustedHeaderIsGarbage() {
    final MailAuthentication a =
        authenticate(OUR_MX, ar("mail.un.example; dmarc=pass (oops") + OUR_RECEIVED + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getVerifiedBy()).isNull();
  }

  @Test
  void shouldNotTrustMicrosoft365sHeaderForItNamesNoServer() {
    final MailAuthentication a =
        authenticate(
            AuthTrust.of(List.of("mail.un.example", "outlook.com"), 1),
            ar(AuthenticationResultsParserTest.MICROSOFT_365) + OUR_RECEIVED + SENDER_PART);
    assertThat(a.getVerdict()).isEqualTo("not-verified");
  }
}
