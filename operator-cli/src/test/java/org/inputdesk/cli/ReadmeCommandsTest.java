package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code inputdesk ...} line README.md shows is a command line the program takes as printed;
 * those that need no broker are run. {@code ReadmeCommandsIT} runs the operators' examples against
 * a broker.
 */
class ReadmeCommandsTest {

  @Test
  void shouldSplitLikeAShell() {
    assertThat(ReadmeCommands.split("withdraw X --reason \"sender asked\" --by 'ana b'"))
        .containsExactly("withdraw", "X", "--reason", "sender asked", "--by", "ana b");
  }

  @Test
  void shouldFindTheCommandsOfTheReadme() {
    assertThat(ReadmeCommands.all())
        .extracting(ReadmeCommands.Line::printed)
        .contains(
            "./inputdesk local",
            "./inputdesk hold OEWG-2026-000017",
            "./inputdesk withdraw OEWG-2026-000001 --reason \"sender asked\"",
            "inputdesk consultations apply new.yaml");
  }

  @Test
  void shouldParseEveryCommandLineOfTheReadmeAsPrinted() {
    final List<ReadmeCommands.Line> lines = ReadmeCommands.all();
    assertThat(lines).hasSizeGreaterThan(20);
    for (final ReadmeCommands.Line line : lines) {
      if (namesACommand(line.args())) {
        continue;
      }
      try {
        Main.commandLine().parseArgs(line.args().toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        fail("README's `%s` does not parse: %s", line.printed(), e.getMessage());
      }
    }
  }

  @Test
  void shouldRunTheReadmesCommandsThatNeedNoBroker() {
    int ran = 0;
    for (final ReadmeCommands.Line line : ReadmeCommands.all()) {
      final List<String> args = line.args();
      if (args.contains("--help") || args.contains("--version") || args.get(0).equals("config")) {
        final CliRun run = CliRun.run(args.toArray(String[]::new));
        assertThat(run.code()).as("README's `%s`: %s", line.printed(), run.err()).isZero();
        ran++;
      }
    }
    assertThat(ran).as("README shows offline commands").isPositive();
  }

  /**
   * A mention of a command by name ("written by `inputdesk replay`") rather than a line to run:
   * every word is a command, and it exists.
   */
  private static boolean namesACommand(final List<String> args) {
    CommandLine at = Main.commandLine();
    for (final String word : args) {
      final CommandLine sub = at.getSubcommands().get(word);
      if (sub == null) {
        return false;
      }
      at = sub;
    }
    return true;
  }
}
