package org.inputdesk.testsupport;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.inputdesk.embedded.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Dovecot IMAP server (Debian's {@code dovecot-imapd}) run as a child process from its own
 * configuration in a temporary directory, on a free loopback port, with passwd-file users and
 * maildirs under that directory. Reads {@code /usr/sbin/dovecot}; writes only its directory, which
 * {@link #close()} deletes.
 *
 * <p>Dovecot must be started as root (as the test harness here and CI run): it drops to {@code
 * dovenull} for logins and {@code dovecot} for mail. Tests call {@link #available()} first and skip
 * with {@link #absentMessage()} where it is not installed.
 */
public final class EmbeddedDovecot implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDovecot.class);

  /** The server binary Debian's {@code dovecot-imapd} (with {@code dovecot-core}) installs. */
  public static final Path BINARY = Path.of("/usr/sbin/dovecot");

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Path dir;
  private final int port;
  private final String user;
  private final String password;
  private final DovecotProcess server;

  private EmbeddedDovecot(
      final Path dir, final Path config, final int port, final String user, final String password) {
    this.dir = dir;
    this.server = new DovecotProcess(dir, config, port);
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /** Whether Dovecot is installed and this process may start it (it needs root). */
  public static boolean available() {
    return Files.isExecutable(BINARY) && "root".equals(System.getProperty("user.name"));
  }

  /** Why a test that needs Dovecot is skipped. */
  public static String absentMessage() {
    return BINARY
        + " is not installed (Debian package dovecot-imapd) or this is not root: Dovecot tests"
        + " skipped";
  }

  /**
   * Writes a configuration in a new temporary directory, starts Dovecot with the user {@code user}
   * (password login) and waits until its IMAP port greets.
   */
  public static EmbeddedDovecot start(final String user, final String password) {
    if (!available()) {
      throw new IllegalStateException(absentMessage());
    }
    try {
      final Path dir =
          Files.createTempDirectory(
              "inputdesk-dovecot-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      // mail processes run as dovecot and must reach the maildirs below
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      final Path mail = Files.createDirectories(dir.resolve("mail"));
      Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.writeString(dir.resolve("users"), "", StandardCharsets.UTF_8);
      final int port = FreePorts.next();
      final Path config = dir.resolve("dovecot.conf");
      Files.writeString(config, DovecotProcess.configuration(dir, port), StandardCharsets.UTF_8);
      final EmbeddedDovecot dovecot = new EmbeddedDovecot(dir, config, port, user, password);
      dovecot.addUser(user, password);
      dovecot.server.start();
      return dovecot;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a Dovecot directory", e);
    }
  }

  /** Adds a mail user (Dovecot rereads the users file on change); its maildir appears on login. */
  public void addUser(final String name, final String secret) {
    if (name.contains(":") || secret.contains(":") || name.contains("/")) {
      throw new IllegalArgumentException("user names and passwords must not contain ':' or '/'");
    }
    try {
      Files.writeString(
          dir.resolve("users"),
          name + ":{PLAIN}" + secret + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ process

  /** Whether the server runs (false between {@link #stop()} and {@link #restart()}). */
  public boolean isRunning() {
    return server.isRunning();
  }

  /**
   * Stops the server as a crash or an outage would look to clients: the master ends, and with it
   * every login and mail process, so open connections drop.
   */
  public void stop() {
    server.stop();
  }

  /** Starts the server again on the same port with the same mail (after {@link #stop()}). */
  public void restart() {
    server.stop();
    server.start();
  }

  // ------------------------------------------------------------------ mail

  /** An IMAP session properties set (plain IMAP, short timeouts), for tests' own clients. */
  public Properties imapProperties() {
    final Properties props = new Properties();
    props.setProperty("mail.imap.connectiontimeout", "5000");
    props.setProperty("mail.imap.timeout", "30000");
    return props;
  }

  /** A connected IMAP store for {@code name} (password as given to {@link #addUser}). */
  public Store connect(final String name, final String secret) throws MessagingException {
    final Store store = Session.getInstance(imapProperties()).getStore("imap");
    store.connect(host(), port, name, secret);
    return store;
  }

  /** Appends messages to a folder of the start user by IMAP APPEND (creating the folder). */
  public void append(final String folder, final byte[]... messages) {
    append(user, password, folder, List.of(messages));
  }

  /** Appends messages to a folder of a user by IMAP APPEND, creating the folder if missing. */
  public void append(
      final String name, final String secret, final String folder, final List<byte[]> messages) {
    try {
      final Store store = connect(name, secret);
      try {
        final Session session = Session.getInstance(imapProperties());
        final Folder f = store.getFolder(folder);
        if (!f.exists()) {
          f.create(Folder.HOLDS_MESSAGES);
        }
        final List<Message> list = new ArrayList<>();
        for (final byte[] m : messages) {
          list.add(new MimeMessage(session, new ByteArrayInputStream(m)));
        }
        f.appendMessages(list.toArray(Message[]::new));
      } finally {
        store.close();
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("IMAP APPEND failed: " + e.getMessage(), e);
    }
  }

  /**
   * The maildir of a user's folder ({@code INBOX} or a Maildir++ {@code .Name} folder), created
   * with its {@code cur}, {@code new} and {@code tmp} directories when missing.
   */
  public Path maildir(final String name, final String folder) {
    final Path home = dir.resolve("mail").resolve(name);
    final Path root = home.resolve("Maildir");
    final Path box =
        folder.equalsIgnoreCase("INBOX") ? root : root.resolve("." + folder.replace('/', '.'));
    try {
      for (final Path p :
          List.of(home, root, box, box.resolve("cur"), box.resolve("new"), box.resolve("tmp"))) {
        if (!Files.isDirectory(p)) {
          Files.createDirectories(p);
          giveToDovecot(p);
        }
      }
      return box;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes messages straight into a folder's {@code new/} directory, as a local delivery agent
   * would: much faster than APPEND for filling a mailbox, and possible while the server is down.
   * Dovecot assigns UIDs in file name order when it next looks at the folder. Returns how many.
   */
  public int deliver(final String name, final String folder, final Stream<byte[]> messages) {
    final Path box = maildir(name, folder);
    final Path tmp = box.resolve("tmp");
    final Path fresh = box.resolve("new");
    final long now = System.currentTimeMillis() / 1000;
    final int[] count = {0};
    messages.forEach(
        raw -> {
          // time.sequence.host: unique, and sorted by sequence in delivery order
          final String file =
              String.format(
                  Locale.ROOT,
                  "%d.M%012dP%d.inputdesk",
                  now,
                  SEQUENCE.incrementAndGet(),
                  ProcessHandle.current().pid());
          try {
            final Path t = tmp.resolve(file);
            Files.write(t, raw);
            giveToDovecot(t);
            Files.move(t, fresh.resolve(file), StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          count[0]++;
        });
    return count[0];
  }

  /** {@link #deliver(String, String, Stream)} for the start user. */
  public int deliver(final String folder, final byte[]... messages) {
    return deliver(user, folder, Stream.of(messages));
  }

  /** The UIDVALIDITY of a user's folder, as the server reports it. */
  public long uidValidity(final String name, final String secret, final String folder) {
    try {
      final Store store = connect(name, secret);
      try {
        final Folder f = store.getFolder(folder);
        f.open(Folder.READ_ONLY);
        try {
          return ((UIDFolder) f).getUIDValidity();
        } finally {
          f.close(false);
        }
      } finally {
        store.close();
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("cannot read UIDVALIDITY: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the server forget a folder's UIDs, as a restore from backup or a mailbox migration does:
   * stops the server, deletes the folder's {@code dovecot-uidlist} and index files (the messages
   * stay), and starts it again. Returns the new UIDVALIDITY, which differs from the old one.
   */
  public long resetUidValidity(final String name, final String secret, final String folder) {
    final long before = uidValidity(name, secret, folder);
    final Path box = maildir(name, folder);
    for (int attempt = 0; attempt < 5; attempt++) {
      stop();
      // Dovecot takes the clock's second as the new UIDVALIDITY: make sure it moved on
      while (System.currentTimeMillis() / 1000 <= before) {
        DovecotProcess.sleep(100);
      }
      try (Stream<Path> files = Files.list(box)) {
        for (final Path p : files.toList()) {
          final String n = p.getFileName().toString();
          if (n.startsWith("dovecot-uidlist") || n.startsWith("dovecot.index")) {
            Files.delete(p);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.start();
      final long after = uidValidity(name, secret, folder);
      if (after != before) {
        LOG.info("Dovecot folder {} reset: UIDVALIDITY {} -> {}", folder, before, after);
        return after;
      }
      DovecotProcess.sleep(1_000);
    }
    throw new IllegalStateException("UIDVALIDITY of " + folder + " did not change");
  }

  private static void giveToDovecot(final Path p) throws IOException {
    final PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
    final UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
    final UserPrincipal owner = lookup.lookupPrincipalByName("dovecot");
    final GroupPrincipal group = lookup.lookupPrincipalByGroupName("dovecot");
    view.setOwner(owner);
    view.setGroup(group);
  }

  // ------------------------------------------------------------------ accessors

  public String host() {
    return "127.0.0.1";
  }

  public int imapPort() {
    return port;
  }

  /** The start user's login name. */
  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** The server's directory (config, users, maildirs, log). */
  public Path dir() {
    return dir;
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    stop();
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path d, final IOException e)
                throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("Could not delete Dovecot directory {}: {}", dir, e.toString());
    }
  }
}
