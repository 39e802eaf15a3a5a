package org.inputdesk.cli.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Desk;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.ThemeTag;

/**
 * What the operator console shows, kept from the classified topic: the latest state of every input
 * whatever its status, the consultations and the dead letters (without their bytes). Every change
 * moves {@link #version()} on, which is how open pages learn that they are out of date. Plain data,
 * no Kafka.
 */
public final class ConsoleState {

  private final Map<String, SubmissionClassified> inputs = new ConcurrentHashMap<>();
  private final Map<String, Consultation> consultations = new ConcurrentHashMap<>();
  private final Map<String, DeadLetter> deadLetters = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();

  /** An input's latest state; null removes it. */
  public void put(final String id, final SubmissionClassified value) {
    if (value == null) {
      inputs.remove(id);
    } else {
      inputs.put(id, value);
    }
    version.incrementAndGet();
  }

  public void putConsultation(final String id, final Consultation value) {
    if (value == null) {
      consultations.remove(id);
    } else {
      consultations.put(id, value);
    }
    version.incrementAndGet();
  }

  /** A dead letter as read from submissions-dlq. */
  public void putDeadLetter(final DeadLetter letter) {
    deadLetters.put(letter.partition() + "@" + letter.n(), letter);
    version.incrementAndGet();
  }

  public long deadLetters() {
    return deadLetters.size();
  }

  /** The dead letters, newest first. */
  public List<DeadLetter> deadLetterList() {
    return deadLetters.values().stream()
        .sorted(Comparator.comparing(DeadLetter::at).reversed())
        .toList();
  }

  /** Moves on at every change; equal versions mean nothing changed in between. */
  public long version() {
    return version.get();
  }

  /** One input's latest state. */
  public Optional<SubmissionClassified> input(final String id) {
    return Optional.ofNullable(id == null ? null : inputs.get(id));
  }

  /** Every input held for review, whatever its desk, newest first. */
  public List<SubmissionClassified> held() {
    return inputs.values().stream()
        .filter(s -> s.getPublication().getStatus() == PublicationStatus.HELD)
        .sorted(
            Comparator.comparing(
                (SubmissionClassified s) -> s.getSubmission().getReceivedAt(),
                Comparator.reverseOrder()))
        .toList();
  }

  public int size() {
    return inputs.size();
  }

  /** Counts per value of one facet: consultation, status, sender-type or theme. */
  public Map<String, Integer> counts(final String facet) {
    final Map<String, Integer> out = new TreeMap<>();
    for (final SubmissionClassified c : inputs.values()) {
      switch (facet) {
        case "consultation" -> out.merge(String.valueOf(c.getConsultationId()), 1, Integer::sum);
        case "status" -> out.merge(status(c), 1, Integer::sum);
        case "sender-type" -> out.merge(c.getSender().getType(), 1, Integer::sum);
        case "theme" -> c.getThemes().forEach(t -> out.merge(t.getId(), 1, Integer::sum));
        default -> throw new IllegalArgumentException("unknown facet " + facet);
      }
    }
    return out;
  }

  /** Inputs received per day (UTC) per theme; an input counts once for each of its themes. */
  public Map<LocalDate, Map<String, Integer>> perDayPerTheme() {
    final Map<LocalDate, Map<String, Integer>> out = new TreeMap<>();
    for (final SubmissionClassified c : inputs.values()) {
      final LocalDate day = c.getSubmission().getReceivedAt().atZone(ZoneOffset.UTC).toLocalDate();
      final Map<String, Integer> row = out.computeIfAbsent(day, d -> new TreeMap<>());
      if (c.getThemes().isEmpty()) {
        row.merge("(no theme)", 1, Integer::sum);
      }
      for (final ThemeTag t : c.getThemes()) {
        row.merge(t.getId(), 1, Integer::sum);
      }
    }
    return out;
  }

  /**
   * Every desk of every consultation, with how many inputs it holds and how many wait for review.
   */
  public List<DeskSummary> desks() {
    final List<DeskSummary> out = new ArrayList<>();
    for (final Consultation c : consultations.values()) {
      for (final Desk d : c.getDesks()) {
        int total = 0;
        int held = 0;
        for (final SubmissionClassified s : inputs.values()) {
          if (c.getId().equals(s.getConsultationId()) && d.getId().equals(s.getDesk())) {
            total++;
            if (s.getPublication().getStatus() == PublicationStatus.HELD) {
              held++;
            }
          }
        }
        out.add(new DeskSummary(c.getId(), d.getId(), d.getName(), total, held));
      }
    }
    out.sort(Comparator.comparing(DeskSummary::consultationId).thenComparing(DeskSummary::deskId));
    return out;
  }

  /** A desk's queue: inputs held for review first, then the rest, newest first in each. */
  public List<SubmissionClassified> queue(final String consultationId, final String deskId) {
    return inputs.values().stream()
        .filter(s -> consultationId.equals(s.getConsultationId()) && deskId.equals(s.getDesk()))
        .sorted(
            Comparator.comparing(
                    (SubmissionClassified s) ->
                        s.getPublication().getStatus() != PublicationStatus.HELD)
                .thenComparing(s -> s.getSubmission().getReceivedAt(), Comparator.reverseOrder()))
        .toList();
  }

  /** Inputs without a desk, held first; they need someone to route them. */
  public List<SubmissionClassified> unrouted() {
    return inputs.values().stream()
        .filter(s -> s.getDesk() == null)
        .sorted(
            Comparator.comparing(
                    (SubmissionClassified s) ->
                        s.getPublication().getStatus() != PublicationStatus.HELD)
                .thenComparing(s -> s.getSubmission().getReceivedAt(), Comparator.reverseOrder()))
        .toList();
  }

  public Map<String, Consultation> consultations() {
    return new HashMap<>(consultations);
  }

  static String status(final SubmissionClassified c) {
    return c.getPublication().getStatus().name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * A dead letter without its bytes: N (its offset, as {@code inputdesk dlq} numbers them), when,
   * the stage that gave it up, where it came from and the error.
   */
  public record DeadLetter(
      int partition, long n, Instant at, String stage, String source, String error, int bytes) {}

  /** One desk's line on the status page. */
  public record DeskSummary(
      String consultationId, String deskId, String name, int inputs, int held) {}
}
