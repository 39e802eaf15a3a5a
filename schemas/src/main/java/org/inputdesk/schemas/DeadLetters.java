package org.inputdesk.schemas;

/**
 * The headers every stage puts on a {@code submissions-dlq} record, and how a dead letter is named
 * on {@code dlq-states}, in one place. Reads and writes nothing.
 */
public final class DeadLetters {

  /** The stage that gave up: intake, classifier, publisher. */
  public static final String STAGE = "stage";

  /** What went wrong, in the stage's words. */
  public static final String ERROR = "error";

  /**
   * On a record an operator put back with {@code dlq retry}: the dead letter it came from. A stage
   * that fails on it again copies it to {@link #REPEAT_OF}.
   */
  public static final String RETRY_OF = "retry.of";

  /**
   * On a dead letter: the earlier dead letter it repeats (the same record failed again after a
   * retry). A repeat is not retried again automatically.
   */
  public static final String REPEAT_OF = "repeat.of";

  /**
   * The mail header {@code dlq retry} adds to a mail it puts back into the submissions mailbox,
   * naming the dead letter; intake copies it to {@link #REPEAT_OF} if the mail fails again.
   */
  public static final String MAIL_RETRY_HEADER = "X-InputDesk-Retry-Of";

  private DeadLetters() {}

  /** A dead letter's name: {@code submissions-dlq/0/17}. */
  public static String key(final String topic, final int partition, final long offset) {
    return topic + "/" + partition + "/" + offset;
  }
}
