package org.inputdesk.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@code inputdesk} command in this JVM as an operator types it, with standard input given
 * and standard output and error captured.
 *
 * @param code exit code
 * @param out what it printed
 * @param err what it printed on standard error
 */
record CliRun(int code, String out, String err) {

  /** Commands whose options come after a subcommand ("consultations apply --bootstrap-servers"). */
  private static final List<String> GROUPS = List.of("consultations", "directory", "dlq");

  /** Runs the command with empty standard input. */
  static CliRun run(final String... args) {
    return withInput("", args);
  }

  /** Runs the command against a broker: --bootstrap-servers goes after the leaf command. */
  static CliRun against(final String bootstrap, final String... args) {
    final List<String> all = new ArrayList<>(List.of(args));
    all.add(GROUPS.contains(args[0]) ? 2 : 1, "--bootstrap-servers=" + bootstrap);
    return run(all.toArray(String[]::new));
  }

  /** Runs the command with {@code stdin} as its standard input. */
  static CliRun withInput(final String stdin, final String... args) {
    final InputStream in = System.in;
    final PrintStream out = System.out;
    final PrintStream err = System.err;
    final ByteArrayOutputStream o = new ByteArrayOutputStream();
    final ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      final int code = Main.commandLine().execute(args);
      return new CliRun(
          code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(in);
      System.setOut(out);
      System.setErr(err);
    }
  }
}
