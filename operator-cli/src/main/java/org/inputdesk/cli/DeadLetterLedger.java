package org.inputdesk.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.inputdesk.schemas.DeadLetterState;
import org.inputdesk.schemas.DeadLetterStatus;
import org.inputdesk.schemas.DeadLetters;

/**
 * The dead letters with where operators stand with each: its state (new when none was recorded),
 * the earlier letter it repeats (a retry that failed again) and the later letters that repeat it.
 * Decides what may be retried, resolved or discarded. Reads the letters and states it is given;
 * writes nothing.
 */
public final class DeadLetterLedger {

  /**
   * One dead letter as operators see it.
   *
   * @param entry the record on submissions-dlq
   * @param key its name on dlq-states, e.g. submissions-dlq/0/17
   * @param state the recorded state, or null while it is new
   * @param repeatOf the earlier letter this one repeats, or null
   * @param repeatedBy the offsets of the letters that repeat this one
   */
  public record Letter(
      TopicReader.Entry<byte[], byte[]> entry,
      String key,
      DeadLetterState state,
      String repeatOf,
      List<Long> repeatedBy) {

    /** Its state; new when none was recorded. */
    public DeadLetterStatus status() {
      return state == null ? DeadLetterStatus.NEW : state.getState();
    }

    /** The letter's number: its offset. */
    public long n() {
      return entry.offset();
    }

    /** Retries so far. */
    public int retries() {
      return state == null ? 0 : state.getRetries();
    }

    /** The stage that gave up on it. */
    public String stage() {
      return entry.headers().getOrDefault(DeadLetters.STAGE, "?");
    }
  }

  private final List<Letter> letters;
  private final Map<Long, Letter> byOffset = new HashMap<>();

  /**
   * @param entries the records of submissions-dlq, in offset order
   * @param states the latest state of each letter by key
   */
  public DeadLetterLedger(
      final List<TopicReader.Entry<byte[], byte[]>> entries,
      final Map<String, DeadLetterState> states) {
    final Map<String, List<Long>> repeats = new HashMap<>();
    for (final var e : entries) {
      final String of = e.headers().get(DeadLetters.REPEAT_OF);
      if (of != null) {
        repeats.computeIfAbsent(of, k -> new ArrayList<>()).add(e.offset());
      }
    }
    final List<Letter> all = new ArrayList<>();
    for (final var e : entries) {
      final String key = DeadLetters.key(e.topic(), e.partition(), e.offset());
      final Letter letter =
          new Letter(
              e,
              key,
              states.get(key),
              e.headers().get(DeadLetters.REPEAT_OF),
              List.copyOf(repeats.getOrDefault(key, List.of())));
      all.add(letter);
      byOffset.put(e.offset(), letter);
    }
    this.letters = List.copyOf(all);
  }

  /** Every letter, oldest first. */
  public List<Letter> letters() {
    return letters;
  }

  /** Letter N. */
  public Optional<Letter> find(final long n) {
    return Optional.ofNullable(byOffset.get(n));
  }

  /** Letter N, or a message that points to the list. */
  public Letter get(final long n) {
    return find(n)
        .orElseThrow(
            () ->
                new IllegalArgumentException("no dead letter " + n + " (see inputdesk dlq list)"));
  }

  /**
   * Why letter N may not be retried now, or empty when it may: only a new letter is retried, so a
   * letter goes back at most once.
   */
  public Optional<String> whyNotRetry(final Letter letter) {
    return switch (letter.status()) {
      case NEW -> Optional.empty();
      case RETRIED ->
          Optional.of(
              "dead letter "
                  + letter.n()
                  + " was retried already ("
                  + describe(letter.state())
                  + (letter.repeatedBy().isEmpty()
                      ? ""
                      : "; it failed again as dead letter " + join(letter.repeatedBy()))
                  + ")");
      case RESOLVED, DISCARDED ->
          Optional.of(
              "dead letter "
                  + letter.n()
                  + " is "
                  + label(letter.status())
                  + " ("
                  + describe(letter.state())
                  + ")");
    };
  }

