package org.inputdesk.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code inputdesk} command lines README.md shows: in code blocks and in inline code, as an
 * operator would copy them, split into arguments the way a POSIX shell splits them.
 */
final class ReadmeCommands {

  private static final Pattern FENCE = Pattern.compile("(?ms)^```[^\\n]*\\n(.*?)^```");
  private static final Pattern INLINE = Pattern.compile("`(\\.?/?inputdesk [^`]+)`");
  private static final Pattern COMMAND = Pattern.compile("^(\\./)?inputdesk (.*)$");

  /** One command line as printed, and its arguments. */
  record Line(String printed, List<String> args) {}

  private ReadmeCommands() {}

  /** The repository's root: the directory holding mvnw. */
  static Path root() {
    Path at = Path.of("").toAbsolutePath();
    while (at != null && !Files.exists(at.resolve("mvnw"))) {
      at = at.getParent();
    }
    return at;
  }

  static String readme() {
    try {
      return Files.readString(root().resolve("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every command line of README: code block lines, then inline code, in the order printed. */
  static List<Line> all() {
    final String readme = readme();
    final List<Line> out = new ArrayList<>();
    final Matcher fence = FENCE.matcher(readme);
    while (fence.find()) {
      out.addAll(inBlock(fence.group(1)));
    }
    // inline code may be broken over lines; Markdown shows the break as a space
    final String prose = FENCE.matcher(readme).replaceAll("").replaceAll("\\s*\\n\\s*", " ");
    final Matcher inline = INLINE.matcher(prose);
    while (inline.find()) {
      out.add(line(inline.group(1)));
    }
    return out;
  }

  /** The command lines of the first code block after {@code marker}. */
  static List<Line> blockAfter(final String marker) {
    final String readme = readme();
    final int at = readme.indexOf(marker);
    if (at < 0) {
      throw new AssertionError("README has no '" + marker + "'");
    }
    final Matcher fence = FENCE.matcher(readme);
    if (!fence.find(at)) {
      throw new AssertionError("README has no code block after '" + marker + "'");
    }
    return inBlock(fence.group(1));
  }

  private static List<Line> inBlock(final String block) {
    final List<Line> out = new ArrayList<>();
    for (final String raw : block.replace("\\\n", " ").lines().toList()) {
      final String l = raw.strip();
      if (COMMAND.matcher(l).matches()) {
        out.add(line(l.replaceFirst("\\s+#\\s.*$", "")));
      }
    }
    return out;
  }

  private static Line line(final String printed) {
    final Matcher m = COMMAND.matcher(printed.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(printed);
    }
    return new Line(printed.strip(), split(m.group(2)));
  }

  /** Splits as sh does for plain words, '...' and "..." (no variables, no escapes but \"). */
  static List<String> split(final String line) {
    final List<String> args = new ArrayList<>();
    final StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      final char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          args.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed quote in: " + line);
    }
    if (inWord) {
      args.add(word.toString());
    }
    return args;
  }
}
