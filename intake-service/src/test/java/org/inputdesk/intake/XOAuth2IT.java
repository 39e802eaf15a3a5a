package org.inputdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.EmbeddedDovecot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intake logging in with an OAuth2 bearer token (SASL XOAUTH2). GreenMail 2.1.8 offers {@code
 * AUTH=XOAUTH2} and checks the token against the user's password; a relay between intake and
 * GreenMail records what intake sends, to show the login was XOAUTH2 and not LOGIN, and drops the
 * connection when the test asks, to force a reconnect.
 */
class XOAuth2IT {

  private static final String INBOX = "inputs@oewg.example.org";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, IntakeService.TOPICS, (short) 1);
    }
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void shouldDeliverMailThroughIntakeLoggedInWithATokenAndRereadTheTokenFileOnReconnect()
      throws Exception {
    final String firstToken = "ya29.first-token";
    final String secondToken = "ya29.second-token";
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, firstToken);
        Relay relay = new Relay(mail.imapPort())) {
      mail.greenMail().getUserManager().setAuthRequired(true);
      final Path tokenFile = dir.resolve("token");
      Files.writeString(tokenFile, firstToken + "\n");
      final Map<String, Object> values = config(mail, relay, "oauth-ok");
      values.put("imap.oauth2.token.file", tokenFile.toString());
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        assertThat(service.isConnected()).isTrue();
        mail.deliver(TestMail.plain("a@example.org", INBOX, "First", "", "One."));
        IntakeServiceIT.await(() -> service.submissionCount() == 1, "first submission");

        // The token expires: the server takes only the new one, written to the file by a helper.
        mail.greenMail().getUserManager().getUserByEmail(INBOX).setPassword(secondToken);
        Files.writeString(tokenFile, "Bearer " + secondToken + "\n");
        relay.dropAll();
        mail.deliver(TestMail.plain("b@example.org", INBOX, "Second", "", "Two."));
        IntakeServiceIT.await(() -> service.submissionCount() == 2, "second submission");
      }
      final List<String> sent = relay.clientLines();
      assertThat(sent).anyMatch(l -> l.contains("AUTHENTICATE XOAUTH2"));
      assertThat(sent).noneMatch(l -> l.matches("^\\S+ LOGIN .*"));
      final List<String> tokens = new ArrayList<>();
      for (final String line : sent) {
        final String b64 = line.replaceFirst("^\\S+ AUTHENTICATE XOAUTH2 ", "").strip();
        try {
          tokens.add(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
          // a command line, not the SASL answer
        }
      }
      assertThat(tokens)
          .contains("user=" + INBOX + "\u0001auth=Bearer " + firstToken + "\u0001\u0001")
          .contains("user=" + INBOX + "\u0001auth=Bearer " + secondToken + "\u0001\u0001");
    }
  }

  @Test
  void shouldSayClearlyThatTheServerRefusedTheToken() throws Exception {
    try (EmbeddedMail mail = EmbeddedMail.start(INBOX, "the-right-token");
        Relay relay = new Relay(mail.imapPort())) {
      mail.greenMail().getUserManager().setAuthRequired(true);
      final Map<String, Object> values = config(mail, relay, "oauth-wrong");
      values.put("imap.password", "an-expired-token");
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        assertThat(service.isConnected()).isFalse();
        assertThat(service.isRunning()).isTrue(); // retries: a refreshed token gets it going
        assertThat(service.loginRefusal())
            .hasValueSatisfying(
                why ->
                    assertThat(why)
                        .contains("refused the OAuth2 access token (XOAUTH2)")
                        .contains("renew it in imap.password")
                        .doesNotContain("an-expired-token"));
        mail.deliver(TestMail.plain("a@example.org", INBOX, "Waiting", "", "Text."));
        Thread.sleep(500);
        assertThat(service.submissionCount()).isZero();
      }
      assertThat(relay.clientLines()).anyMatch(l -> l.contains("AUTHENTICATE XOAUTH2"));
      assertThat(relay.clientLines()).noneMatch(l -> l.matches("^\\S+ LOGIN .*"));
    }
  }

  /**
   * Dovecot with XOAUTH2 as its only mechanism: its xoauth2 mechanism hands the bearer token to the
   * passdb as the password (passwd-file here; an oauth2 passdb with an introspection URL in
   * production), so a LOGIN with the token as password would be refused.
   */
  @Test
  void shouldLogInToDovecotWithXoauth2AsItsOnlyMechanism() throws Exception {
    assumeTrue(EmbeddedDovecot.available(), EmbeddedDovecot.absentMessage());
    final String token = "ya29.dovecot-token";
    try (EmbeddedDovecot dovecot = EmbeddedDovecot.start("inputs", token)) {
      final Path conf = dovecot.dir().resolve("dovecot.conf");
      Files.writeString(
          conf,
          Files.readString(conf)
              .replace("auth_mechanisms = plain login", "auth_mechanisms = xoauth2"));
      dovecot.restart();
      final Map<String, Object> values = new HashMap<>();
      values.put("kafka.bootstrap.servers", kafka.bootstrapServers());
      values.put("imap.host", dovecot.host());
      values.put("imap.port", String.valueOf(dovecot.imapPort()));
      values.put("imap.protocol", "imap");
      values.put("imap.user", "inputs");
      values.put("imap.auth", "xoauth2");
      values.put("imap.password", token);
      values.put("imap.poll.interval.ms", "300");
      values.put("imap.idle", "false");
      values.put("intake.mailbox.name", "dovecot-oauth");
      values.put("intake.consultations.wait.ms", "0");
      values.put("receipt.enabled", "false");
      values.put("ops.http.port", "-1");
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        assertThat(service.isConnected()).as("%s", service.loginRefusal()).isTrue();
        dovecot.deliver(
            "INBOX", TestMail.plain("a@example.org", "inputs@example.org", "T", "", "x"));
        IntakeServiceIT.await(() -> service.submissionCount() == 1, "the submission");
      }
      values.put("imap.password", "ya29.expired");
      values.put("intake.mailbox.name", "dovecot-oauth-expired");
      try (IntakeService service = IntakeService.start(IntakeConfig.from(values))) {
        assertThat(service.isConnected()).isFalse();
        assertThat(service.loginRefusal().orElseThrow())
            .contains("refused the OAuth2 access token (XOAUTH2)");
      }
    }
  }

  private static Map<String, Object> config(
      final EmbeddedMail mail, final Relay relay, final String mailbox) {
    final Map<String, Object> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    m.put("imap.host", "127.0.0.1");
    m.put("imap.port", String.valueOf(relay.port()));
    m.put("imap.protocol", "imap");
    m.put("imap.user", mail.user());
    m.put("imap.auth", "xoauth2");
    m.put("imap.password", mail.password());
    m.put("imap.poll.interval.ms", "300");
    m.put("imap.idle", "false");
    m.put("imap.reconnect.backoff.ms", "100");
    m.put("imap.reconnect.backoff.max.ms", "500");
    m.put("intake.mailbox.name", mailbox);
    m.put("receipt.enabled", "false");
    m.put("ops.http.port", "-1");
    return m;
  }

  /** A loopback TCP relay to the IMAP server that keeps the client's lines and can drop all. */
  private static final class Relay implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final StringBuffer client = new StringBuffer();
    private final Thread acceptor;

    Relay(final int target) throws IOException {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      this.target = target;
      this.acceptor = new Thread(this::accept, "relay-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    List<String> clientLines() {
      return List.of(client.toString().split("\r\n"));
    }

    void dropAll() throws IOException {
      for (final Socket s : sockets) {
        s.close();
      }
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          final Socket in = server.accept();
          final Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
          sockets.add(in);
          sockets.add(out);
          pump(in, out, true);
          pump(out, in, false);
        } catch (IOException e) {
          return;
        }
      }
    }

    private void pump(final Socket from, final Socket to, final boolean record) {
      final Thread t =
          new Thread(
              () -> {
                try (InputStream is = from.getInputStream();
                    OutputStream os = to.getOutputStream()) {
                  final byte[] buffer = new byte[8192];
                  int n;
                  while ((n = is.read(buffer)) > 0) {
                    if (record) {
                      client.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    os.write(buffer, 0, n);
                    os.flush();
                  }
                } catch (IOException e) {
                  // closed by the test or a peer
                } finally {
                  try {
                    from.close();
                    to.close();
                  } catch (IOException e) {
                    // already closed
                  }
                }
              },
              "relay-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
      dropAll();
    }
  }
}
