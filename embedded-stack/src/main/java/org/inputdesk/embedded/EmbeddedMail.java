package org.inputdesk.embedded;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real IMAP and SMTP server (GreenMail) on free loopback ports, in this JVM, with one submissions
 * mailbox. Mail sent by SMTP to any address lands in the mailbox of its recipient. Given a
 * directory, the submissions mailbox is kept there ({@link MailboxStore}) and comes back at the
 * next start with the same UIDs; other mailboxes (receipts to senders) live in memory only.
 */
public final class EmbeddedMail implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMail.class);

  private final GreenMail greenMail;
  private final String address;
  private final String user;
  private final String password;
  private final GreenMailUser mailbox;
  private MailboxStore store;

  private EmbeddedMail(
      final GreenMail greenMail,
      final String address,
      final String user,
      final String password,
      final GreenMailUser mailbox) {
    this.greenMail = greenMail;
    this.address = address;
    this.user = user;
    this.password = password;
    this.mailbox = mailbox;
  }

  /** Starts IMAP and SMTP with the submissions mailbox {@code address} (password login). */
  public static EmbeddedMail start(final String address, final String password) {
    return start(address, password, null);
  }

  /**
   * As {@link #start(String, String)}, keeping the submissions mailbox in {@code storeDir}: what it
   * held when last stopped is put back first, under the same UIDVALIDITY and UIDs.
   *
   * @param storeDir the mailbox's directory, created if missing; null to keep mail in memory only
   */
  public static EmbeddedMail start(
      final String address, final String password, final java.nio.file.Path storeDir) {
    final ServerSetup imap =
        new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
    final ServerSetup smtp =
        new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    final GreenMail greenMail =
        new GreenMail(new ServerSetup[] {imap, smtp})
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    greenMail.start();
    final String user = address;
    final GreenMailUser mailbox = greenMail.setUser(address, user, password);
    final EmbeddedMail mail = new EmbeddedMail(greenMail, address, user, password, mailbox);
    if (storeDir != null) {
      mail.keepIn(storeDir);
    }
    LOG.info(
        "Mail server ready: IMAP 127.0.0.1:{}, SMTP 127.0.0.1:{}",
        mail.imapPort(),
        mail.smtpPort());
    return mail;
  }

  private void keepIn(final java.nio.file.Path storeDir) {
    final ImapHostManager host = greenMail.getManagers().getImapHostManager();
    store = new MailboxStore(storeDir);
    final int restored = store.restore(host, mailbox);
    final List<MailFolder> folders = folders();
    store.watch(folders);
    folders.forEach(store::sync);
    LOG.info("Submissions mailbox kept in {}: {} messages restored", storeDir, restored);
  }

  private List<MailFolder> folders() {
    try {
      return new ArrayList<>(
          greenMail.getManagers().getImapHostManager().listMailboxes(mailbox, "*"));
    } catch (FolderException e) {
      throw new IllegalStateException("cannot list the submissions mailbox's folders", e);
    }
  }

  public int imapPort() {
    return greenMail.getImap().getPort();
  }

  public int smtpPort() {
    return greenMail.getSmtp().getPort();
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The submissions address. */
  public String address() {
    return address;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** An SMTP session to this server, for sending test mail. */
  public Session smtpSession() {
    final Properties props = new Properties();
    props.setProperty("mail.smtp.host", host());
    props.setProperty("mail.smtp.port", String.valueOf(smtpPort()));
    return Session.getInstance(props);
  }

  /** Sends a message over SMTP, as a submitter's mail client would. */
  public void send(final Message message) {
    try {
      Transport.send(message);
    } catch (MessagingException e) {
      throw new IllegalStateException("SMTP send failed: " + e.getMessage(), e);
    }
  }

  /** Sends raw RFC 5322 bytes over SMTP to the submissions address. */
  public void sendRaw(final byte[] rfc5322) {
    try {
      final MimeMessage message = new MimeMessage(smtpSession(), new ByteArrayInputStream(rfc5322));
      Transport.send(
          message, new jakarta.mail.Address[] {new jakarta.mail.internet.InternetAddress(address)});
    } catch (MessagingException e) {
      throw new IllegalStateException("SMTP send failed: " + e.getMessage(), e);
    }
  }

  /** Puts raw bytes straight into the mailbox's INBOX, as a delivery agent would. */
  public void deliver(final byte[] rfc5322) {
    try {
      mailbox.deliver(new MimeMessage(smtpSession(), new ByteArrayInputStream(rfc5322)));
    } catch (MessagingException e) {
      throw new IllegalStateException("delivery failed: " + e.getMessage(), e);
    }
  }

  /** The underlying server, for assertions on what it received. */
  public GreenMail greenMail() {
    return greenMail;
  }

  @Override
  public void close() {
    if (store != null) {
      // folders created meanwhile (a processed folder) are written now
      folders().forEach(store::sync);
    }
    greenMail.stop();
  }
}
