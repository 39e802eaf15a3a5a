package org.inputdesk.cli;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.inputdesk.embedded.EmbeddedMail;

/**
 * Sends submissions over SMTP at a steady rate, each with its own token ({@code SL00042}) in the
 * subject and body, and keeps when the mail server accepted each one (the delivery time). Writes
 * to the mail server; reads nothing.
 */
final class SteadySender implements Runnable {

  private static final String[] SENTENCES = {
    "Confidence-building measures should include a tested directory of points of contact.",
    "Capacity-building must be demand-driven, sustainable and respectful of national ownership.",
    "International law, and in particular the Charter of the United Nations, applies in cyberspace.",
    "Ransomware against hospitals is a threat to international peace and security.",
    "The voluntary norms of responsible State behaviour should be implemented, not renegotiated.",
    "Regular institutional dialogue under the auspices of the United Nations is essential.",
    "Critical infrastructure such as submarine cables deserves particular protection.",
    "The private sector and civil society hold knowledge the States need.",
  };

  private final EmbeddedMail mail;
  private final double perSecond;
  private final long[] delivered;
  private final AtomicInteger count = new AtomicInteger();
  private volatile boolean stop;
  private volatile long behindMs;
  private Transport transport;

  SteadySender(final EmbeddedMail mail, final double perSecond, final int capacity) {
    this.mail = mail;
    this.perSecond = perSecond;
    this.delivered = new long[capacity];
    Arrays.fill(delivered, -1);
  }

  static String token(final int i) {
    return String.format(Locale.ROOT, "SL%05d", i);
  }

  /** Sends until {@link #stop()} or full, each mail due at start + i / rate (a fixed rate). */
  @Override
  public void run() {
    final long start = System.nanoTime();
    final long periodNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
    for (int i = 0; i < delivered.length && !stop; i++) {
      final long due = start + i * periodNanos;
      final long wait = due - System.nanoTime();
      if (wait > 0) {
        sleepNanos(wait);
      } else {
        behindMs = Math.max(behindMs, TimeUnit.NANOSECONDS.toMillis(-wait));
      }
      send(i);
      // published after the array slot, so a reader that sees the count sees the time
      delivered[i] = System.currentTimeMillis();
      count.incrementAndGet();
    }
    close();
  }

  private void send(final int i) {
    final String token = token(i);
    while (true) {
      try {
        final MimeMessage message = new MimeMessage(mail.smtpSession());
        message.setFrom(new InternetAddress("policy" + i + "@network-" + i + ".example.org"));
        message.setRecipients(MimeMessage.RecipientType.TO, mail.address());
        message.setSubject("[OEWG] Steady load input " + token, "UTF-8");
        final StringBuilder text =
            new StringBuilder("Dear Chair,\n\nOur input " + token + " to the working group.\n");
        for (int k = 0; k < 3; k++) {
          text.append(SENTENCES[(i * 3 + k * (i % 5 + 1)) % SENTENCES.length]).append(' ');
        }
        text.append("\n\nWith regards,\nCivic Network ").append(token).append('\n');
        message.setText(text.toString(), "UTF-8");
        message.saveChanges();
        connected().sendMessage(message, message.getAllRecipients());
        return;
      } catch (MessagingException | RuntimeException e) {
        // the mail server is in this JVM and never restarted: a refusal here is worth a retry
        System.err.println("send " + token + " failed, retrying: " + e);
        close();
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  /**
   * One SMTP connection for all mail, as a busy relay keeps one open: a connection per mail cost
   * more than 1/30 s on a loaded machine, and the rate fell to 10/s.
   */
  private Transport connected() throws MessagingException {
    if (transport == null || !transport.isConnected()) {
      transport = mail.smtpSession().getTransport("smtp");
      transport.connect();
    }
    return transport;
  }

  private void close() {
    try {
      if (transport != null) {
        transport.close();
      }
    } catch (MessagingException e) {
      // closing a broken connection: nothing to do
    }
    transport = null;
  }

  private static void sleepNanos(final long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop() {
    stop = true;
  }

  /** How many mails the server has accepted. */
  int sent() {
    return count.get();
  }

  /** When mail {@code i} was accepted (epoch ms); only for i below {@link #sent()}. */
  long deliveredAt(final int i) {
    return delivered[i];
  }

  /** When the last mail was accepted (epoch ms), or 0. */
  long lastAt() {
    final int n = count.get();
    return n == 0 ? 0 : delivered[n - 1];
  }

  /** The most the sender fell behind its schedule, ms: large values mean the rate was not held. */
  long behindMs() {
    return behindMs;
  }
}
