package org.inputdesk.intake.consultations;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * Maps a submission to its consultation: first by recipient address (To, Cc, Delivered-To,
 * X-Original-To against {@code Consultation.addresses}), then by a subject tag such as {@code
 * [OEWG8]}, else the configured default. A retired consultation takes no new mail: it matches
 * nothing, so its mail goes to the default, or to none when the default is retired too. Reads the
 * consultations it is given; writes nothing.
 */
public final class ConsultationMatcher {

  private final Map<String, Consultation> byId = new ConcurrentHashMap<>();
  private final String defaultId;

  public ConsultationMatcher(final String defaultId) {
    this.defaultId = defaultId == null || defaultId.isBlank() ? null : defaultId;
  }

  /** Adds or replaces a consultation; null value removes it (a tombstone). */
  public void update(final String id, final Consultation consultation) {
    if (consultation == null) {
      byId.remove(id);
    } else {
      byId.put(id, consultation);
    }
  }

  public Collection<Consultation> all() {
    return byId.values();
  }

  public Optional<Consultation> get(final String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  /** The open consultation a submission belongs to, if any. */
  public Optional<Consultation> match(final SubmissionReceived s) {
    final List<Consultation> open = byId.values().stream().filter(c -> !retired(c)).toList();
    for (final String recipient : recipients(s)) {
      for (final Consultation c : open) {
        for (final String address : c.getAddresses()) {
          if (address.strip().toLowerCase(Locale.ROOT).equals(recipient)) {
            return Optional.of(c);
          }
        }
      }
    }
    final String subject = s.getSubject().toLowerCase(Locale.ROOT);
    for (final Consultation c : open) {
      for (final String tag : c.getSubjectTags()) {
        if (!tag.isBlank() && subject.contains(tag.strip().toLowerCase(Locale.ROOT))) {
          return Optional.of(c);
        }
      }
    }
    return get(defaultId).filter(c -> !retired(c));
  }

  /**
   * The configured default consultation id, which may not be known as a record yet; empty when that
   * consultation is retired.
   */
  public Optional<String> defaultId() {
    return Optional.ofNullable(defaultId).filter(id -> get(id).map(c -> !retired(c)).orElse(true));
  }

  private static boolean retired(final Consultation c) {
    return c.getRetiredAt() != null;
  }

  private static List<String> recipients(final SubmissionReceived s) {
    final java.util.List<String> out = new java.util.ArrayList<>();
    for (final Address a : s.getTo()) {
      out.add(a.getAddress().toLowerCase(Locale.ROOT));
    }
    for (final Address a : s.getCc()) {
      out.add(a.getAddress().toLowerCase(Locale.ROOT));
    }
    for (final String a : s.getDeliveredTo()) {
      out.add(a.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** Whether a submission received at {@code receivedAt} is after the consultation's deadline. */
  public static boolean isLate(final Consultation c, final Instant receivedAt) {
    return c.getDeadline() != null && receivedAt.isAfter(c.getDeadline());
  }

  /** {@code PREFIX-000123}. */
  public static String trackingNumber(final String prefix, final long sequence) {
    return prefix + "-" + String.format(Locale.ROOT, "%06d", sequence);
  }
}
