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
    final double mb = bytes / (1024.0 * 1024.0);
    // 1.4 MB, but 20 MB: a tenth is noise beyond ten.
    return mb >= 10
        ? Math.round(mb) + " MB"
        : String.format(Locale.ROOT, "%.1f MB", mb).replace(".0 MB", " MB");
  }
}
