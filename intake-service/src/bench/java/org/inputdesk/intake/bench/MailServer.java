package org.inputdesk.intake.bench;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.inputdesk.embedded.FreePorts;
import org.inputdesk.testsupport.EmbeddedDovecot;

/**
 * The benchmark's IMAP server: Dovecot (a process of its own, as in production) or GreenMail (in
 * this JVM, {@link BenchImapServer}). Reads the messages given; writes them into a user's folder.
 */
interface MailServer extends AutoCloseable {

  String SECRET = "secret";

  int port();

  /** Creates {@code user} with the folder holding {@code messages}, in order, none flagged. */
  void fill(String user, String folder, List<byte[]> messages) throws Exception;

  @Override
  void close();

  /** {@code greenmail} or {@code dovecot}. */
  static MailServer start(final String which) {
    return which.equals("greenmail") ? new Green() : new Dovecot();
  }

  /** Clears \Seen on every message of the folder (Camel reads unseen mail and flags it). */
  default void clearSeen(final String user, final String folder) throws Exception {
    final Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", port(), user, SECRET);
    try {
      final Folder f = store.getFolder(folder);
      f.open(Folder.READ_WRITE);
      f.setFlags(1, f.getMessageCount(), new Flags(Flags.Flag.SEEN), false);
      f.close(false);
    } finally {
      store.close();
    }
  }

  /** GreenMail's IMAP server, TCP_NODELAY and UIDs indexed. */
  final class Green implements MailServer {
    private final Managers managers = new Managers();
    private final int port = FreePorts.next();
    private final BenchImapServer server =
        new BenchImapServer(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP), managers);

    Green() {
      server.startService();
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public void fill(final String user, final String folder, final List<byte[]> messages)
        throws Exception {
      GreenMailUser u = managers.getUserManager().getUser(user);
      if (u == null) {
        u = managers.getUserManager().createUser(user + "@bench.example.org", user, SECRET);
      }
      final MailFolder f = managers.getImapHostManager().createMailbox(u, folder);
      BenchImapServer.index(f);
      final Session session = Session.getInstance(new Properties());
      for (final byte[] raw : messages) {
        f.appendMessage(new MimeMessage(session, new ByteArrayInputStream(raw)), new Flags(), new Date());
      }
    }

    @Override
    public void close() {
      server.stopService();
    }
  }

  /** Dovecot with maildirs, filled as a delivery agent would and indexed before any timing. */
  final class Dovecot implements MailServer {
    private final EmbeddedDovecot dovecot = EmbeddedDovecot.start("bench", SECRET);

    @Override
    public int port() {
      return dovecot.imapPort();
    }

    @Override
    public void fill(final String user, final String folder, final List<byte[]> messages)
        throws Exception {
      dovecot.addUser(user, SECRET);
      dovecot.deliver(user, folder, messages.stream());
      // opened once, so Dovecot moves new/ to cur/ and builds its index before anything is timed
      final Store store = login(user);
      try {
        final Folder f = store.getFolder(folder);
        f.open(Folder.READ_WRITE);
        final FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.FLAGS);
        fp.add(UIDFolder.FetchProfileItem.UID);
        f.fetch(f.getMessages(), fp);
        f.close(false);
      } finally {
        store.close();
      }
    }

    /** Logs in, waiting for Dovecot to see a user just added (it rereads the file by mtime). */
    private Store login(final String user) throws Exception {
      final long deadline = System.nanoTime() + 10_000_000_000L;
      while (true) {
        try {
          return dovecot.connect(user, SECRET);
        } catch (AuthenticationFailedException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
    }

    @Override
    public void close() {
      dovecot.close();
    }
  }
}
