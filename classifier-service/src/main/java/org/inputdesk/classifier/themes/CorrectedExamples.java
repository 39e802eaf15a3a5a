package org.inputdesk.classifier.themes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.ThemeTag;

/**
 * Turns operators' theme corrections into labelled examples: reads classified inputs and writes,
 * for each input of a consultation whose standing correction adds or removes a theme, an example
 * whose themes are the input's themes after the correction. Examples are grouped by sender, so a
 * sender's inputs never sit on both sides of a fold.
 */
public final class CorrectedExamples {

  private CorrectedExamples() {}

  /** The examples the consultation's corrections make, in the order of the records. */
  public static List<Example> of(
      final Iterable<SubmissionClassified> records, final String consultationId) {
    final List<Example> out = new ArrayList<>();
    for (final SubmissionClassified r : records) {
      final SubmissionCorrection c = r.getCorrection();
      if (r.getSubmission() == null
          || !consultationId.equals(r.getConsultationId())
          || c == null
          || (c.getAddThemes().isEmpty() && c.getRemoveThemes().isEmpty())) {
        continue;
      }
      final Set<String> themes = new LinkedHashSet<>();
      for (final ThemeTag t : r.getThemes()) {
        themes.add(t.getId());
      }
      final String sender =
          r.getSubmission().getFrom() == null
              ? r.getId()
              : r.getSubmission().getFrom().getAddress();
      out.add(new Example(r.getId(), sender, text(r), r.getLanguage(), themes));
    }
    return out;
  }

  private static String text(final SubmissionClassified r) {
    final StringBuilder out = new StringBuilder(r.getSubmission().getSubject()).append('\n');
    for (final TextPart p : r.getSubmission().getTextParts()) {
      if (p.getKind() == org.inputdesk.schemas.TextKind.PLAIN) {
        out.append(p.getText()).append('\n');
        break;
      }
    }
    for (final AttachmentRef a : r.getSubmission().getAttachments()) {
      if (a.getText() != null) {
        out.append(a.getText()).append('\n');
      }
    }
    return out.toString();
  }
}
