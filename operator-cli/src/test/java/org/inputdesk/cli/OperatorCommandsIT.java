package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.Publication;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.SharedKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands against a real broker, as an operator types them. */
@ExtendWith(SharedKafka.class)
class OperatorCommandsIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = SharedKafka.broker();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
  }

  private static CliRun run(final String... args) {
    return CliRun.against(kafka.bootstrapServers(), args);
  }

  @Test
  void shouldCreateEveryTopicWithItsSettings() throws Exception {
    final CliRun run = run("topics");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("submissions-received", "submissions-replay", "cleanup.policy=compact");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get())
          .contains("submissions-classified", "submissions-dlq");
    }
  }

  @Test
  void shouldApplyAndListAConsultation() throws Exception {
    final Path file = dir.resolve("c.yaml");
    Files.writeString(
        file,
        "id: igf-2028\ntitle: IGF 2028 call for inputs\naddresses: [igf28@un.example]\n"
            + "deadline: 2027-03-01T17:00\ntimeZone: Europe/Zurich\ntrackingPrefix: IGF28\n");

    final CliRun apply = run("consultations", "apply", file.toString());
    assertThat(apply.out())
        .as("code %d err %s", apply.code(), apply.err())
        .contains("applied consultation igf-2028");
    final CliRun list = run("consultations", "list");
    assertThat(list.code()).isZero();
    assertThat(list.out())
        .contains("igf-2028", "IGF28", "igf28@un.example", "2027-03-01T17:00 Europe/Zurich");
    final CliRun json = run("consultations", "list", "--json");
    // the broker is the module's: other tests' consultations are listed too
    assertThat(json.out().lines().map(OperatorCommandsIT::jsonId)).contains("igf-2028");
  }

  @Test
  void shouldRefuseABrokenConsultationFileWithTheFieldNamed() throws Exception {
    final Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "id: x\ntitle: T\ntrackingPrefix: X\ntimeZone: Nowhere/City\n");
    final CliRun run = run("consultations", "apply", file.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("bad.yaml", "field timeZone: 'Nowhere/City'");
  }

  @Test
  void shouldApplyDirectoryEntriesAndLookUpByParentDomain() throws Exception {
    final Path file = dir.resolve("d.yaml");
    Files.writeString(
        file,
        "- key: \"@mfa.gov.sg\"\n  senderType: member-state\n  organisation: MFA Singapore\n  country: SGP\n");
    assertThat(run("directory", "apply", file.toString()).out())
        .contains("applied 1 directory entries");

    final CliRun hit = run("directory", "lookup", "desk@un.mfa.gov.sg");
    assertThat(hit.code()).isZero();
    assertThat(hit.out()).contains("@mfa.gov.sg -> member-state, MFA Singapore, SGP");
    final CliRun miss = run("directory", "lookup", "someone@example.org");
    assertThat(miss.code()).isEqualTo(1);
    assertThat(miss.out()).contains("no entry");
  }

  @Test
  void shouldWithdrawByTrackingNumberAndKeepWhoAndWhy() throws Exception {
    produceClassified("sub-1", "TEST-000001");

    final CliRun withdraw =
        run("withdraw", "TEST-000001", "--reason", "sender asked", "--by", "ana");
    assertThat(withdraw.code()).as(withdraw.err()).isZero();
    final CliRun correct =
        run("correct", "sub-1", "--add-theme", "cbm", "--reason", "CBM text", "--by", "ana");
    assertThat(correct.code()).as(correct.err()).isZero();

    final SubmissionCorrection c =
        TopicReader.latest(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                Topics.SUBMISSION_CORRECTIONS)
            .get("sub-1");
    assertThat(c.getStatus()).isEqualTo(StatusOverride.WITHDRAWN);
    assertThat(c.getAddThemes()).containsExactly("cbm");
    assertThat(c.getBy()).isEqualTo("ana");
    assertThat(c.getReason()).isEqualTo("CBM text");

    assertThat(run("restore", "sub-1", "--reason", "ok", "--by", "ana").code()).isZero();
    assertThat(run("hold", "sub-1", "--reason", "check", "--by", "ana").code()).isZero();
    assertThat(run("post", "sub-1", "--reason", "checked", "--by", "ana").code()).isZero();
    assertThat(
            TopicReader.latest(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    Topics.SUBMISSION_CORRECTIONS)
                .get("sub-1")
                .getStatus())
        .isEqualTo(StatusOverride.POSTED);
  }

  @Test
  void shouldSayWhenNoSubmissionHasTheId() {
    final CliRun run = run("withdraw", "NOPE-1", "--reason", "x");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("no submission with id or tracking number NOPE-1");
  }

  @Test
  void shouldDumpRecordsAsJsonLines() throws Exception {
    // the broker is the module's: read from just before this record, not the topic's beginning
    final Instant before = Instant.now().minusSeconds(1);
    produceClassified("sub-dump", "TEST-000099");
    final CliRun dump =
        run("dump", "submissions-classified", "--from", before.toString(), "--limit", "50");
    assertThat(dump.code()).isZero();
    final JsonNode line =
        dump.out()
            .lines()
            .map(
                l -> {
                  try {
                    return Json.MAPPER.readTree(l);
                  } catch (Exception e) {
                    throw new AssertionError(l, e);
                  }
                })
            .filter(n -> n.path("key").asText().equals("sub-dump"))
            .findFirst()
            .orElseThrow();
    assertThat(line.path("value").path("trackingNumber").asText()).isEqualTo("TEST-000099");
    assertThat(run("dump", "no-such-topic").code()).isEqualTo(2);
  }

  @Test
  void shouldListShowAndRetryADeadLetterToItsSourceTopic() throws Exception {
    final SubmissionCorrection correction =
        SubmissionCorrection.newBuilder()
            .setSubmissionId("sub-dlq")
            .setStatus(StatusOverride.HELD)
            .setReason("review")
            .setBy("ops")
            .setAt(Instant.now())
            .build();
    final byte[] bytes =
        Topics.SUBMISSION_CORRECTIONS.valueSerde().serializer().serialize("t", correction);
    final long n;
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      final ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              Topics.SUBMISSIONS_DLQ.name(), "sub-dlq".getBytes(StandardCharsets.UTF_8), bytes);
      record.headers().add("stage", "classifier".getBytes(StandardCharsets.UTF_8));
      record.headers().add("error", "store unavailable".getBytes(StandardCharsets.UTF_8));
      record
          .headers()
          .add(
              "source.topic",
              Topics.SUBMISSION_CORRECTIONS.name().getBytes(StandardCharsets.UTF_8));
      record.headers().add("source.partition", "0".getBytes(StandardCharsets.UTF_8));
      record.headers().add("source.offset", "7".getBytes(StandardCharsets.UTF_8));
      n = producer.send(record).get().offset();
    }

    final CliRun list = run("dlq", "list");
    assertThat(list.out())
        .contains("classifier", "submission-corrections/0@7", "store unavailable");
    final CliRun show = run("dlq", "show", String.valueOf(n));
    assertThat(show.out()).contains("error: store unavailable", "key: sub-dlq");
    final CliRun retry = run("dlq", "retry", String.valueOf(n));
    assertThat(retry.code()).as(retry.err()).isZero();

    assertThat(
            TopicReader.latest(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    Topics.SUBMISSION_CORRECTIONS)
                .get("sub-dlq"))
        .isEqualTo(correction);
    assertThat(run("dlq", "show", "999999").err()).contains("no dead letter 999999");
  }

  @Test
  void shouldReportCountsAndTheDeadLetters() throws Exception {
    produceClassified("sub-status", "TEST-000042");
    final CliRun status = run("status", "--json");
    assertThat(status.code()).as(status.err()).isZero();
    final JsonNode json = Json.MAPPER.readTree(status.out());
    assertThat(json.path("classified").asInt()).isPositive();
    assertThat(json.path("statuses").path("posted").asInt()).isPositive();
    assertThat(json.path("senderTypes").path("ngo").asInt()).isPositive();
    assertThat(json.has("dlq")).isTrue();
    assertThat(run("status").out()).contains("Inputs:", "Dead letters:");
  }

  @Test
  void shouldProposeADirectoryEntryFromASenderCorrectionAndRememberItOnRequest() throws Exception {
    produceClassified("sub-org", "TEST-000101", "policy@digitalrights.example");
    final CliRun proposed =
        run(
            "correct",
            "sub-org",
            "--sender-type",
            "ngo",
            "--org",
            "Digital Rights Example",
            "--reason",
            "letterhead");
    assertThat(proposed.code()).as(proposed.err()).isZero();
    assertThat(proposed.out())
        .contains(
            "proposed sender-directory entry: @digitalrights.example -> ngo, Digital Rights Example",
            "--remember");
    final Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers());
    assertThat(TopicReader.latest(props, Topics.SENDER_DIRECTORY))
        .doesNotContainKey("@digitalrights.example");

    final CliRun remembered =
        run(
            "correct",
            "sub-org",
            "--sender-type",
            "ngo",
            "--org",
            "Digital Rights Example",
            "--reason",
            "letterhead",
            "--remember");
    assertThat(remembered.out())
        .contains("remembered in the sender directory: @digitalrights.example");
    assertThat(
            TopicReader.latest(props, Topics.SENDER_DIRECTORY)
                .get("@digitalrights.example")
                .getOrganisation())
        .isEqualTo("Digital Rights Example");

    // free mail says nothing of who writes from it: the address, not the domain
    produceClassified("sub-gmail", "TEST-000102", "jane.roe@gmail.com");
    final CliRun individual =
        run(
            "correct",
            "sub-gmail",
            "--sender-type",
            "individual",
            "--reason",
            "signed as herself",
            "--remember");
    assertThat(individual.out())
        .contains("remembered in the sender directory: jane.roe@gmail.com -> individual");
    assertThat(TopicReader.latest(props, Topics.SENDER_DIRECTORY)).doesNotContainKey("@gmail.com");
  }

  private static String jsonId(final String line) {
    try {
      return Json.MAPPER.readTree(line).path("id").asText();
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }

  private static void produceClassified(final String id, final String tracking) throws Exception {
    produceClassified(id, tracking, "a@example.org");
  }

  private static void produceClassified(final String id, final String tracking, final String from)
      throws Exception {
    final Instant now = Instant.now();
    final SubmissionReceived received =
        SubmissionReceived.newBuilder()
            .setId(id)
            .setSource(
                MailSource.newBuilder()
                    .setKind(SourceKind.IMAP)
                    .setMailbox("m")
                    .setUid(1L)
                    .setUidValidity(1L)
                    .build())
            .setReceivedAt(now)
            .setFrom(Address.newBuilder().setAddress(from).build())
            .setSubject("Input")
            .setContentSha256("00")
            .build();
    final SubmissionClassified classified =
        SubmissionClassified.newBuilder()
            .setId(id)
            .setSubmission(received)
            .setConsultationId("c")
            .setTrackingNumber(tracking)
            .setSender(SenderInfo.newBuilder().setType("ngo").setBasis("test").build())
            .setPublication(
                Publication.newBuilder()
                    .setStatus(PublicationStatus.POSTED)
                    .setReason("test")
                    .build())
            .setClassifiedAt(now)
            .build();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
            Topics.SUBMISSIONS_CLASSIFIED.keySerde().serializer(),
            Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.SUBMISSIONS_CLASSIFIED.name(), id, classified))
          .get();
    }
  }
}
