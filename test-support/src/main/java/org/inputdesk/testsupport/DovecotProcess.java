package org.inputdesk.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dovecot master process of an {@link EmbeddedDovecot}: writes its configuration, runs {@code
 * /usr/sbin/dovecot -F} as a child, waits for the IMAP greeting, and stops it with every login and
 * mail process. Reads and writes only the server's directory.
 */
final class DovecotProcess {

  private static final Logger LOG = LoggerFactory.getLogger(DovecotProcess.class);

  private final Path dir;
  private final Path config;
  private final int port;
  private Process process;

  DovecotProcess(final Path dir, final Path config, final int port) {
    this.dir = dir;
    this.config = config;
    this.port = port;
  }

  /** The configuration of a server kept in {@code dir}, listening on {@code port}. */
  static String configuration(final Path dir, final int port) {
    final String d = dir.toString();
    return String.join(
        "\n",
        "# written by org.inputdesk.testsupport.EmbeddedDovecot (DovecotProcess)",
        "base_dir = " + d + "/run",
        "state_dir = " + d + "/run/state",
        "log_path = " + d + "/dovecot.log",
        "protocols = imap",
        "listen = 127.0.0.1",
        "ssl = no",
        "disable_plaintext_auth = no",
        "auth_mechanisms = plain login",
        "default_login_user = dovenull",
        "default_internal_user = dovecot",
        "default_internal_group = dovecot",
        "passdb {",
        "  driver = passwd-file",
        "  args = scheme=PLAIN username_format=%u " + d + "/users",
        "}",
        "userdb {",
        "  driver = static",
        "  args = uid=dovecot gid=dovecot home=" + d + "/mail/%u",
        "}",
        "mail_location = maildir:~/Maildir",
        // a test's data is thrown away: no fsync, and many clients per user (tests, intake, bench)
        "mail_fsync = never",
        "mail_max_userip_connections = 200",
        "service imap-login {",
        "  chroot =",
        "  inet_listener imap {",
        "    port = " + port,
        "  }",
        "}",
        "service anvil {",
        "  chroot =",
        "}",
        "service stats {",
        "  unix_listener stats-reader {",
        "    user = dovecot",
        "  }",
        "  unix_listener stats-writer {",
        "    user = dovecot",
        "  }",
        "}",
        "first_valid_uid = 1",
        "");
  }

  /** Starts the master and waits (at most 20 s) until its IMAP port greets. */
  void start() {
    final long begin = System.nanoTime();
    try {
      // -F: stay in the foreground as our child, so destroy() reaches the master
      process =
          new ProcessBuilder(EmbeddedDovecot.BINARY.toString(), "-F", "-c", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("dovecot.out").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + EmbeddedDovecot.BINARY, e);
    }
    final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!greets()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        final String out = tail(dir.resolve("dovecot.out")) + tail(dir.resolve("dovecot.log"));
        stop();
        throw new IllegalStateException(
            "Dovecot did not answer on 127.0.0.1:" + port + " (config " + config + "): " + out);
      }
      sleep(50);
    }
    LOG.info(
        "Dovecot ready: IMAP 127.0.0.1:{} in {} ms, directory {}",
        port,
        Duration.ofNanos(System.nanoTime() - begin).toMillis(),
        dir);
  }

  private boolean greets() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(2_000);
      final byte[] greeting = new byte[4];
      final InputStream in = socket.getInputStream();
      final int n = in.readNBytes(greeting, 0, 4);
      final OutputStream out = socket.getOutputStream();
      out.write("a LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
      return n == 4 && new String(greeting, StandardCharsets.US_ASCII).equals("* OK");
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(final Path file) {
    try {
      final String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "";
    }
  }

  /** Whether the master runs (false after {@link #stop()} until the next {@link #start()}). */
  boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Ends the master, and with it every login and mail process, as a crash or an outage would. */
  void stop() {
    final Process p = process;
    if (p == null) {
      return;
    }
    final List<ProcessHandle> children = p.descendants().toList();
    p.destroy(); // SIGTERM: the master stops its children and removes its pid file
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // children left by a killed master (there should be none) would keep the port
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    process = null;
    LOG.info("Dovecot on 127.0.0.1:{} stopped", port);
  }

  static void sleep(final long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
