package org.inputdesk.intake.errors;

import java.time.Duration;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The one place intake decides what a failure means, as Debezium's {@code ErrorHandler} does:
 * <b>fatal</b> (a {@link FatalIntakeException}, or a producer that cannot go on: fenced by a newer
 * instance, not authorised, out of sequence, a broker too old), which stops the intake with a clear
 * message; or <b>retriable</b> (anything else: the mailbox connection, I/O, a Kafka transaction
 * that was aborted), which the mailbox loop answers by reconnecting after a capped exponential
 * {@link Backoff} and re-reading from the last committed checkpoint. A record Kafka refuses inside
 * a retriable transaction failure is the writer's to split off as a dead letter. Reads the
 * throwable given; writes nothing.
 */
public final class ErrorClassifier {

  /** What a failure calls for. */
  public enum Kind {
    /** Reconnect (or retry) after a backoff; nothing committed is lost. */
    RETRIABLE,
    /** Stop: retrying cannot help, and would only repeat the failure. */
    FATAL
  }

  private ErrorClassifier() {}

  /** Classifies a failure; causes are not searched, the writer wraps what it found fatal. */
  public static Kind classify(final Throwable e) {
    if (e instanceof FatalIntakeException
        || e instanceof ProducerFencedException
        || e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException
        || e instanceof UnsupportedVersionException) {
      return Kind.FATAL;
    }
    return Kind.RETRIABLE;
  }

  /** Whether the failure is fatal. */
  public static boolean isFatal(final Throwable e) {
    return classify(e) == Kind.FATAL;
  }

  /** The failure to stop with, saying what cannot go on. */
  public static FatalIntakeException fatal(final String message, final Throwable cause) {
    return new FatalIntakeException(message, cause);
  }

  /**
   * A capped exponential backoff: the initial delay after the first failure, doubled after each
   * further one up to the maximum, and back to the initial delay after a success. Used by one
   * thread.
   */
  public static final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public Backoff(final Duration initial, final Duration max) {
      this.initialMillis = initial.toMillis();
      this.maxMillis = max.toMillis();
      this.nextMillis = initialMillis;
    }

    /** The delay to wait now, and doubles the next one (up to the maximum). */
    public long next() {
      final long now = nextMillis;
      nextMillis = Math.min(nextMillis * 2, maxMillis);
      return now;
    }

    /** After a success: the next failure waits the initial delay again. */
    public void reset() {
      nextMillis = initialMillis;
    }
  }
}
