package org.inputdesk.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a benchmark's reader needs to know of the machine. Reads /proc where there is one. */
final class Machine {

  private Machine() {}

  /** Cores, CPU model and Java version. */
  static String describe() {
    String model = "unknown CPU";
    try {
      model =
          Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(model);
    } catch (IOException e) {
      // not Linux: the model stays unknown
    }
    return String.format(
        Locale.ROOT,
        "%d cores (%s), Java %s",
        Runtime.getRuntime().availableProcessors(),
        model,
        System.getProperty("java.version"));
  }

  /** The 1, 5 and 15 minute load averages, as uptime prints them. */
  static String load() {
    try {
      final String[] f =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
