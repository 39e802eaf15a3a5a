package org.inputdesk.intake.mailbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inputdesk.intake.config.IntakeConfig;

/**
 * The secret intake logs in with: the password, or with {@code imap.auth=xoauth2} the OAuth2 access
 * token, read from {@code imap.oauth2.token.file} at every connect so that a token another process
 * refreshes is used at the next reconnect. Reads that file; writes nothing.
 */
final class OAuth2Token {

  private OAuth2Token() {}

  /** The password or token to log in with now. */
  static String secret(final IntakeConfig config)
      throws jakarta.mail.AuthenticationFailedException {
    if (!config.imapAuth().equals("xoauth2") || config.oauth2TokenFile().isEmpty()) {
      return config.imapPassword().value();
    }
    final Path file = Path.of(config.oauth2TokenFile());
    try {
      // a token file often ends in a newline, or holds "Bearer TOKEN" as some helpers write it
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
        token = token.substring(7).strip();
      }
      if (token.isEmpty()) {
        throw new jakarta.mail.AuthenticationFailedException(
            "imap.oauth2.token.file " + file + " is empty: no OAuth2 access token to log in with");
      }
      return token;
    } catch (IOException e) {
      throw new jakarta.mail.AuthenticationFailedException(
          "cannot read imap.oauth2.token.file " + file + ": " + e);
    }
  }

  /**
   * What a refused login says to the operator, naming the setting to fix and the server's words.
   */
  static String refusal(final IntakeConfig config, final jakarta.mail.MessagingException e) {
    final String server = e.getMessage() == null ? "no reason given" : e.getMessage().strip();
    if (server.startsWith("imap.oauth2.token.file") || server.startsWith("cannot read")) {
      return server;
    }
    if (config.imapAuth().equals("xoauth2")) {
      return "the IMAP server refused the OAuth2 access token (XOAUTH2) for the mailbox user ("
          + server
          + "); the token may have expired: renew it in "
          + (config.oauth2TokenFile().isEmpty()
              ? "imap.password"
              : "imap.oauth2.token.file " + config.oauth2TokenFile())
          + " (retrying with backoff)";
    }
    return "the IMAP server refused the login for the mailbox user ("
        + server
        + "); check imap.user and imap.password (retrying with backoff)";
  }
}
