package org.inputdesk.cli.console;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inputs per day per theme as the geometry of a stacked bar chart; the console's template draws it
 * as SVG (escaped like everything else), so the page needs no script. Plain data.
 *
 * @param width drawing width
 * @param height drawing height
 * @param axis y of the baseline
 * @param max the tallest day's count
 * @param bars one rectangle per day and theme
 * @param days one label per day
 * @param legend one swatch per theme
 */
public record Chart(
    int width,
    int height,
    int axis,
    int max,
    List<Bar> bars,
    List<Label> days,
    List<Label> legend) {

  /** A rectangle with its tooltip. */
  public record Bar(int x, int y, int w, int h, String colour, String title) {}

  /** A text at a place, with the colour of its swatch when it is a legend entry. */
  public record Label(int x, int y, String text, String colour) {}

  private static final String[] PALETTE = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"
  };
  private static final int PLOT = 200;
  private static final int BAR = 22;
  private static final int GAP = 8;
  private static final int LEFT = 36;
  private static final int BOTTOM = 40;

  /** The chart of the given counts; null when there is nothing to draw. */
  public static Chart of(final Map<LocalDate, Map<String, Integer>> perDay) {
    if (perDay.isEmpty()) {
      return null;
    }
    final Set<String> themes = new LinkedHashSet<>();
    perDay.values().forEach(row -> themes.addAll(row.keySet()));
    final List<String> order = new ArrayList<>(themes);
    final int max =
        perDay.values().stream()
            .mapToInt(row -> row.values().stream().mapToInt(Integer::intValue).sum())
            .max()
            .orElse(1);
    final List<Bar> bars = new ArrayList<>();
    final List<Label> days = new ArrayList<>();
    int x = LEFT;
    for (final Map.Entry<LocalDate, Map<String, Integer>> day : perDay.entrySet()) {
      int y = PLOT;
      for (final String theme : order) {
        final int n = day.getValue().getOrDefault(theme, 0);
        if (n > 0) {
          final int h = Math.max(1, Math.round((float) n / max * (PLOT - 20)));
          y -= h;
          bars.add(
              new Bar(x, y, BAR, h, colour(order, theme), day.getKey() + " " + theme + ": " + n));
        }
      }
      days.add(new Label(x, PLOT + 14, day.getKey().toString().substring(5), null));
      x += BAR + GAP;
    }
    final List<Label> legend = new ArrayList<>();
    int ly = PLOT + BOTTOM;
    for (final String theme : order) {
      legend.add(new Label(LEFT, ly, theme, colour(order, theme)));
      ly += 18;
    }
    return new Chart(Math.max(x + 10, 320), ly + 10, PLOT, max, bars, days, legend);
  }

  private static String colour(final List<String> order, final String theme) {
    return PALETTE[order.indexOf(theme) % PALETTE.length];
  }
}
