package org.inputdesk.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers every stage puts on a {@code submissions-dlq} record, and how a dead letter is named
 * on {@code dlq-states}, in one place. Reads and writes nothing.
 */
public final class DeadLetters {

  /** The stage that gave up: intake, classifier, publisher. */
  public static final String STAGE = "stage";

  /** What went wrong, in the stage's words. */
  public static final String ERROR = "error";

  /** The topic of the record that could not be handled, when it came from one. */
  public static final String SOURCE_TOPIC = "source.topic";

  /** Its partition. */
  public static final String SOURCE_PARTITION = "source.partition";

  /** Its offset. */
  public static final String SOURCE_OFFSET = "source.offset";

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

  /** The longest error text a dead letter carries. */
  public static final int MAX_ERROR_CHARS = 1000;

  private DeadLetters() {}

  /**
   * The headers of a dead letter for the record at {@code topic}/{@code partition}/{@code offset}
   * that {@code stage} gave up on: the stage, the error (at most {@link #MAX_ERROR_CHARS}), where
   * the record was, and {@link #REPEAT_OF} when {@code source} (its headers; null for none) says it
   * was an operator's retry.
   */
  public static Headers headers(
      final String stage,
      final Throwable error,
      final String topic,
      final int partition,
      final long offset,
      final Headers source) {
    final RecordHeaders headers = new RecordHeaders();
    headers.add(STAGE, bytes(stage));
    final String message = error.getClass().getName() + ": " + error.getMessage();
    headers.add(ERROR, bytes(message.substring(0, Math.min(message.length(), MAX_ERROR_CHARS))));
    headers.add(SOURCE_TOPIC, bytes(String.valueOf(topic)));
    headers.add(SOURCE_PARTITION, bytes(Integer.toString(partition)));
    headers.add(SOURCE_OFFSET, bytes(Long.toString(offset)));
    markRepeat(source, headers);
    return headers;
  }

  private static byte[] bytes(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Marks a dead letter as a repeat when its source record was an operator's retry ({@link
   * #RETRY_OF} copied to {@link #REPEAT_OF}), so it is not retried in a loop.
   */
  public static void markRepeat(final Headers source, final Headers deadLetter) {
    final Header retried = source == null ? null : source.lastHeader(RETRY_OF);
    if (retried != null && retried.value() != null) {
      deadLetter.add(REPEAT_OF, retried.value());
    }
  }

  /** A dead letter's name: {@code submissions-dlq/0/17}. */
  public static String key(final String topic, final int partition, final long offset) {
    return topic + "/" + partition + "/" + offset;
  }
}
