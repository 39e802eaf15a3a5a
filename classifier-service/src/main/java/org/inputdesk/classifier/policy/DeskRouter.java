package org.inputdesk.classifier.policy;

import java.util.List;
import org.inputdesk.schemas.Desk;
import org.inputdesk.schemas.ThemeTag;

/**
 * Picks the desk that handles an input: reads the consultation's desks and the input's themes (best
 * first) and writes the id of the first desk listing the best theme it handles, else the desk that
 * lists no theme (the catch-all), else none.
 */
public final class DeskRouter {

  private DeskRouter() {}

  /** The desk id, or null when the consultation has no desk for these themes. */
  public static String route(final List<Desk> desks, final List<ThemeTag> themesBestFirst) {
    if (desks == null || desks.isEmpty()) {
      return null;
    }
    for (final ThemeTag theme : themesBestFirst) {
      for (final Desk desk : desks) {
        if (desk.getThemes().contains(theme.getId())) {
          return desk.getId();
        }
      }
    }
    for (final Desk desk : desks) {
      if (desk.getThemes().isEmpty()) {
        return desk.getId();
      }
    }
    return null;
  }
}
