package org.inputdesk.publisher;

import java.util.Locale;

/** Byte counts for people. */
final class Sizes {

  private Sizes() {}

  static String human(final long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return Math.round(bytes / 1024.0) + " KB";
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
