package org.inputdesk.cli;

import java.io.PrintStream;
import java.time.Duration;

/** A progress line on standard error for long work: count, rate and time left. */
public final class Progress {

  private final PrintStream out;
  private final String what;
  private final long total;
  private final long begin = System.nanoTime();
  private long last;
  private long done;

  public Progress(final PrintStream out, final String what, final long total) {
    this.out = out;
    this.what = what;
    this.total = total;
  }

  /** Counts one more, redrawing at most ten times a second. */
  public void step() {
    done++;
    final long now = System.nanoTime();
    if (now - last > 100_000_000L || done == total) {
      last = now;
      out.print("\r" + line(now));
      out.flush();
    }
  }

  /** Ends the line. */
  public void finish() {
    out.println("\r" + line(System.nanoTime()));
  }

  String line(final long now) {
    final double seconds = Math.max(1e-3, (now - begin) / 1e9);
    final double rate = done / seconds;
    final String eta =
        total > 0 && rate > 0 && done < total
            ? ", " + format(Duration.ofMillis((long) ((total - done) / rate * 1000))) + " left"
            : "";
    return String.format(
        "  %s: %d%s  %.0f/s%s   ", what, done, total > 0 ? "/" + total : "", rate, eta);
  }

  private static String format(final Duration d) {
    return d.toHours() > 0
        ? d.toHours() + "h" + d.toMinutesPart() + "m"
        : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
  }
}
