package org.inputdesk.intake.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.inputdesk.intake.config.IntakeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuth2TokenTest {

  @TempDir Path dir;

  private static IntakeConfig config(final String... pairs) {
    final Map<String, Object> m = new HashMap<>();
    m.put("imap.host", "outlook.office365.com");
    m.put("imap.user", "inputs@example.org");
    m.put("imap.password", "from-the-password");
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return IntakeConfig.from(m);
  }

  @Test
  void shouldReadTheTokenFileAtEveryCallAndIgnoreABearerPrefixAndNewline() throws Exception {
    final Path file = dir.resolve("token");
    Files.writeString(file, "first\n");
    final IntakeConfig c =
        config("imap.auth", "xoauth2", "imap.oauth2.token.file", file.toString());
    assertThat(OAuth2Token.secret(c)).isEqualTo("first");
    Files.writeString(file, "Bearer second\n");
    assertThat(OAuth2Token.secret(c)).isEqualTo("second");
    assertThat(OAuth2Token.secret(config("imap.auth", "xoauth2"))).isEqualTo("from-the-password");
    assertThat(OAuth2Token.secret(config("imap.oauth2.token.file", file.toString())))
        .as("the file only serves xoauth2")
        .isEqualTo("from-the-password");
  }

  @Test
  void shouldNameTheTokenFileWhenItIsMissingOrEmpty() throws Exception {
    final Path file = dir.resolve("empty");
    Files.writeString(file, "\n");
    assertThatThrownBy(
            () ->
                OAuth2Token.secret(
                    config("imap.auth", "xoauth2", "imap.oauth2.token.file", file.toString())))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("imap.oauth2.token.file " + file + " is empty");
    assertThatThrownBy(
            () ->
                OAuth2Token.secret(
                    config(
                        "imap.auth",
                        "xoauth2",
                        "imap.oauth2.token.file",
                        dir.resolve("missing").toString())))
        .hasMessageContaining("cannot read imap.oauth2.token.file");
  }

  @Test
  void shouldRefuseATrackingCodeThatIsNotShortLettersAndDigits() {
    assertThat(config("intake.tracking.code", "gva").trackingCode()).isEqualTo("GVA");
    assertThatThrownBy(() -> config("intake.tracking.code", "GVA-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("intake.tracking.code");
  }
}
