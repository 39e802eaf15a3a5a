package org.inputdesk.intake.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.inputdesk.intake.consultations.ConsultationMatcher;
import org.inputdesk.intake.receipts.ReceiptSender;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SubmissionKey;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * What follows a commit, never before it, for the mailbox and the import alike: the source marks
 * the committed messages processed (the mailbox flags or moves them; an import has nothing to
 * mark), then each committed submission's sender gets a receipt, naming the first input when the
 * submission repeats one. Reads what the writer committed; writes flags (through the marker) and
 * receipt emails (through the {@link ReceiptSender}).
 *
 * <p>Built {@link #inBackground}, receipts go out on a thread of their own, in commit order: a slow
 * SMTP server then no longer holds up the mailbox reader, which marks and goes on fetching. At most
 * {@link #RECEIPT_BACKLOG} wait; beyond that the caller sends itself (back-pressure). {@link
 * #close} sends what waits.
 */
public final class AfterCommit implements AutoCloseable {

  /** Receipts waiting for the sender thread, at most (a few batches' worth). */
  static final int RECEIPT_BACKLOG = 1_000;

  /** Marks committed messages processed in their source. */
  @FunctionalInterface
  public interface Marker {
    void markProcessed(List<Long> uids);
  }

  private final Marker marker;
  private final ReceiptSender receipts;
  private final ConsultationMatcher matcher;
  // the first input each committed copy repeats, by the copy's id, until its receipt is sent
  private final Map<String, SubmissionKey> firstOf = new ConcurrentHashMap<>();
  // null: receipts are sent by the caller of done()
  private final ThreadPoolExecutor sender;

  /**
   * Receipts sent by the caller of {@link #done}, before it returns.
   *
   * @param marker null when the source has nothing to mark
   * @param receipts null when no receipts are sent
   */
  public AfterCommit(
      final Marker marker, final ReceiptSender receipts, final ConsultationMatcher matcher) {
    this(marker, receipts, matcher, false);
  }

  private AfterCommit(
      final Marker marker,
      final ReceiptSender receipts,
      final ConsultationMatcher matcher,
      final boolean background) {
    this.marker = marker;
    this.receipts = receipts;
    this.matcher = matcher;
    this.sender =
        background && receipts != null
            ? new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(RECEIPT_BACKLOG),
                IntakePipeline.daemon("intake-receipts"),
                new ThreadPoolExecutor.CallerRunsPolicy())
            : null;
  }

  /** As the constructor, receipts sent on a thread of their own (see the class comment). */
  public static AfterCommit inBackground(
      final Marker marker, final ReceiptSender receipts, final ConsultationMatcher matcher) {
    return new AfterCommit(marker, receipts, matcher, true);
  }

  /** Notes what a transaction wrote (right after its commit): the first inputs of its copies. */
  public void committed(final SubmissionWriter.Committed done) {
    firstOf.putAll(done.duplicates());
  }

  /** Marks the committed messages, then receipts the committed submissions among them. */
  public void done(final List<Long> uids, final List<SubmissionReceived> submitted) {
    if (marker != null) {
      marker.markProcessed(uids);
    }
    for (final SubmissionReceived s : submitted) {
      final SubmissionKey first = firstOf.remove(s.getId());
      if (receipts == null) {
        continue;
      }
      final Optional<Consultation> consultation = matcher.get(s.getConsultationId());
      final Runnable receipt = () -> receipts.receipt(s, consultation, first);
      if (sender != null) {
        sender.execute(receipt);
      } else {
        receipt.run();
      }
    }
  }

  /** Sends the receipts still waiting (at most 30 s), then stops the sender thread. */
  @Override
  public void close() {
    if (sender == null) {
      return;
    }
    sender.shutdown();
    try {
      if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
