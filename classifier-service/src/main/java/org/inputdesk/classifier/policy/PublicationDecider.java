package org.inputdesk.classifier.policy;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.inputdesk.classifier.sender.SenderTypes;
import org.inputdesk.classifier.text.Garbled;
import org.inputdesk.schemas.Publication;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.SubmissionCorrection;

/**
 * Decides whether an input is posted: reads the consultation's policy, the sender decision, the
 * text and any operator correction, and writes a status (posted, held, withheld, withdrawn) with
 * the reason a person reads. A claim to speak for a State, an IGO or a UN entity that is not
 * verified is held while the policy says {@code holdUnverifiedClaims}.
 */
public final class PublicationDecider {

  /** What the decision looks at. */
  public record Facts(
      boolean consultationMatched,
      boolean late,
      boolean emptyText,
      String text,
      Map<String, String> headers,
      SenderInfo sender,
      SubmissionCorrection correction) {}

  private static final Pattern DO_NOT_PUBLISH =
      Pattern.compile(
          "(?:(?:please\\s+)?do\\s+not\\s+(?:publish|post|make\\s+(?:this|it)\\s+public)|not\\s+for\\s+"
              + "(?:publication|public\\s+release|posting)|ne\\s+pas\\s+(?:publier|diffuser)"
              + "|no\\s+(?:publicar|difundir)|no\\s+para\\s+publicaci[oó]n|confidential\\s*:?\\s*not"
              + "|не\\s+публиковать|не\\s+для\\s+публикации)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private final PublicationPolicy defaults;

  public PublicationDecider() {
    this.defaults = PublicationPolicy.newBuilder().build();
  }

  /** The decision under the given policy (null: the defaults). */
  public Publication decide(final PublicationPolicy policy, final Facts facts) {
    final PublicationPolicy p = policy == null ? defaults : policy;
    final SubmissionCorrection correction = facts.correction();
    if (correction != null && correction.getStatus() != null) {
      final String why = correction.getReason();
      switch (correction.getStatus()) {
        case WITHDRAWN:
          return of(PublicationStatus.WITHDRAWN, "withdrawn by operator: " + why);
        case HELD:
          return of(PublicationStatus.HELD, "held by operator: " + why);
        case POSTED:
          return of(PublicationStatus.POSTED, "posted by operator: " + why);
        default:
          break;
      }
    }
    if (facts.emptyText()) {
      return of(PublicationStatus.WITHHELD, "empty input");
    }
    if (isAutomatic(facts.headers())) {
      return of(PublicationStatus.WITHHELD, "automatic or bulk message");
    }
    if (facts.text() != null && DO_NOT_PUBLISH.matcher(facts.text()).find()) {
      return of(PublicationStatus.WITHHELD, "sender asked not to publish");
    }
    if (facts.text() != null && Garbled.test(facts.text())) {
      return of(
          PublicationStatus.HELD,
          "the text looks wrongly decoded (a wrong character set): check the original before posting");
    }
    if (!facts.consultationMatched()) {
      return of(PublicationStatus.HELD, "no consultation matched");
    }
    if (facts.late() && p.getHoldLate()) {
      return of(PublicationStatus.HELD, "received after the deadline");
    }
    final SenderInfo sender = facts.sender();
    final boolean unknown = sender == null || SenderTypes.UNKNOWN.equals(sender.getType());
    if (unknown) {
      return p.getHoldUnknownSenders()
          ? of(PublicationStatus.HELD, "unknown sender")
          : of(PublicationStatus.POSTED, "posted: sender unknown, policy allows");
    }
    if (p.getHoldUnverifiedClaims()
        && SenderTypes.isOfficial(sender.getType())
        && !sender.getVerified()) {
      final String why =
          sender.getVerification() == null ? "not verified" : sender.getVerification();
      return of(PublicationStatus.HELD, "claims " + claimed(sender) + "; " + why);
    }
    if (sender.getConfidence() < p.getMinConfidence()) {
      return of(
          PublicationStatus.HELD,
          String.format(
              Locale.ROOT,
              "low confidence in sender (%.2f < %.2f)",
              sender.getConfidence(),
              p.getMinConfidence()));
    }
    return of(PublicationStatus.POSTED, "identified sender (" + sender.getBasis() + ")");
  }

  /**
   * The decision for an exact duplicate of {@code firstId} (the same Message-ID, or the same sender
   * and text): the first one is the input that is posted, so a re-send is withheld, naming it. An
   * operator's status, or a decision not to post anyway, stands as it is.
   */
  public static Publication forDuplicate(
      final Publication decided, final SubmissionCorrection correction, final String firstId) {
    if (correction != null && correction.getStatus() != null) {
      return decided;
    }
    if (decided.getStatus() == PublicationStatus.WITHDRAWN
        || decided.getStatus() == PublicationStatus.WITHHELD) {
      return decided;
    }
    return of(PublicationStatus.WITHHELD, "exact duplicate of " + firstId);
  }

  /** Who a sender decision claims to be, for a person to read. */
  private static String claimed(final SenderInfo s) {
    if (s.getOrganisation() != null) {
      return s.getOrganisation();
    }
    return s.getCountry() == null ? s.getType() : s.getType() + " " + s.getCountry();
  }

  private static boolean isAutomatic(final Map<String, String> headers) {
    if (headers == null) {
      return false;
    }
    for (final Map.Entry<String, String> h : headers.entrySet()) {
      final String name = h.getKey().toLowerCase(Locale.ROOT);
      final String value = h.getValue() == null ? "" : h.getValue().toLowerCase(Locale.ROOT).trim();
      if ("auto-submitted".equals(name) && !value.isEmpty() && !"no".equals(value)) {
        return true;
      }
      if ("precedence".equals(name) && (value.equals("bulk") || value.equals("junk"))) {
        return true;
      }
      if ("x-spam-flag".equals(name) && value.equals("yes")) {
        return true;
      }
    }
    return false;
  }

  private static Publication of(final PublicationStatus status, final String reason) {
    return Publication.newBuilder().setStatus(status).setReason(reason).build();
  }
}