  /**
   * The letters {@code dlq retry --all} takes: new ones that are not a repeat of an earlier retry,
   * so a record that fails every time comes back once and no more.
   */
  public List<Letter> retryable() {
    return letters.stream()
        .filter(l -> l.status() == DeadLetterStatus.NEW && l.repeatOf() == null)
        .toList();
  }

  /** Counts by state, for the summary line. */
  public Map<DeadLetterStatus, Integer> counts() {
    final Map<DeadLetterStatus, Integer> out = new java.util.EnumMap<>(DeadLetterStatus.class);
    for (final DeadLetterStatus s : DeadLetterStatus.values()) {
      out.put(s, 0);
    }
    letters.forEach(l -> out.merge(l.status(), 1, Integer::sum));
    return out;
  }

  /** The state a retry records, before the letter is put back. */
  public static DeadLetterState retried(
      final Letter letter, final String by, final String reason, final Instant at) {
    return DeadLetterState.newBuilder()
        .setState(DeadLetterStatus.RETRIED)
        .setAt(at)
        .setBy(by)
        .setReason(reason)
        .setRetries(letter.retries() + 1)
        .build();
  }

  /** The state recorded when putting the letter back failed: new again, with what failed. */
  public static DeadLetterState retryFailed(
      final Letter letter, final String by, final String error, final Instant at) {
    return DeadLetterState.newBuilder()
        .setState(DeadLetterStatus.NEW)
        .setAt(at)
        .setBy(by)
        .setReason("retry failed: " + error)
        .setRetries(letter.retries())
        .build();
  }

  /**
   * The state an operator's resolve or discard records; refused when the letter is in that state
   * already.
   */
  public static DeadLetterState settle(
      final Letter letter,
      final DeadLetterStatus to,
      final String by,
      final String reason,
      final Instant at) {
    if (to != DeadLetterStatus.RESOLVED && to != DeadLetterStatus.DISCARDED) {
      throw new IllegalArgumentException("a letter is settled as resolved or discarded");
    }
    if (letter.status() == to) {
      throw new IllegalArgumentException(
          "dead letter "
              + letter.n()
              + " is "
              + label(to)
              + " already ("
              + describe(letter.state())
              + ")");
    }
    return DeadLetterState.newBuilder()
        .setState(to)
        .setAt(at)
        .setBy(by)
        .setReason(reason)
        .setRetries(letter.retries())
        .build();
  }

  /** The state as the list prints it: "new", "retried", "new, repeat of 12". */
  public static String summary(final Letter letter) {
    final StringBuilder b = new StringBuilder(label(letter.status()));
    if (letter.repeatOf() != null) {
      b.append(", repeat of ").append(number(letter.repeatOf()));
    }
    if (!letter.repeatedBy().isEmpty()) {
      b.append(", failed again: ").append(join(letter.repeatedBy()));
    }
    return b.toString();
  }

  /** A state by its lower-case name; refused naming the states there are. */
  public static DeadLetterStatus parse(final String name) {
    for (final DeadLetterStatus s : DeadLetterStatus.values()) {
      if (label(s).equals(name.strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "no state '" + name + "': one of new, retried, resolved, discarded");
  }

  /** The lower-case name of a state. */
  public static String label(final DeadLetterStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  /** The number in a dead letter's key (its offset), or the key when it is not one. */
  public static String number(final String key) {
    final int slash = key.lastIndexOf('/');
    return slash < 0 ? key : key.substring(slash + 1);
  }

  private static String describe(final DeadLetterState s) {
    if (s == null) {
      return "no state recorded";
    }
    return label(s.getState())
        + " at "
        + s.getAt()
        + " by "
        + s.getBy()
        + (s.getReason() == null || s.getReason().isBlank() ? "" : ": " + s.getReason());
  }

  private static String join(final List<Long> offsets) {
    return String.join(", ", offsets.stream().map(String::valueOf).toList());
  }
}
