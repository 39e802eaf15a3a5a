package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.SharedKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' guard rails against a real broker: a write that names what does not exist is
 * refused in one line and writes nothing; what was written can be undone, saying who, when and why.
 */
@ExtendWith(SharedKafka.class)
class GuardRailsIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static Map<String, Object> client;

  @BeforeAll
  static void start() throws Exception {
    kafka = SharedKafka.broker();
    client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    final Path sample = ReadmeCommands.root().resolve("operator-cli/src/main/resources/local");
    assertThat(run("consultations", "apply", sample.resolve("consultation.yaml").toString()).code())
        .isZero();
    assertThat(run("directory", "apply", sample.resolve("directory.yaml").toString()).code())
        .isZero();
    // ReadmeCommandsIT retires the sample consultation on the module's broker; its address and
    // tracking prefix are claimed again only while it is open
    assertThat(run("consultations", "reopen", "oewg-ict-2026", "--reason", "GuardRailsIT").code())
        .isZero();
  }

  private static CliRun run(final String... args) {
    return CliRun.against(kafka.bootstrapServers(), args);
  }

  private static Path file(final String name, final String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static int records(final String topic) {
    return kafka.readCommitted(topic, new StringDeserializer()).size();
  }

  private static void assertRefused(final CliRun run, final String... parts) {
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(run.err().lines().toList())
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("inputdesk: ").contains(parts));
  }

  @Test
  void shouldRefuseAnInventedThemeSenderTypeOrCountryAndWriteNoCorrection() throws Exception {
    Inputs.classified(kafka, "sub-guard", "OEWG-2026-000717", "oewg-ict-2026", "threats");
    final int before = records(Topics.SUBMISSION_CORRECTIONS.name());

    assertRefused(
        run("correct", "OEWG-2026-000717", "--add-theme", "cyber-peace", "--reason", "r"),
        "--add-theme: 'cyber-peace' is not a theme of the default taxonomy (consultation"
            + " oewg-ict-2026 has none of its own); allowed: threats, norms,");
    assertRefused(
        run("correct", "OEWG-2026-000717", "--add-theme", "capacity", "--reason", "r"),
        "did you mean 'capacity-building'?");
    assertRefused(
        run("correct", "OEWG-2026-000717", "--sender-type", "government", "--reason", "r"),
        "--sender-type: 'government' is not a sender type",
        "did you mean 'member-state'?");
    assertRefused(
        run("correct", "OEWG-2026-000717", "--country", "Narnia", "--reason", "r"),
        "--country: 'Narnia' is not an ISO 3166-1 alpha-3 country code");
    assertRefused(
        run("hold", "OEWG-2026-00717"),
        "no submission with id or tracking number OEWG-2026-00717; did you mean"
            + " OEWG-2026-000717?");
    assertThat(records(Topics.SUBMISSION_CORRECTIONS.name())).isEqualTo(before);

    final CliRun ok =
        run(
            "correct",
            "OEWG-2026-000717",
            "--add-theme",
            "cbm",
            "--remove-theme",
            "threats",
            "--sender-type",
            "member-state",
            "--country",
            "che",
            "--reason",
            "letterhead");
    assertThat(ok.code()).as(ok.err()).isZero();
    final SubmissionCorrection c =
        TopicReader.latest(client, Topics.SUBMISSION_CORRECTIONS).get("sub-guard");
    assertThat(c.getAddThemes()).containsExactly("cbm");
    assertThat(c.getCountry()).isEqualTo("CHE");
  }

  @Test
  void shouldTakeAThemeOfTheConsultationsOwnTaxonomyOnly() throws Exception {
    apply(
        "wsis.yaml",
        "id: wsis-20\ntitle: WSIS+20\naddresses: [wsis@un.example]\ntrackingPrefix: WSIS20\n"
            + "taxonomy:\n  - id: health\n    label: Health\n");
    Inputs.classified(kafka, "sub-wsis", "WSIS20-000001", "wsis-20");
    assertRefused(
        run("correct", "WSIS20-000001", "--add-theme", "cbm", "--reason", "r"),
        "--add-theme: 'cbm' is not a theme of consultation wsis-20; allowed: health");
    assertThat(run("correct", "WSIS20-000001", "--add-theme", "health", "--reason", "r").code())
        .isZero();
  }

  private static void apply(final String name, final String yaml) throws Exception {
    final CliRun run = run("consultations", "apply", file(name, yaml).toString());
    assertThat(run.code()).as(run.err()).isZero();
  }

  @Test
  void shouldRefuseADirectoryFileWithAnAlienOrNarniaAndWriteNoneOfIt() throws Exception {
    final int before = records(Topics.SENDER_DIRECTORY.name());
    assertRefused(
        run(
            "directory",
            "apply",
            file(
                    "alien.yaml",
                    "- key: \"@fine.example\"\n  senderType: ngo\n"
                        + "- key: \"@ufo.example\"\n  senderType: alien\n")
                .toString()),
        "alien.yaml: entry @ufo.example: field senderType: 'alien' is not a sender type;"
            + " allowed: member-state,");
    assertRefused(
        run(
            "directory",
            "apply",
            file("narnia.yaml", "- key: \"@x.example\"\n  senderType: ngo\n  country: Narnia\n")
                .toString()),
        "narnia.yaml: entry @x.example: field country: 'Narnia' is not an ISO 3166-1 alpha-3");
    assertRefused(
        run(
            "directory",
            "apply",
            file("key.yaml", "- key: fine.example\n  senderType: ngo\n").toString()),
        "key.yaml: entry 1: field key: 'fine.example' is neither an address");
    assertThat(records(Topics.SENDER_DIRECTORY.name())).isEqualTo(before);
  }

  @Test
  void shouldRefuseABadConsultationAndLeaveTheHomePageAsItWas() throws Exception {
    final int before = records(Topics.CONSULTATIONS.name());
    final String head = "title: T\naddresses: [new@un.example]\n";
    assertRefused(
        run(
            "consultations",
            "apply",
            file(
                    "desk.yaml",
                    "id: c-desk\ntrackingPrefix: CD\n"
                        + head
                        + "desks:\n  - id: d\n    themes: [cyber-peace]\n")
                .toString()),
        "desk.yaml: field themes of desk d: 'cyber-peace' is not a theme of the default taxonomy");
    assertRefused(
        run(
            "consultations",
            "apply",
            file(
                    "conf.yaml",
                    "id: c-conf\ntrackingPrefix: CC\n" + head + "policy:\n  minConfidence: 7\n")
                .toString()),
        "conf.yaml: field policy.minConfidence: '7.0' is out of range; allowed: a number from 0"
            + " to 1");
    assertRefused(
        run(
            "consultations",
            "apply",
            file(
                    "copy.yaml",
                    "id: oewg-copy\ntitle: Copy\naddresses: [inputs@oewg.localhost]\n"
                        + "trackingPrefix: COPY\n")
                .toString()),
        "copy.yaml: field addresses: 'inputs@oewg.localhost' already belongs to consultation"
            + " oewg-ict-2026");
    assertRefused(
        run(
            "consultations",
            "apply",
            file("prefix.yaml", "id: oewg-copy\ntrackingPrefix: OEWG-2026\n" + head).toString()),
        "prefix.yaml: field trackingPrefix: 'OEWG-2026' is already the prefix of consultation"
            + " oewg-ict-2026");
    assertRefused(
        run(
            "consultations",
            "apply",
            file("list.yaml", "id: c-list\ntrackingPrefix: CL\ntitle: T\naddresses: a@un.example\n")
                .toString()),
        "list.yaml: field addresses: expected a list, got 'a@un.example' (line 4)");
    assertRefused(
        run("consultations", "apply", dir.resolve("missing.yaml").toString()),
        "cannot read " + dir.resolve("missing.yaml") + ": no such file");
    assertThat(records(Topics.CONSULTATIONS.name())).isEqualTo(before);
  }

  @Test
  void shouldRefuseToReplayAConsultationThatDoesNotExist() {
    assertRefused(
        run("replay", "--consultation", "nope"),
        "no consultation 'nope'; known: ",
        "oewg-ict-2026");
    assertRefused(run("replay", "--consultation", "oewg-ict-202"), "did you mean 'oewg-ict-2026'?");
    assertRefused(run("train", "--consultation", "nope"), "no consultation 'nope'");
  }

  @Test
  void shouldRetireAConsultationSoItsNewMailGoesToTheDefaultAndReopenIt() throws Exception {
    apply(
        "igf.yaml",
        "id: igf-2027\ntitle: IGF 2027\naddresses: [igf@un.example]\ntrackingPrefix: IGF27\n");
    apply(
        "general.yaml",
        "id: general\ntitle: General\naddresses: [general@un.example]\ntrackingPrefix: GEN\n");

    final CliRun retire =
        run("consultations", "retire", "igf-2027", "--reason", "closed", "--by", "ana");
    assertThat(retire.code()).as(retire.err()).isZero();
    assertThat(retire.err()).startsWith("recorded: retire igf-2027 at ").contains("by ana: closed");
    final Consultation retired = TopicReader.latest(client, Topics.CONSULTATIONS).get("igf-2027");
    assertThat(retired.getRetiredAt()).isNotNull();
    assertThat(retired.getRetiredBy()).isEqualTo("ana");
    assertThat(retired.getRetiredReason()).isEqualTo("closed");
    assertThat(run("consultations", "list").out()).contains("retired ", "by ana: closed");
    assertThat(run("consultations", "retire", "igf-2027", "--reason", "again").out())
        .contains("already retired");

    // the intake's own code (an import) on mail to the retired consultation's address
    assertThat(consultationOfImported("late.eml", "After the deadline", "general"))
        .isEqualTo("general");
    assertThat(consultationOfImported("none.eml", "No default", null)).isNull();

    apply(
        "igf.yaml",
        "id: igf-2027\ntitle: IGF 2027 (renamed)\naddresses: [igf@un.example]\n"
            + "trackingPrefix: IGF27\n");
    assertThat(TopicReader.latest(client, Topics.CONSULTATIONS).get("igf-2027").getRetiredAt())
        .as("applying the file again keeps it retired")
        .isNotNull();

    final CliRun reopen = run("consultations", "reopen", "igf-2027", "--reason", "extended");
    assertThat(reopen.code()).as(reopen.err()).isZero();
    assertThat(consultationOfImported("open.eml", "Reopened", "general")).isEqualTo("igf-2027");
  }

  /** Imports one mail to igf@un.example; the consultation the intake's matcher gave it. */
  private static String consultationOfImported(
      final String name, final String subject, final String defaultConsultation) throws Exception {
    final Path mail =
        Files.writeString(
            dir.resolve(name),
            "From: Jane <jane@example.org>\r\nTo: igf@un.example\r\nSubject: "
                + subject
                + "\r\nMessage-ID: <"
                + name
                + "@example.org>\r\n\r\nOur input.\r\n",
            StandardCharsets.US_ASCII);
    final List<String> args =
        new java.util.ArrayList<>(List.of("import", "--name", name.replace(".eml", "")));
    if (defaultConsultation != null) {
      args.addAll(List.of("--consultation", defaultConsultation));
    }
    args.add(mail.toString());
    final CliRun run = run(args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    final String id =
        Json.MAPPER.readTree(run.out().lines().findFirst().orElseThrow()).path("id").asText();
    // a committed transaction's markers reach the partitions just after the commit returns
    return await("the imported record visible to read_committed readers")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                kafka
                    .readCommitted(
                        Topics.SUBMISSIONS_RECEIVED.name(),
                        Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer())
                    .stream()
                    .map(r -> (SubmissionReceived) r.value())
                    .filter(s -> s.getId().equals(id))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow()
        .getConsultationId();
  }

  @Test
  void shouldRemoveADirectoryEntryWithATombstoneThatSaysWhoWhenAndWhy() throws Exception {
    final Path entry =
        file("gone.yaml", "- key: \"@gone.example\"\n  senderType: academia\n  country: KEN\n");
    assertThat(run("directory", "apply", entry.toString()).code()).isZero();

    final CliRun remove =
        run("directory", "remove", "@Gone.example", "--reason", "wrong entry", "--by", "ana");

    assertThat(remove.code()).as(remove.err()).isZero();
    assertThat(remove.out()).contains("removed directory entry @gone.example (was academia)");
    assertThat(remove.err()).contains("recorded: remove @gone.example at ", "by ana: wrong entry");
    assertThat(TopicReader.latest(client, Topics.SENDER_DIRECTORY))
        .doesNotContainKey("@gone.example");
    final var tombstone =
        TopicReader.read(
                client,
                Topics.SENDER_DIRECTORY,
                null,
                0,
                e -> "@gone.example".equals(e.key()) && e.value() == null)
            .get(0);
    assertThat(tombstone.headers())
        .containsEntry("action", "remove")
        .containsEntry("by", "ana")
        .containsEntry("reason", "wrong entry")
        .containsKey("at");
    assertThat(run("directory", "lookup", "x@gone.example").code()).isEqualTo(1);
    assertRefused(
        run("directory", "remove", "@gone.example", "--reason", "again"),
        "no directory entry '@gone.example'");
  }

  @Test
  void shouldClearAStandingCorrectionWithANullRecordThatSaysWhoAndWhy() throws Exception {
    Inputs.classified(kafka, "sub-clear", "OEWG-2026-000799", "oewg-ict-2026");
    assertThat(run("hold", "OEWG-2026-000799").code()).isZero();
    assertThat(
            TopicReader.latest(client, Topics.SUBMISSION_CORRECTIONS).get("sub-clear").getReason())
        .isEqualTo("held for review by an operator (no reason given)");

    final CliRun clear =
        run("correct", "OEWG-2026-000799", "--clear", "--reason", "my mistake", "--by", "ana");

    assertThat(clear.code()).as(clear.err()).isZero();
    assertThat(TopicReader.latest(client, Topics.SUBMISSION_CORRECTIONS))
        .doesNotContainKey("sub-clear");
    final var tombstone =
        TopicReader.read(
                client,
                Topics.SUBMISSION_CORRECTIONS,
                null,
                0,
                e -> "sub-clear".equals(e.key()) && e.value() == null)
            .get(0);
    assertThat(tombstone.headers()).containsEntry("action", "clear").containsEntry("by", "ana");
    assertThat(run("correct", "OEWG-2026-000799", "--clear", "--reason", "again").out())
        .contains("nothing to clear");
  }
}
