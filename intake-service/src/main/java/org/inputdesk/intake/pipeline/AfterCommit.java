package org.inputdesk.intake.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.inputdesk.intake.consultations.ConsultationMatcher;
import org.inputdesk.intake.receipts.ReceiptSender;
import org.inputdesk.schemas.SubmissionKey;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * What follows a commit, never before it, for the mailbox and the import alike: the source marks
 * the committed messages processed (the mailbox flags or moves them; an import has nothing to
 * mark), then each committed submission's sender gets a receipt, naming the first input when the
 * submission repeats one. Reads what the writer committed; writes flags (through the marker) and
 * receipt emails (through the {@link ReceiptSender}).
 */
public final class AfterCommit {

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

  /**
   * @param marker null when the source has nothing to mark
   * @param receipts null when no receipts are sent
   */
  public AfterCommit(
      final Marker marker, final ReceiptSender receipts, final ConsultationMatcher matcher) {
    this.marker = marker;
    this.receipts = receipts;
    this.matcher = matcher;
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
      if (receipts != null) {
        receipts.receipt(s, matcher.get(s.getConsultationId()), first);
      }
    }
  }
}
