package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.inputdesk.cli.console.Console;
import org.inputdesk.cli.console.ConsoleReader;
import org.inputdesk.cli.console.ConsoleState;
import org.inputdesk.cli.console.DeskNotifier;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Desk;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.Publication;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.ThemeTag;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.EmbeddedKafka;
import org.inputdesk.testsupport.EmbeddedMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator console on a real broker: token-guarded pages, desk queues, desk notifications. */
class ConsoleIT {

  private static final String TOKEN = "op-token-123";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static EmbeddedMail smtp;
  private static ConsoleReader reader;
  private static DeskNotifier notifier;
  private static Console console;
  private static KafkaProducer<String, SubmissionClassified> producer;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    final Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    smtp = EmbeddedMail.start("secretariat@un.example", "pw");
    ReferenceData.applyConsultations(client, List.of(consultation()));
    producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
            Topics.SUBMISSIONS_CLASSIFIED.keySerde().serializer(),
            Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer());
    produce(
        classified(
            "a", "C-000001", PublicationStatus.POSTED, "Posted input", "2026-11-20T10:00:00Z"));
    produce(
        classified(
            "b",
            "C-000002",
            PublicationStatus.HELD,
            "<script>alert(1)</script> held one",
            "2026-11-19T10:00:00Z"));
    final ConsoleState state = new ConsoleState();
    reader = new ConsoleReader(client, state);
    notifier =
        new DeskNotifier(
            client,
            state,
            new DeskNotifier.Smtp(smtp.host(), smtp.smtpPort(), "inputdesk@un.example"));
    console = Console.start(state, "127.0.0.1", 0, TOKEN);
    final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (state.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() {
    console.close();
    notifier.close();
    reader.close();
    producer.close();
    smtp.close();
    kafka.close();
  }

  private static Consultation consultation() {
    return Consultation.newBuilder()
        .setId("c")
        .setTitle("C")
        .setTrackingPrefix("C")
        .setDesks(
            List.of(
                Desk.newBuilder()
                    .setId("law")
                    .setName("Law desk")
                    .setEmail("law-desk@un.example")
                    .setThemes(List.of("international-law"))
                    .build()))
        .setPolicy(PublicationPolicy.newBuilder().build())
        .setUpdatedAt(Instant.now())
        .build();
  }

  private static SubmissionClassified classified(
      final String id,
      final String tracking,
      final PublicationStatus status,
      final String subject,
      final String at) {
    final SubmissionReceived r =
        SubmissionReceived.newBuilder()
            .setId(id)
            .setSource(
                MailSource.newBuilder()
                    .setKind(org.inputdesk.schemas.SourceKind.IMAP)
                    .setMailbox("m")
                    .setUid(1L)
                    .setUidValidity(1L)
                    .build())
            .setReceivedAt(Instant.parse(at))
            .setFrom(Address.newBuilder().setAddress(id + "@example.org").build())
            .setSubject(subject)
            .setContentSha256(id)
            .build();
    return SubmissionClassified.newBuilder()
        .setId(id)
        .setSubmission(r)
        .setConsultationId("c")
        .setTrackingNumber(tracking)
        .setThemes(
            List.of(
                ThemeTag.newBuilder()
                    .setId("international-law")
                    .setLabel("International law")
                    .setScore(1)
                    .build()))
        .setSender(SenderInfo.newBuilder().setType("ngo").setBasis("test").build())
        .setPublication(Publication.newBuilder().setStatus(status).setReason("test").build())
        .setDesk("law")
        .setClassifiedAt(Instant.now())
        .build();
  }

  private static void produce(final SubmissionClassified c) throws Exception {
    producer.send(new ProducerRecord<>(Topics.SUBMISSIONS_CLASSIFIED.name(), c.getId(), c)).get();
  }

  private static HttpResponse<String> get(final String path, final String auth) throws Exception {
    final HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldRefuseEveryOperatorPathWithoutTheToken() throws Exception {
    for (final String path :
        List.of("/ops/", "/ops/status.json", "/ops/desks/c/law", "/ops/unrouted", "/")) {
      final HttpResponse<String> r = get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .as(path)
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
      assertThat(get(path, "Bearer wrong").statusCode()).as(path).isEqualTo(401);
    }
  }

  @Test
  void shouldShowCountsAndTheChartToAnOperator() throws Exception {
    final String basic =
        "Basic "
            + Base64.getEncoder().encodeToString(("ana:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    final HttpResponse<String> r = get("/ops/", basic);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .contains(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    assertThat(r.body())
        .contains("<svg", "2026-11-19", "2026-11-20", "international-law", "Law desk");
    final HttpResponse<String> json = get("/ops/status.json", "Bearer " + TOKEN);
    assertThat(Json.MAPPER.readTree(json.body()).path("status").path("held").asInt()).isEqualTo(1);
  }

  @Test
  void shouldListTheDesksQueueHeldFirstWithHostileTextEscaped() throws Exception {
    final HttpResponse<String> r = get("/ops/desks/c/law", "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().indexOf("C-000002"))
        .as("held input first")
        .isLessThan(r.body().indexOf("C-000001"));
    assertThat(r.body()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;");
    assertThat(get("/ops/desks/c/nope", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldEmailTheDeskOfANewlyRoutedInput() throws Exception {
    Thread.sleep(1500); // the notifier's group starts at the end of the topic
    produce(
        classified(
            "n", "C-000003", PublicationStatus.POSTED, "New routed input", "2026-11-21T10:00:00Z"));
    final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    MimeMessage found = null;
    while (found == null && System.nanoTime() < deadline) {
      for (final MimeMessage m : smtp.greenMail().getReceivedMessages()) {
        if (m.getSubject().contains("C-000003")) {
          found = m;
        }
      }
      Thread.sleep(100);
    }
    assertThat(found).as("notification to the law desk").isNotNull();
    assertThat(found.getAllRecipients()[0].toString()).isEqualTo("law-desk@un.example");
    assertThat(found.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
  }
}
