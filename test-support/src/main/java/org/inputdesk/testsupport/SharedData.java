package org.inputdesk.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds {@code ../shared/} (samples, corpus, eval sets) beside the checkout. Tests that need it
 * skip with a message where it is absent, so a clone elsewhere still builds and tests.
 */
public final class SharedData {

  private SharedData() {}

  /** The shared directory, from -Dinputdesk.shared.dir or found upwards from the working dir. */
  public static Optional<Path> dir() {
    final String configured = System.getProperty("inputdesk.shared.dir");
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Optional.of(Path.of(configured).toAbsolutePath().normalize());
    }
    Path at = Path.of("").toAbsolutePath();
    while (at != null) {
      final Path candidate = at.resolveSibling("shared");
      if (Files.isDirectory(candidate.resolve("design"))) {
        return Optional.of(candidate.normalize());
      }
      at = at.getParent();
    }
    return Optional.empty();
  }

  /** A path under the shared directory, when both exist. */
  public static Optional<Path> resolve(final String relative) {
    return dir().map(d -> d.resolve(relative)).filter(Files::exists);
  }

  /** The message a skipped test gives. */
  public static String absentMessage(final String relative) {
    return "../shared/" + relative + " is not beside this checkout: skipped";
  }
}
