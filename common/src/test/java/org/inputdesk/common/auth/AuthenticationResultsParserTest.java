package org.inputdesk.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.inputdesk.common.auth.AuthenticationResults.MethodResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class AuthenticationResultsParserTest {

  /** As Gmail writes it (mx.google.com), folded over lines, with comments. */
  public static final String GMAIL =
      "mx.google.com;\r\n"
          + "       dkim=pass header.i=@mfa.gov.sg header.s=20230601 header.b=kL2m/9+Qa0=;\r\n"
          + "       spf=pass (google.com: domain of desk@mfa.gov.sg designates 203.0.113.25 as"
          + " permitted sender) smtp.mailfrom=desk@mfa.gov.sg;\r\n"
          + "       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=mfa.gov.sg";

  /** As Microsoft 365 (Exchange Online Protection) writes it: no authserv-id, vendor keys. */
  public static final String MICROSOFT_365 =
      "spf=pass (sender IP is 203.0.113.25)\r\n"
          + " smtp.mailfrom=mfa.gov.sg; dkim=pass (signature was verified)\r\n"
          + " header.d=mfa.gov.sg;dmarc=pass action=none\r\n"
          + " header.from=mfa.gov.sg;compauth=pass reason=100";

  /** As OpenDKIM writes it: a comment holding a semicolon. */
  public static final String OPENDKIM =
      "mail.un.example;\r\n"
          + "\tdkim=pass (2048-bit key; unprotected) header.d=mfa.gov.sg header.i=@mfa.gov.sg"
          + " header.a=rsa-sha256 header.s=mail header.b=AbCdEfGh";

  /** As OpenDMARC writes it. */
  public static final String OPENDMARC =
      "mail.un.example; dmarc=pass (p=reject dis=none) header.from=mfa.gov.sg";

  private static AuthenticationResults read(final String value) {
    return AuthenticationResultsParser.parse(value).orElseThrow();
  }

  @Test
  void shouldReadGmailsHeaderWithItsThreeMethodsAndProperties() {
    final AuthenticationResults ar = read(GMAIL);
    assertThat(ar.authservId()).isEqualTo("mx.google.com");
    assertThat(ar.version()).isEqualTo(1);
    assertThat(ar.results())
        .extracting(MethodResult::method, MethodResult::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dkim", "pass"),
            org.assertj.core.groups.Tuple.tuple("spf", "pass"),
            org.assertj.core.groups.Tuple.tuple("dmarc", "pass"));
    assertThat(ar.results().get(0).property("header.i")).isEqualTo("@mfa.gov.sg");
    assertThat(ar.results().get(0).property("header.b")).isEqualTo("kL2m/9+Qa0=");
    assertThat(ar.results().get(1).property("smtp.mailfrom")).isEqualTo("desk@mfa.gov.sg");
    assertThat(ar.results().get(2).property("header.from")).isEqualTo("mfa.gov.sg");
  }

  @Test
  void shouldReadMicrosoft365sHeaderThatNamesNoAuthservId() {
    final AuthenticationResults ar = read(MICROSOFT_365);
    assertThat(ar.authservId()).isEmpty();
    assertThat(ar.results())
        .extracting(MethodResult::method)
        .containsExactly("spf", "dkim", "dmarc", "compauth");
    assertThat(ar.results().get(0).property("smtp.mailfrom")).isEqualTo("mfa.gov.sg");
    assertThat(ar.results().get(2).property("action")).isEqualTo("none");
    assertThat(ar.results().get(2).property("header.from")).isEqualTo("mfa.gov.sg");
    assertThat(ar.results().get(3).reason()).isEqualTo("100");
  }

  @Test
  void shouldReadOpenDkimAndOpenDmarcHeadersWithSemicolonsInsideComments() {
    final AuthenticationResults dkim = read(OPENDKIM);
    assertThat(dkim.authservId()).isEqualTo("mail.un.example");
    assertThat(dkim.results()).hasSize(1);
    assertThat(dkim.results().get(0).property("header.d")).isEqualTo("mfa.gov.sg");
    assertThat(dkim.results().get(0).property("header.s")).isEqualTo("mail");
    final AuthenticationResults dmarc = read(OPENDMARC);
    assertThat(dmarc.results().get(0).method()).isEqualTo("dmarc");
    assertThat(dmarc.results().get(0).property("header.from")).isEqualTo("mfa.gov.sg");
  }

  @Test
  void shouldSkipNestedCommentsBetweenAnyTwoTokens() {
    final AuthenticationResults ar =
        read(
            "(front) mx.un.example (primary (inbound \\) quoted)) 1 (v);"
                + " (before) dkim (m) = (x) pass (ok (nested)) header (p) . (q) d (r) = (s)"
                + " mfa.gov.sg (end)");
    assertThat(ar.authservId()).isEqualTo("mx.un.example");
    assertThat(ar.version()).isEqualTo(1);
    final MethodResult r = ar.results().get(0);
    assertThat(r.method()).isEqualTo("dkim");
    assertThat(r.result()).isEqualTo("pass");
    assertThat(r.property("header.d")).isEqualTo("mfa.gov.sg");
  }

  @Test
  void shouldReadQuotedStringsForTheAuthservIdReasonAndValues() {
    final AuthenticationResults ar =
        read(
            "\"mx.un.example\" 1; dkim=fail reason=\"signature did not verify (bad \\\"b=\\\")\""
                + " header.d=\"mfa.gov.sg\" header.b=\"x;y\"");
    assertThat(ar.authservId()).isEqualTo("mx.un.example");
    final MethodResult r = ar.results().get(0);
    assertThat(r.result()).isEqualTo("fail");
    assertThat(r.reason()).isEqualTo("signature did not verify (bad \"b=\")");
    assertThat(r.property("header.d")).isEqualTo("mfa.gov.sg");
    assertThat(r.property("header.b")).isEqualTo("x;y");
  }

  @Test
  void shouldReadMethodAndResultNamesInAnyCaseAndAMethodVersion() {
    final AuthenticationResults ar =
        read("MX.UN.Example; DKIM/1=PASS Header.D=mfa.gov.sg; SPF=SoftFail SMTP.MailFrom=a@b.c;");
    assertThat(ar.authservId()).isEqualTo("mx.un.example");
    assertThat(ar.results())
        .extracting(MethodResult::method, MethodResult::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dkim", "pass"),
            org.assertj.core.groups.Tuple.tuple("spf", "softfail"));
    assertThat(ar.results().get(0).property("header.d")).isEqualTo("mfa.gov.sg");
    assertThat(ar.results().get(1).property("smtp.mailfrom")).isEqualTo("a@b.c");
  }

  @Test
  void shouldReadNoneAsAHeaderWithoutResults() {
    final AuthenticationResults ar = read("mx.un.example; none");
    assertThat(ar.authservId()).isEqualTo("mx.un.example");
    assertThat(ar.results()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "mx.un.example",
        "; dkim=pass",
        "mx.un.example dkim=pass",
        "mx.un.example; dkim",
        "mx.un.example; dkim=",
        "mx.un.example; =pass",
        "mx.un.example; dkim=pass header.d",
        "mx.un.example; dkim=pass header.d=",
        "mx.un.example; dkim=pass header.=x",
        "mx.un.example; dkim=pass (never closed",
        "mx.un.example; dkim=pass header.d=\"never closed",
        "mx.un.example; dkim=pass header.d=x)",
        "mx.un.example; none; dkim=pass",
        "mx.un.example; dkim=pass none",
        "mx.un.example 99999999999; dkim=pass",
        "\u0000\u0001\u00ff;;;===...@@@",
        "mx.un.example;; dkim=pass",
        "\"mx\\"
      })
  void shouldReadNothingFromGarbageWithoutThrowing(final String garbage) {
    assertThat(AuthenticationResultsParser.parse(garbage)).isEmpty();
  }

  @Test
  void shouldReadNothingFromNull() {
    assertThat(AuthenticationResultsParser.parse(null)).isEmpty();
  }
}
