package org.inputdesk.classifier.links;

import java.util.ArrayList;
import java.util.List;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * What duplicate and campaign detection needs of one submission: its id, its duplicate keys and the
 * MinHash signature of its text (null when the text is too short). Computed where the submission is
 * read, so that only this, a few hundred bytes, crosses the link topics ({@link LinkTopology})
 * instead of the whole submission (about 5 KB for a short letter, far more with attachments).
 */
public record LinkKeys(String id, List<String> duplicateKeys, long[] signature) {

  /** The keys and signature of a received submission. */
  public static LinkKeys of(final SubmissionReceived received, final CampaignDetector detector) {
    return new LinkKeys(
        received.getId(), DuplicateKeys.of(received), detector.signature(joined(texts(received))));
  }

  // what String.join("\n", texts) gives, without copying a text that stands alone (most inputs)
  private static String joined(final List<String> texts) {
    return texts.size() == 1 ? texts.get(0) : String.join("\n", texts);
  }

  // the first text part (an HTML part repeats the plain one) and each attachment's text
  private static List<String> texts(final SubmissionReceived received) {
    final List<String> out = new ArrayList<>();
    received.getTextParts().stream().limit(1).forEach(p -> out.add(p.getText()));
    received.getAttachments().forEach(a -> out.add(a.getText() == null ? "" : a.getText()));
    return out;
  }
}
