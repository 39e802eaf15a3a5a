package org.inputdesk.intake.receipts;

import java.util.Locale;
import org.inputdesk.common.auth.AuthVerdict;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.MailAuthentication;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * Whether a submission may be receipted, so intake sends no backscatter: never to automatic mail
 * ({@link Receipts#refusal}), never to a sender whose domain failed DMARC (the From is forged),
 * only to verified senders when the consultation's policy says {@code receiptsToVerifiedOnly}, and
 * at most {@link ReceiptLimiter}'s number per address and hour. Reads the submission and its
 * consultation; writes nothing.
 */
public final class ReceiptGate {

  /** Why no receipt is sent; the tag names it in metrics. */
  public enum Skip {
    AUTOMATIC("automatic"),
    DMARC_FAIL("dmarc-fail"),
    NOT_VERIFIED("not-verified"),
    RATE_LIMITED("rate-limited");

    private final String tag;

    Skip(final String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  /** No receipt, and why in words that name no address. */
  public record Refusal(Skip skip, String reason) {}

  private final ReceiptLimiter limiter;

  public ReceiptGate(final ReceiptLimiter limiter) {
    this.limiter = limiter;
  }

  /**
   * Why no receipt may be sent, or null when one may; a null answer has used one of the address's
   * receipts for the hour.
   *
   * @param consultation the matched consultation, or null
   */
  public Refusal refusal(final SubmissionReceived s, final Consultation consultation) {
    final String automatic = Receipts.refusal(s);
    if (automatic != null) {
      return new Refusal(Skip.AUTOMATIC, automatic);
    }
    final MailAuthentication auth = s.getAuthentication();
    if (auth != null && AuthVerdict.FAIL.equals(auth.getVerdict())) {
      return new Refusal(
          Skip.DMARC_FAIL, "the sender's domain failed DMARC at " + auth.getVerifiedBy());
    }
    if (consultation != null
        && consultation.getPolicy().getReceiptsToVerifiedOnly()
        && !verifiedSender(s)) {
      return new Refusal(
          Skip.NOT_VERIFIED,
          "the consultation receipts verified senders only, and this one is not");
    }
    if (!limiter.tryAcquire(s.getFrom().getAddress())) {
      return new Refusal(Skip.RATE_LIMITED, "the sender had its receipts for this hour");
    }
    return null;
  }

  /**
   * Whether the receipt's address is in the domain that passed: for a forwarded message the verdict
   * is the forwarder's, and says nothing of the original sender the receipt goes to.
   */
  static boolean verifiedSender(final SubmissionReceived s) {
    final MailAuthentication auth = s.getAuthentication();
    if (auth == null
        || !AuthVerdict.PASS.equals(auth.getVerdict())
        || auth.getFromDomain() == null) {
      return false;
    }
    final String address = s.getFrom().getAddress();
    final String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    return domain.equals(auth.getFromDomain().toLowerCase(Locale.ROOT));
  }
}
