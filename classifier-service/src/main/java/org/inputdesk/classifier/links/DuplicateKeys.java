package org.inputdesk.classifier.links;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * The keys under which two submissions of one consultation are exact duplicates: the same
 * Message-ID, or the same sender with the same normalised text (intake's contentSha256).
 */
public final class DuplicateKeys {

  private DuplicateKeys() {}

  /** The keys of a submission, prefixed by its consultation (none matched: "-"). */
  public static List<String> of(final SubmissionReceived received) {
    final String consultation =
        received.getConsultationId() == null ? "-" : received.getConsultationId();
    final List<String> keys = new ArrayList<>(2);
    if (received.getMessageId() != null && !received.getMessageId().isBlank()) {
      keys.add(consultation + "|mid|" + received.getMessageId().trim());
    }
    if (received.getFrom() != null && received.getContentSha256() != null) {
      keys.add(
          consultation
              + "|sha|"
              + received.getFrom().getAddress().toLowerCase(Locale.ROOT)
              + "|"
              + received.getContentSha256());
    }
    return keys;
  }
}
