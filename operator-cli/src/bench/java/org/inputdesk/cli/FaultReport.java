package org.inputdesk.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the feed's lag samples and the faults' times into the harness's table: per fault the time
 * until the feed is back in step and the largest lag meanwhile, and the steady lag before any
 * fault. Reads nothing; returns Markdown.
 *
 * <p>In step at time t: every mail the server accepted up to {@code t - 2 s} is on the feed by the
 * poll that started at t. A fault's time to in-step is from the fault to the first poll from which
 * the feed stays in step for 10 s; 0 when it never left step. The last poll out of step before the
 * next fault is reported beside it, so a later relapse is not hidden.
 */
final class FaultReport {

  static final long IN_STEP_MS = 2_000;
  static final long STAY_MS = 10_000;

  /** One injected fault: what, when it began and when the action returned (epoch ms). */
  record Fault(String name, long at, long doneAt) {}

  /**
   * A fault's outcome; {@code toInStepMs} is -1 when the feed was not back in step by its window's
   * end; {@code lastOutMs} is the last poll out of step in the window (from the fault), -1 if none.
   */
  record Outcome(Fault fault, long toInStepMs, long maxLagMs, long windowMs, long lastOutMs) {}

  private FaultReport() {}

  static List<Outcome> outcomes(
      final List<Fault> faults, final List<FeedWatcher.Sample> samples, final long end) {
    final List<Outcome> out = new ArrayList<>();
    for (int k = 0; k < faults.size(); k++) {
      final Fault f = faults.get(k);
      final long until = k + 1 < faults.size() ? faults.get(k + 1).at() : end;
      final List<FeedWatcher.Sample> window =
          samples.stream().filter(s -> s.at() >= f.at() && s.at() < until).toList();
      final long maxLag = window.stream().mapToLong(FeedWatcher.Sample::lagMs).max().orElse(0);
      long lastOut = -1;
      for (final FeedWatcher.Sample s : window) {
        if (s.lagMs() > IN_STEP_MS) {
          lastOut = s.at() - f.at();
        }
      }
      out.add(
          new Outcome(f, backInStep(f, window, until), maxLag, until - f.at(), lastOut));
    }
    return out;
  }

  /**
   * From the fault to the first poll from which the feed stays in step for {@link #STAY_MS} (or
   * until the window ends, when that is sooner); 0 when it never left step; -1 when never.
   */
  private static long backInStep(
      final Fault f, final List<FeedWatcher.Sample> window, final long until) {
    boolean left = false;
    for (int j = 0; j < window.size(); j++) {
      final FeedWatcher.Sample from = window.get(j);
      if (from.lagMs() > IN_STEP_MS) {
        left = true;
        continue;
      }
      final long stayUntil = Math.min(from.at() + STAY_MS, until);
      boolean stays = true;
      for (int i = j; i < window.size() && window.get(i).at() < stayUntil; i++) {
        if (window.get(i).lagMs() > IN_STEP_MS) {
          stays = false;
          break;
        }
      }
      if (stays) {
        return left ? from.at() - f.at() : 0;
      }
      left = true;
    }
    return -1;
  }

  static long percentile(final List<Long> values, final double p) {
    if (values.isEmpty()) {
      return -1;
    }
    final List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    final int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  static String table(final List<Outcome> outcomes) {
    final StringBuilder b =
        new StringBuilder(
            "| # | fault | action took (s) | time to in-step (s) | max lag during it (s) |"
                + " last out of step (s) |\n"
                + "|---|---|---|---|---|---|\n");
    int n = 0;
    for (final Outcome o : outcomes) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.1f | %s | %.1f | %s |%n",
              ++n,
              o.fault().name(),
              (o.fault().doneAt() - o.fault().at()) / 1000.0,
              o.toInStepMs() < 0
                  ? String.format(Locale.ROOT, "not in %.0f", o.windowMs() / 1000.0)
                  : String.format(Locale.ROOT, "%.1f", o.toInStepMs() / 1000.0),
              o.maxLagMs() / 1000.0,
              o.lastOutMs() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", o.lastOutMs() / 1000.0)));
    }
    return b.toString();
  }

  /** Per kind of fault, the median time to in-step (not-in-step counted as the window). */
  static String medians(final List<Outcome> outcomes) {
    final StringBuilder b =
        new StringBuilder("| fault | runs | median to in-step (s) | worst (s) |\n|---|---|---|---|\n");
    outcomes.stream()
        .map(o -> o.fault().name())
        .distinct()
        .forEach(
            name -> {
              final List<Long> times =
                  outcomes.stream()
                      .filter(o -> o.fault().name().equals(name))
                      .map(o -> o.toInStepMs() < 0 ? o.windowMs() : o.toInStepMs())
                      .toList();
              b.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %d | %.1f | %.1f |%n",
                      name,
                      times.size(),
                      percentile(times, 50) / 1000.0,
                      times.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0));
            });
    return b.toString();
  }
}
