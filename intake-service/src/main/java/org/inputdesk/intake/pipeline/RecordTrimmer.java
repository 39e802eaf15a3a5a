package org.inputdesk.intake.pipeline;

import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.Topics;

/**
 * Encodes a submission for {@code submissions-received}, cutting the longest extracted or HTML
 * texts until the record fits under {@link #MAX_SUBMISSION_BYTES}: brokers refuse records over 1 MB
 * by default, and the full text stays recoverable from the attachment bytes. Reads the submission
 * given (and shortens its texts); writes nothing.
 */
public final class RecordTrimmer {

  /** Largest encoded submission, below the 1 MB brokers accept by default. */
  public static final int MAX_SUBMISSION_BYTES = 900_000;

  private RecordTrimmer() {}

  /** The encoded submission, its longest texts halved until it fits (or nothing is left to cut). */
  public static byte[] serializeToFit(final SubmissionReceived s) {
    final var serializer = Topics.SUBMISSIONS_RECEIVED.valueSerde().serializer();
    byte[] bytes = serializer.serialize(Topics.SUBMISSIONS_RECEIVED.name(), s);
    for (int round = 0; bytes.length > MAX_SUBMISSION_BYTES && round < 64; round++) {
      if (!cutLongestText(s)) {
        break;
      }
      bytes = serializer.serialize(Topics.SUBMISSIONS_RECEIVED.name(), s);
    }
    return bytes;
  }

  private static boolean cutLongestText(final SubmissionReceived s) {
    AttachmentRef longest = null;
    for (final AttachmentRef a : s.getAttachments()) {
      if (a.getText() != null
          && (longest == null || a.getText().length() > longest.getText().length())) {
        longest = a;
      }
    }
    TextPart html = null;
    for (final TextPart p : s.getTextParts()) {
      if (p.getHtml() != null && (html == null || p.getHtml().length() > html.getHtml().length())) {
        html = p;
      }
    }
    if (html != null
        && (longest == null || html.getHtml().length() >= longest.getText().length())) {
      html.setHtml(halve(html.getHtml()));
      return true;
    }
    if (longest != null) {
      longest.setText(halve(longest.getText()));
      longest.setStatusReason("text cut to fit the record size");
      return true;
    }
    TextPart body = null;
    for (final TextPart p : s.getTextParts()) {
      if (p.getText().length() >= 1000
          && (body == null || p.getText().length() > body.getText().length())) {
        body = p;
      }
    }
    if (body != null) {
      body.setText(halve(body.getText()));
      return true;
    }
    return false;
  }

  private static String halve(final String text) {
    return text.length() < 1000 ? null : text.substring(0, text.length() / 2);
  }
}
