package org.inputdesk.intake.receipts;

import jakarta.mail.MessagingException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SubmissionKey;
import org.inputdesk.schemas.SubmissionReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts committed submissions: asks the {@link ReceiptGate}, sends through {@link Receipts},
 * logs each outcome by submission id (never the address) and counts receipts sent and skipped by
 * reason, for the metrics. Reads submissions; writes receipt emails. Shared by the mailbox intake
 * and the import.
 */
public final class ReceiptSender {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiptSender.class);

  private final Receipts receipts;
  private final ReceiptGate gate;
  private final AtomicLong sent = new AtomicLong();
  private final Map<ReceiptGate.Skip, AtomicLong> skipped = new EnumMap<>(ReceiptGate.Skip.class);

  public ReceiptSender(final Receipts receipts, final int maxPerAddressPerHour) {
    this.receipts = receipts;
    this.gate = new ReceiptGate(new ReceiptLimiter(maxPerAddressPerHour));
    for (final ReceiptGate.Skip skip : ReceiptGate.Skip.values()) {
      skipped.put(skip, new AtomicLong());
    }
  }

  /** Sends the submission's receipt unless the gate refuses; true when one was sent. */
  public boolean receipt(final SubmissionReceived s, final Optional<Consultation> consultation) {
    return receipt(s, consultation, null);
  }

  /**
   * Sends the submission's receipt unless the gate refuses; true when one was sent.
   *
   * @param first the input this one repeats (its receipt names that one), or null
   */
  public boolean receipt(
      final SubmissionReceived s,
      final Optional<Consultation> consultation,
      final SubmissionKey first) {
    final ReceiptGate.Refusal refusal = gate.refusal(s, consultation.orElse(null));
    if (refusal != null) {
      skipped.get(refusal.skip()).incrementAndGet();
      LOG.info("No receipt for submission {}: {}", s.getId(), refusal.reason());
      return false;
    }
    try {
      receipts.send(s, consultation.map(Consultation::getTitle).orElse(null), first);
    } catch (MessagingException | RuntimeException e) {
      // the exception's text may quote the refused address: its kind only
      LOG.warn("Receipt for submission {} not sent: {}", s.getId(), e.getClass().getSimpleName());
      return false;
    }
    sent.incrementAndGet();
    LOG.info(
        "Receipt sent for submission {} ({}{})",
        s.getId(),
        s.getTrackingNumber(),
        first == null ? "" : ", a copy of " + first.getSubmissionId());
    return true;
  }

  /** Receipts sent so far. */
  public long sent() {
    return sent.get();
  }

  /** Receipts not sent so far for this reason. */
  public long skipped(final ReceiptGate.Skip skip) {
    return skipped.get(skip).get();
  }
}
