package org.inputdesk.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionCorrection;

/**
 * Folds one operator action into the standing override of a submission. The topic keeps only the
 * latest record per submission, so each record carries the whole override; an override left with
 * nothing in it is retracted (null).
 */
public final class Corrections {

  /** One operator action. Null fields leave the override as it is. */
  public record Action(
      List<String> addThemes,
      List<String> removeThemes,
      String senderType,
      String organisation,
      String country,
      StatusOverride status,
      boolean clearStatus,
      String reason,
      String by) {}

  private Corrections() {}

  /** The override after {@code action}; null when nothing remains to override. */
  public static SubmissionCorrection apply(
      final String submissionId,
      final SubmissionCorrection current,
      final Action action,
      final Instant at) {
    final Set<String> add =
        new LinkedHashSet<>(current == null ? List.of() : current.getAddThemes());
    final Set<String> remove =
        new LinkedHashSet<>(current == null ? List.of() : current.getRemoveThemes());
    for (final String t : action.addThemes()) {
      remove.remove(t);
      add.add(t);
    }
    for (final String t : action.removeThemes()) {
      add.remove(t);
      remove.add(t);
    }
    String senderType = current == null ? null : current.getSenderType();
    String organisation = current == null ? null : current.getOrganisation();
    String country = current == null ? null : current.getCountry();
    StatusOverride status = current == null ? null : current.getStatus();
    if (action.senderType() != null) {
      senderType = action.senderType();
    }
    if (action.organisation() != null) {
      organisation = action.organisation();
    }
    if (action.country() != null) {
      country = action.country();
    }
    if (action.clearStatus()) {
      status = null;
    } else if (action.status() != null) {
      status = action.status();
    }
    if (add.isEmpty()
        && remove.isEmpty()
        && senderType == null
        && organisation == null
        && country == null
        && status == null) {
      return null;
    }
    return SubmissionCorrection.newBuilder()
        .setSubmissionId(submissionId)
        .setAddThemes(new ArrayList<>(add))
        .setRemoveThemes(new ArrayList<>(remove))
        .setSenderType(senderType)
        .setOrganisation(organisation)
        .setCountry(country)
        .setStatus(status)
        .setReason(action.reason())
        .setBy(action.by())
        .setAt(at)
        .build();
  }
}
