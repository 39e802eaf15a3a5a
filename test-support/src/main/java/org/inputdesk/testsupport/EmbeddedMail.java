package org.inputdesk.testsupport;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real IMAP and SMTP server (GreenMail) on free loopback ports, in this JVM, with one submissions
 * mailbox. Mail sent by SMTP to any address lands in the mailbox of its recipient.
 */
public final class EmbeddedMail implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMail.class);

  private final GreenMail greenMail;
  private final String address;
  private final String user;
  private final String password;
  private final GreenMailUser mailbox;

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
    LOG.info(
        "Mail server ready: IMAP 127.0.0.1:{}, SMTP 127.0.0.1:{}",
        mail.imapPort(),
        mail.smtpPort());
    return mail;
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
    greenMail.stop();
  }
}
