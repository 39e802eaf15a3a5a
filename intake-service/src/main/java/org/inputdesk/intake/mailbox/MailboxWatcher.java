package org.inputdesk.intake.mailbox;

import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.intake.errors.ErrorClassifier;
import org.inputdesk.intake.errors.FatalIntakeException;
import org.inputdesk.intake.mime.AttachmentExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox reader thread: connects, reads what waits ({@link Sync}), then waits for new mail in
 * IDLE (a ticker ends a long IDLE now and then, so a missed notification costs at most one poll
 * interval) or polls; on a failure asks the {@link ErrorClassifier} whether to reconnect after a
 * capped backoff or to stop. Reads the mailbox through {@link ImapMailbox}; writes nothing itself.
 */
public final class MailboxWatcher {

  private static final Logger LOG = LoggerFactory.getLogger(MailboxWatcher.class);

  /** Reads every message waiting after the checkpoint and returns once all are committed. */
  @FunctionalInterface
  public interface Sync {
    void syncAll() throws MessagingException;
  }

  private final IntakeConfig config;
  private final ImapMailbox mailbox;
  private final Sync sync;
  private final Thread worker;
  private final ScheduledExecutorService ticker;
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private final Object sleepLock = new Object();

  private volatile boolean running = true;
  private volatile Throwable failure;

  public MailboxWatcher(final IntakeConfig config, final ImapMailbox mailbox, final Sync sync) {
    this.config = config;
    this.mailbox = mailbox;
    this.sync = sync;
    this.worker = new Thread(this::run, "intake-imap");
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              final Thread t = new Thread(r, "intake-idle-check");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts the reader and the IDLE check, and returns once the first connection was tried (the
   * first sync is then under way).
   */
  public void start() throws InterruptedException {
    worker.start();
    final long tick = config.pollInterval().toMillis();
    ticker.scheduleWithFixedDelay(mailbox::wake, tick, tick, TimeUnit.MILLISECONDS);
    firstAttempt.await(config.imapTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
  }

  /** Whether the reader should go on: false once stopping or after a fatal error. */
  public boolean running() {
    return running;
  }

  /** Whether the reader thread still runs. */
  public boolean isAlive() {
    return running && worker.isAlive();
  }

  /** The error that stopped the reader, if any. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Waits until the reader stops by itself (a fatal error) or is stopped. */
  public void awaitTermination() throws InterruptedException {
    worker.join();
  }

  private void run() {
    final ErrorClassifier.Backoff backoff =
        new ErrorClassifier.Backoff(config.reconnectBackoffInitial(), config.reconnectBackoffMax());
    while (running) {
      try {
        mailbox.connect();
        backoff.reset();
        firstAttempt.countDown();
        watch();
      } catch (MessagingException | RuntimeException e) {
        if (ErrorClassifier.isFatal(e)) {
          failure = e instanceof FatalIntakeException ? e.getCause() : e;
          LOG.error(
              "Intake stops for mailbox {}: {}", config.mailboxLabel(), e.getMessage(), failure);
          running = false;
          break;
        }
        if (!running) {
          break;
        }
        final long wait = backoff.next();
        LOG.warn(
            "Mailbox {} unavailable ({}); reconnecting in {} ms",
            config.mailboxLabel(),
            AttachmentExtractor.describe(e),
            wait);
        firstAttempt.countDown();
        mailbox.disconnect();
        sleep(wait);
      }
    }
    mailbox.disconnect();
    firstAttempt.countDown();
  }

  private void watch() throws MessagingException {
    final boolean idle = mailbox.canIdle();
    LOG.info(
        "Mailbox {}: {}",
        config.mailboxLabel(),
        idle ? "IDLE" : "polling every " + config.pollInterval().toMillis() + " ms");
    while (running) {
      sync.syncAll();
      if (!running) {
        return;
      }
      if (idle) {
        mailbox.idle();
      } else {
        sleep(config.pollInterval().toMillis());
        mailbox.noop(); // the server reports new messages in answer to a command
      }
    }
  }

  private void sleep(final long millis) {
    synchronized (sleepLock) {
      if (!running) {
        return;
      }
      try {
        sleepLock.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  /** Asks the reader to stop (the current batch finishes); returns at once. */
  public void requestStop() {
    running = false;
    synchronized (sleepLock) {
      sleepLock.notifyAll();
    }
    ticker.shutdownNow();
  }

  /**
   * Stops the reader: ends IDLE until it is gone, and after 15 s closes the connection under it.
   */
  public void stop() {
    requestStop();
    if (worker == Thread.currentThread()) {
      return;
    }
    try {
      // the reader may enter IDLE just after the flag changed: end IDLE until it is gone
      final long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (worker.isAlive() && System.nanoTime() < deadline) {
        mailbox.wake();
        worker.join(100);
      }
      if (worker.isAlive()) {
        LOG.warn("Mailbox reader did not stop in 15 s; closing the connection under it");
        mailbox.disconnect();
        worker.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
