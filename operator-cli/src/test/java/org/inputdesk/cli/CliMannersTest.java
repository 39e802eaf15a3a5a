package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.inputdesk.embedded.FreePorts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * How the commands behave when something is wrong, without a broker: each says so in one line
 * naming what is wrong, at once.
 */
class CliMannersTest {

  @TempDir static Path dir;
  private static Path consultation;
  private static Path directory;

  @BeforeAll
  static void files() throws Exception {
    consultation = dir.resolve("c.yaml");
    Files.writeString(consultation, "id: c1\ntitle: T\ntrackingPrefix: C1\n");
    directory = dir.resolve("d.yaml");
    Files.writeString(directory, "- key: \"@x.org\"\n  senderType: ngo\n");
  }

  /** Standard error without the test logging's lines (the shipped logging keeps Kafka's quiet). */
  private static List<String> said(final CliRun run) {
    return run.err().lines().filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d.*")).toList();
  }

  static Stream<List<String>> brokerCommands() {
    return Stream.of(
        List.of("consultations", "apply", consultation.toString()),
        List.of("consultations", "list"),
        List.of("consultations", "retire", "c1", "--reason", "closed"),
        List.of("consultations", "reopen", "c1", "--reason", "again"),
        List.of("directory", "apply", directory.toString()),
        List.of("directory", "lookup", "a@x.org"),
        List.of("directory", "remove", "@x.org", "--reason", "wrong"),
        List.of("correct", "OEWG-2026-000001", "--add-theme", "cbm", "--reason", "r"),
        List.of("correct", "OEWG-2026-000001", "--clear", "--reason", "r"),
        List.of("withdraw", "OEWG-2026-000001", "--reason", "sender asked"),
        List.of("hold", "OEWG-2026-000001"),
        List.of("post", "OEWG-2026-000001"),
        List.of("restore", "OEWG-2026-000001"),
        List.of("replay", "--consultation", "c1"),
        List.of("status"),
        List.of("dump", "consultations"),
        List.of("dlq", "list"),
        List.of("topics"),
        List.of("train", "--consultation", "c1"),
        List.of("export", "--out", dir.resolve("site").toString()),
        List.of("import", consultation.toString()),
        List.of("console", "--token", "t"));
  }

  @ParameterizedTest
  @MethodSource("brokerCommands")
  void shouldSayWithinThreeSecondsInOneLineThatTheBrokerCannotBeReached(final List<String> args) {
    final String brokers = "127.0.0.1:" + FreePorts.next();
    final long start = System.nanoTime();

    final CliRun run = CliRun.against(brokers, args.toArray(String[]::new));

    final Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(said(run))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("cannot reach Kafka at " + brokers));
    assertThat(took).as(run.err()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void shouldSaySoForABrokerNameThatDoesNotResolve() {
    final CliRun run = CliRun.against("kafka.invalid:9092", "status");
    assertThat(run.code()).isEqualTo(1);
    assertThat(said(run))
        .singleElement()
        .asString()
        .contains("cannot reach Kafka at kafka.invalid:9092");
  }

  @Test
  void shouldSayItFromTheShippedProgramWithNothingElseOnTheTerminal() throws Exception {
    final String brokers = "127.0.0.1:" + FreePorts.next();
    final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    final List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-cp",
            // the shipped logging setup, not the tests' one
            Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.endsWith("test-classes"))
                .reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow(),
            "-Dlogback.configurationFile=logback.xml",
            "org.inputdesk.cli.Main",
            "status",
            "--bootstrap-servers",
            brokers));
    final Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    final long start = System.nanoTime();
    final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    final Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(p.exitValue()).as(out).isEqualTo(1);
    assertThat(out.lines().toList())
        .singleElement()
        .asString()
        .startsWith("inputdesk: cannot reach Kafka at " + brokers + ": ")
        .contains("--bootstrap-servers");
    // JVM start included
    assertThat(took).as(out).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void shouldNameAMissingFile() {
    final String missing = dir.resolve("nope.yaml").toString();
    for (final String group : new String[] {"consultations", "directory"}) {
      final CliRun run = CliRun.against("127.0.0.1:1", group, "apply", missing);
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("inputdesk: cannot read " + missing + ": no such file\n");
    }
  }

  @Test
  void shouldNameTheFileAndFieldOfAWrongListBeforeReachingTheBroker() throws Exception {
    final Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "id: c2\ntitle: T\ntrackingPrefix: C2\naddresses: inputs@x.org\n");
    final CliRun run = CliRun.against("127.0.0.1:1", "consultations", "apply", bad.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "inputdesk: "
                + bad
                + ": field addresses: expected a list, got 'inputs@x.org' (line 4)\n");
  }

  @Test
  void shouldRefuseAnInventedSenderTypeOrCountryBeforeReachingTheBroker() {
    final CliRun type =
        CliRun.against(
            "127.0.0.1:1",
            "correct",
            "OEWG-2026-000017",
            "--sender-type",
            "government",
            "--reason",
            "r");
    assertThat(type.code()).isEqualTo(1);
    assertThat(type.err())
        .startsWith("inputdesk: --sender-type: 'government' is not a sender type; allowed: ")
        .endsWith("did you mean 'member-state'?\n");
    final CliRun country =
        CliRun.against(
            "127.0.0.1:1", "correct", "OEWG-2026-000017", "--country", "Narnia", "--reason", "r");
    assertThat(country.code()).isEqualTo(1);
    assertThat(country.err()).startsWith("inputdesk: --country: 'Narnia' is not an ISO 3166-1");
  }

  @Test
  void shouldRefuseClearTogetherWithAFix() {
    final CliRun run = CliRun.run("correct", "X", "--clear", "--add-theme", "cbm", "--reason", "r");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--clear retracts the whole correction");
  }

  @Test
  void shouldTakeHoldPostAndRestoreWithoutAReasonAndRecordADefault() {
    final CommandLine cl = Main.commandLine();
    for (final String verb : new String[] {"hold", "post", "restore"}) {
      final CommandLine.ParseResult parsed = cl.parseArgs(verb, "OEWG-2026-000017");
      final CommandLine.ParseResult sub = parsed.subcommand();
      assertThat(sub.commandSpec().name()).isEqualTo(verb);
      assertThat((String) sub.matchedOptionValue("--reason", null)).isNull();
      assertThat((String) sub.commandSpec().findOption("--reason").getValue())
          .as(verb)
          .contains("by an operator (no reason given)");
    }
    final CliRun withdraw = CliRun.run("withdraw", "OEWG-2026-000017");
    assertThat(withdraw.code()).as("a withdrawal still says why").isEqualTo(2);
  }
}
