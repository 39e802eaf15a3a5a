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
 * the feed stays in step until the next fault (or the end); 0 when it never left step.
 */
final class FaultReport {

  static final long IN_STEP_MS = 2_000;

  /** One injected fault: what, when it began and when the action returned (epoch ms). */
  record Fault(String name, long at, long doneAt) {}

  /** A fault's outcome; {@code toInStepMs} is -1 when the feed was not in step by its window's end. */
  record Outcome(Fault fault, long toInStepMs, long maxLagMs, long windowMs) {}

  private FaultReport() {}

  static List<Outcome> outcomes(
      final List<Fault> faults, final List<FeedWatcher.Sample> samples, final long end) {
    final List<Outcome> out = new ArrayList<>();
    for (int k = 0; k < faults.size(); k++) {
      final Fault f = faults.get(k);
      final long until = k + 1 < faults.size() ? faults.get(k + 1).at() : end;
      long maxLag = 0;
      long inStepFrom = f.at();
      boolean inStep = true;
      for (final FeedWatcher.Sample s : samples) {
        if (s.at() < f.at() || s.at() >= until) {
          continue;
        }
        maxLag = Math.max(maxLag, s.lagMs());
        if (s.lagMs() > IN_STEP_MS) {
          inStep = false;
        } else if (!inStep) {
          inStep = true;
          inStepFrom = s.at();
        }
      }
      out.add(new Outcome(f, inStep ? inStepFrom - f.at() : -1, maxLag, until - f.at()));
    }
    return out;
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
            "| # | fault | action took (s) | time to in-step (s) | max lag during it (s) |\n"
                + "|---|---|---|---|---|\n");
    int n = 0;
    for (final Outcome o : outcomes) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.1f | %s | %.1f |%n",
              ++n,
              o.fault().name(),
              (o.fault().doneAt() - o.fault().at()) / 1000.0,
              o.toInStepMs() < 0
                  ? String.format(Locale.ROOT, "not in %.0f", o.windowMs() / 1000.0)
                  : String.format(Locale.ROOT, "%.1f", o.toInStepMs() / 1000.0),
              o.maxLagMs() / 1000.0));
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
