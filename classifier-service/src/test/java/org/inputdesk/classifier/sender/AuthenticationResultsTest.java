package org.inputdesk.classifier.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.inputdesk.schemas.MailAuthentication;
import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {

  @Test
  void shouldReadMicrosoftsHeaderWithoutAnAuthservId() {
    final MailAuthentication a =
        AuthenticationResults.read(
            List.of(
                "spf=pass (sender IP is 203.116.71.25) smtp.mailfrom=mfa.gov.sg; dkim=pass"
                    + " (signature was verified) header.d=mfa.gov.sg;dmarc=pass action=none"
                    + " header.from=mfa.gov.sg;compauth=pass reason=100"),
            "mfa.gov.sg");
    assertThat(a.getVerdict()).isEqualTo("pass");
    assertThat(a.getDmarc()).isEqualTo("pass");
    assertThat(a.getDkim()).isEqualTo("pass");
    assertThat(a.getSpf()).isEqualTo("pass");
    assertThat(a.getFromDomain()).isEqualTo("mfa.gov.sg");
  }

  @Test
  void shouldReadAnRfc8601HeaderWithItsAuthservId() {
    final MailAuthentication a =
        AuthenticationResults.read(
            List.of(
                "Authentication-Results: mx.google.com; dkim=pass header.i=@mail.ngo.org"
                    + " header.s=s1; spf=softfail smtp.mailfrom=bounce@other.example;"
                    + " dmarc=none header.from=ngo.org"),
            "ngo.org");
    assertThat(a.getVerifiedBy()).isEqualTo("mx.google.com");
    assertThat(a.getDkim()).as("a sub-domain's signature is aligned").isEqualTo("pass");
    assertThat(a.getSpf()).as("the envelope's domain is not aligned").isEqualTo("none");
    assertThat(a.getVerdict()).isEqualTo("pass");
  }

  @Test
  void shouldNotVerifyWhenTrustedHeadersDisagree() {
    // intake's rule, shared: a pass and a fail for the same domain verify nothing
    final MailAuthentication a =
        AuthenticationResults.read(
            List.of("mx.a; dmarc=pass header.from=x.org", "mx.b; dmarc=fail header.from=x.org"),
            "x.org");
    assertThat(a.getVerdict()).isEqualTo("not-verified");
  }

  @Test
  void shouldNotPassASignatureOfAnotherDomain() {
    final MailAuthentication a =
        AuthenticationResults.read(
            List.of("mx.a; dkim=pass header.d=attacker.example; dmarc=none"), "mfa.gov.sg");
    assertThat(a.getVerdict()).isEqualTo("not-verified");
  }

  @Test
  void shouldSayNotVerifiedForNothingOrGarbage() {
    assertThat(AuthenticationResults.read(List.of(), "x.org").getVerdict())
        .isEqualTo("not-verified");
    assertThat(AuthenticationResults.read(null, null).getVerdict()).isEqualTo("not-verified");
    assertThat(AuthenticationResults.read(List.of("mx.a; none"), "x.org").getVerdict())
        .isEqualTo("not-verified");
    assertThat(AuthenticationResults.read(List.of("=;=;(", ";;", ""), "x.org").getVerdict())
        .isEqualTo("not-verified");
  }
}
