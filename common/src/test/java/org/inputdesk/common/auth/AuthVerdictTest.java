package org.inputdesk.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.inputdesk.schemas.MailAuthentication;
import org.junit.jupiter.api.Test;

/** The verdict from trusted headers already chosen, as plain rules. */
class AuthVerdictTest {

  private static MailAuthentication decide(final String fromDomain, final String... headers) {
    final List<AuthenticationResults> read =
        Arrays.stream(headers)
            .map(h -> AuthenticationResultsParser.parse(h).orElseThrow())
            .toList();
    return AuthVerdict.decide(fromDomain, read);
  }

  @Test
  void shouldPassOnMicrosoft365sResultsOnceTheHeaderIsTrusted() {
    final MailAuthentication a =
        decide("mfa.gov.sg", AuthenticationResultsParserTest.MICROSOFT_365);
    assertThat(a.getVerdict()).isEqualTo("pass");
    assertThat(a.getDmarc()).isEqualTo("pass");
    assertThat(a.getDkim()).isEqualTo("pass");
    assertThat(a.getSpf()).isEqualTo("pass");
  }

  @Test
  void shouldPassOnGmailsResults() {
    final MailAuthentication a = decide("mfa.gov.sg", AuthenticationResultsParserTest.GMAIL);
    assertThat(a.getVerdict()).isEqualTo("pass");
    assertThat(a.getVerifiedBy()).isEqualTo("mx.google.com");
  }

  @Test
  void shouldPassOnAnAlignedDkimPassWhenTheDomainPublishesNoDmarcPolicy() {
    final MailAuthentication a =
        decide(
            "mfa.gov.sg",
            "mx.un.example; dkim=pass header.d=mfa.gov.sg; dmarc=none header.from=mfa.gov.sg");
    assertThat(a.getVerdict()).isEqualTo("pass");
    assertThat(a.getDmarc()).isEqualTo("none");
  }

  @Test
  void shouldNotVerifyAnAlignedDkimPassWhenDmarcHadAnError() {
    final MailAuthentication a =
        decide(
            "mfa.gov.sg",
            "mx.un.example; dkim=pass header.d=mfa.gov.sg; dmarc=temperror header.from=mfa.gov.sg");
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getDmarc()).isEqualTo("temperror");
  }

  @Test
  void shouldTakeOnePassingAlignedSignatureAmongSeveralInOneHeader() {
    final MailAuthentication a =
        decide(
            "mfa.gov.sg",
            "mx.un.example; dkim=fail header.d=mfa.gov.sg header.a=ed25519-sha256;"
                + " dkim=pass header.d=mfa.gov.sg header.a=rsa-sha256");
    assertThat(a.getVerdict()).isEqualTo("pass");
    assertThat(a.getDkim()).isEqualTo("pass");
  }

  @Test
  void shouldNotVerifyWhenTwoHeadersDisagreeOnDkim() {
    final MailAuthentication a =
        decide(
            "mfa.gov.sg",
            "mx.un.example; dkim=pass header.d=mfa.gov.sg",
            "mx.un.example; dkim=fail header.d=mfa.gov.sg");
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getDkim()).isEqualTo("fail");
  }

  @Test
  void shouldReadDmarcOnlyForTheFromDomainItself() {
    final MailAuthentication a =
        decide("mfa.gov.sg", "mx.un.example; dmarc=pass header.from=example.net");
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getDmarc()).isEqualTo("none");
  }

  @Test
  void shouldReadSpfOnlyWhenTheEnvelopeSenderAligns() {
    assertThat(
            decide("mfa.gov.sg", "mx.un.example; spf=pass smtp.mailfrom=bounce@esp.example.net")
                .getSpf())
        .isEqualTo("none");
    assertThat(
            decide("mfa.gov.sg", "mx.un.example; spf=fail smtp.mailfrom=<desk@MFA.gov.sg>")
                .getSpf())
        .isEqualTo("fail");
  }

  @Test
  void shouldCompareDomainsWithoutRegardToCase() {
    final MailAuthentication a =
        decide("MFA.Gov.SG", "MX.UN.example; DMARC=Pass header.from=mfa.GOV.sg.");
    assertThat(a.getVerdict()).isEqualTo("pass");
    assertThat(a.getFromDomain()).isEqualTo("mfa.gov.sg");
    assertThat(a.getVerifiedBy()).isEqualTo("mx.un.example");
  }

  @Test
  void shouldNotVerifyWithoutTrustedHeaders() {
    final MailAuthentication a = decide("mfa.gov.sg");
    assertThat(a.getVerdict()).isEqualTo("not-verified");
    assertThat(a.getVerifiedBy()).isNull();
    assertThat(a.getDmarc()).isEqualTo("none");
    assertThat(a.getDkim()).isEqualTo("none");
    assertThat(a.getSpf()).isEqualTo("none");
  }
}
