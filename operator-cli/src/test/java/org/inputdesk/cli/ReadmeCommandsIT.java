package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.SharedKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** README's operator examples, run as printed from the repository's root against a broker. */
@ExtendWith(SharedKafka.class)
class ReadmeCommandsIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = SharedKafka.broker();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
  }

  @Test
  void shouldRunEveryOperatorExampleOfTheReadmeAsPrinted() throws Exception {
    Inputs.classified(kafka, "sub-17", "OEWG-2026-000017", "oewg-ict-2026");
    final Path root = ReadmeCommands.root();
    final List<ReadmeCommands.Line> examples =
        ReadmeCommands.blockAfter("each line is run as printed");
    assertThat(examples).hasSizeGreaterThan(10);

    for (final ReadmeCommands.Line line : examples) {
      // a path in the example is relative to the repository's root, where it is typed
      final List<String> args = new ArrayList<>();
      for (final String a : line.args()) {
        args.add(a.contains("/") && Files.exists(root.resolve(a)) ? root.resolve(a).toString() : a);
      }
      final CliRun run = CliRun.against(kafka.bootstrapServers(), args.toArray(String[]::new));
      assertThat(run.code()).as("README's `%s`: %s", line.printed(), run.err()).isZero();
    }

    final Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    assertThat(TopicReader.latest(client, Topics.SUBMISSION_CORRECTIONS))
        .doesNotContainKey("sub-17");
    assertThat(TopicReader.latest(client, Topics.SENDER_DIRECTORY))
        .containsKey("@digitalrights-watch.org")
        .doesNotContainKey("@northwind-security.com");
    final Consultation c = TopicReader.latest(client, Topics.CONSULTATIONS).get("oewg-ict-2026");
    assertThat(c.getRetiredBy()).isEqualTo("ana");
    assertThat(c.getRetiredReason()).isEqualTo("closed on 31 December");
  }
}
