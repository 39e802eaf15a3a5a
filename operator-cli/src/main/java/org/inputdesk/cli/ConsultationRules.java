package org.inputdesk.cli;

import java.util.Locale;
import java.util.Map;
import org.inputdesk.schemas.Consultation;

/**
 * What a consultation must not share with the others on the topic: an address or a subject tag with
 * an open one (the intake could not tell them apart), a tracking prefix with any, retired ones
 * included (tracking numbers already given out would be given again). Reads the consultations it is
 * given; writes nothing.
 */
public final class ConsultationRules {

  private ConsultationRules() {}

  /**
   * Checks {@code applying}, read from {@code origin}, against {@code others} (keyed by id; its own
   * earlier definition is skipped) and returns it as it is to be written: a retired consultation
   * stays retired when its definition is applied again.
   */
  public static Consultation check(
      final String origin, final Consultation applying, final Map<String, Consultation> others) {
    for (final Consultation other : others.values()) {
      if (other.getId().equals(applying.getId())) {
        continue;
      }
      if (other.getTrackingPrefix().equalsIgnoreCase(applying.getTrackingPrefix())) {
        throw new Refusal(
            origin
                + ": field trackingPrefix: '"
                + applying.getTrackingPrefix()
                + "' is already the prefix of consultation "
                + other.getId()
                + (other.getRetiredAt() == null ? "" : " (retired)")
                + ": tracking numbers would repeat; choose another");
      }
      if (other.getRetiredAt() != null) {
        continue;
      }
      for (final String address : applying.getAddresses()) {
        if (other.getAddresses().contains(address)) {
          throw new Refusal(
              origin
                  + ": field addresses: '"
                  + address
                  + "' already belongs to consultation "
                  + other.getId()
                  + " (retire it first: inputdesk consultations retire "
                  + other.getId()
                  + " --reason ...)");
        }
      }
      for (final String tag : applying.getSubjectTags()) {
        for (final String theirs : other.getSubjectTags()) {
          if (tag.strip()
              .toLowerCase(Locale.ROOT)
              .equals(theirs.strip().toLowerCase(Locale.ROOT))) {
            throw new Refusal(
                origin
                    + ": field subjectTags: '"
                    + tag
                    + "' is already a subject tag of consultation "
                    + other.getId());
          }
        }
      }
    }
    final Consultation before = others.get(applying.getId());
    if (before == null || before.getRetiredAt() == null) {
      return applying;
    }
    return Consultation.newBuilder(applying)
        .setRetiredAt(before.getRetiredAt())
        .setRetiredBy(before.getRetiredBy())
        .setRetiredReason(before.getRetiredReason())
        .build();
  }
}
