package org.inputdesk.intake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.inputdesk.schemas.Settings;
import org.junit.jupiter.api.Test;

class IntakeConfigTest {

  @Test
  void shouldApplyDefaultsAndDeriveMailboxNameAndPort() {
    final IntakeConfig c =
        IntakeConfig.from(
            Map.of("imap.host", "mail.example.org", "imap.user", "inputs@example.org"));
    assertThat(c.imapProtocol()).isEqualTo("imaps");
    assertThat(c.imapPort()).isEqualTo(993);
    assertThat(c.mailboxName()).isEqualTo("inputs@example.org@mail.example.org/INBOX");
    assertThat(c.mailboxLabel()).isEqualTo("i***@example.org@mail.example.org/INBOX");
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.afterCommit()).isEqualTo("flag");
    assertThat(c.attachmentMaxBytes()).isEqualTo(15L * 1024 * 1024);
    assertThat(c.messageMaxBytes()).isEqualTo(40L * 1024 * 1024);
    assertThat(c.replicationFactor()).isEqualTo((short) 1);
    assertThat(c.smtpFrom()).isEqualTo("inputs@example.org");
    assertThat(c.receiptsOn()).isFalse(); // no smtp.host
    assertThat(c.transactionalId()).startsWith("intake-");
  }

  @Test
  void shouldReadEnvironmentVariablesAndHidePasswords() {
    final IntakeConfig c =
        IntakeConfig.from(
            Settings.fromEnvironment(
                Map.of(
                    "INPUTDESK_IMAP_HOST", "h",
                    "INPUTDESK_IMAP_USER", "u",
                    "INPUTDESK_IMAP_PASSWORD", "s3cret",
                    "INPUTDESK_IMAP_PROTOCOL", "imap",
                    "INPUTDESK_IMAP_POLL_INTERVAL_MS", "5000")));
    assertThat(c.imapPort()).isEqualTo(143);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.imapPassword().value()).isEqualTo("s3cret");
    assertThat(c.toString()).doesNotContain("s3cret");
    assertThat(IntakeConfig.definition().names())
        .contains("kafka.bootstrap.servers", "imap.after.commit");
  }

  @Test
  void shouldTrustNoAuthenticationResultsAndLimitReceiptsByDefault() {
    final IntakeConfig c = IntakeConfig.from(Map.of("imap.host", "h", "imap.user", "u"));
    assertThat(c.authTrust().authservIds()).isEmpty();
    assertThat(c.authTrust().receivedHops()).isEqualTo(1);
    assertThat(c.receiptMaxPerAddressPerHour()).isEqualTo(3);
  }

  @Test
  void shouldReadTrustedAuthservIdsAsACommaListInLowerCase() {
    final IntakeConfig c =
        IntakeConfig.from(
            Settings.fromEnvironment(
                Map.of(
                    "INPUTDESK_IMAP_HOST", "h",
                    "INPUTDESK_IMAP_USER", "u",
                    "INPUTDESK_AUTH_TRUSTED_AUTHSERV_IDS", "mx.UN.example, mail.un.example",
                    "INPUTDESK_AUTH_TRUSTED_RECEIVED_HOPS", "2",
                    "INPUTDESK_RECEIPT_MAX_PER_ADDRESS_PER_HOUR", "5")));
    assertThat(c.authTrust().authservIds())
        .containsExactlyInAnyOrder("mx.un.example", "mail.un.example");
    assertThat(c.authTrust().receivedHops()).isEqualTo(2);
    assertThat(c.receiptMaxPerAddressPerHour()).isEqualTo(5);
  }

  @Test
  void shouldRefuseAnAuthservIdThatIsNoHostNameAndAHopCountBelowOne() {
    assertThatThrownBy(
            () ->
                IntakeConfig.from(
                    Map.of(
                        "imap.host", "h",
                        "imap.user", "u",
                        "auth.trusted.authserv.ids", "mx.un.example,,(x)")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.trusted.authserv.ids");
    assertThatThrownBy(
            () ->
                IntakeConfig.from(
                    Map.of("imap.host", "h", "imap.user", "u", "auth.trusted.received.hops", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("INPUTDESK_AUTH_TRUSTED_RECEIVED_HOPS");
  }

  @Test
  void shouldFailNamingTheKeyAndItsVariable() {
    assertThatThrownBy(
            () ->
                IntakeConfig.from(
                    Map.of("imap.host", "h", "imap.user", "u", "imap.after.commit", "burn")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("imap.after.commit")
        .hasMessageContaining("INPUTDESK_IMAP_AFTER_COMMIT");
  }
}
