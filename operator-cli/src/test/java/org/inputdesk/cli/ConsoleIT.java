package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inputdesk.cli.console.Console;
import org.inputdesk.cli.console.ConsoleActions;
import org.inputdesk.cli.console.ConsoleReader;
import org.inputdesk.cli.console.ConsoleState;
import org.inputdesk.cli.console.DeskNotifier;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Desk;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.Publication;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.ThemeTag;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console on a real broker: token-guarded pages, desk queues, desk notifications, and
 * the operators' actions: login, the form token on every POST, checks, and records written as the
 * CLI writes them.
 */
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
    // a broker of its own, not SharedKafka's: the console shows the whole broker's counts and
    // queues, and this test asserts them exactly
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
    for (final String id : List.of("act", "cli", "bad", "csrf")) {
      produce(
          classified(
              id,
              "C-" + id.toUpperCase(java.util.Locale.ROOT),
              PublicationStatus.POSTED,
              "Input " + id,
              "2026-11-18T10:00:00Z"));
    }
    final ConsoleState state = new ConsoleState();
    reader = new ConsoleReader(client, state);
    notifier =
        new DeskNotifier(
            client,
            state,
            new DeskNotifier.Smtp(smtp.host(), smtp.smtpPort(), "inputdesk@un.example"));
    console =
        Console.start(state, new ConsoleActions(client, state, Map.of()), "127.0.0.1", 0, TOKEN);
    await("the console reading the six inputs")
        .atMost(Duration.ofSeconds(20))
        .until(() -> state.size() >= 6);
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
        List.of(
            "/ops/",
            "/ops/status.json",
            "/ops/desks/c/law",
            "/ops/unrouted",
            "/ops/held",
            "/ops/dlq",
            "/ops/inputs/a",
            "/")) {
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
            "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self';"
                + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
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
    // the notifier's group starts at the end of the topic: send once it holds its partitions
    await("the desk notifier in its group")
        .atMost(Duration.ofSeconds(20))
        .until(ConsoleIT::notifierAssigned);
    produce(
        classified(
            "n", "C-000003", PublicationStatus.POSTED, "New routed input", "2026-11-21T10:00:00Z"));
    final MimeMessage found =
        await("notification to the law desk")
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> {
                  for (final MimeMessage m : smtp.greenMail().getReceivedMessages()) {
                    if (m.getSubject().contains("C-000003")) {
                      return m;
                    }
                  }
                  return null;
                },
                m -> m != null);
    assertThat(found.getAllRecipients()[0].toString()).isEqualTo("law-desk@un.example");
    assertThat(found.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
  }

  private static boolean notifierAssigned() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      final ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of("inputdesk-desk-notifier"))
              .describedGroups()
              .get("inputdesk-desk-notifier")
              .get(5, TimeUnit.SECONDS);
      return group.state() == ConsumerGroupState.STABLE
          && group.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }
  }

  // --- acting from the console ---

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  /** A browser's view of the console, by hand: its cookie and the form token of its pages. */
  private static final class Browser {
    private String cookie;

    HttpResponse<String> get(final String path) throws Exception {
      final HttpRequest.Builder b = request(path);
      return remember(HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> post(final String path, final Map<String, String> form) throws Exception {
      return post(path, form, Map.of());
    }

    HttpResponse<String> post(
        final String path, final Map<String, String> form, final Map<String, String> headers)
        throws Exception {
      final StringBuilder body = new StringBuilder();
      form.forEach(
          (k, v) ->
              body.append(body.length() == 0 ? "" : "&")
                  .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                  .append('=')
                  .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
      final HttpRequest.Builder b =
          request(path)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      headers.forEach(b::header);
      return remember(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest.Builder request(final String path) {
      final HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path));
      if (cookie != null) {
        b.header("Cookie", cookie);
      }
      return b;
    }

    private HttpResponse<String> remember(final HttpResponse<String> r) {
      r.headers().allValues("Set-Cookie").forEach(c -> cookie = c.substring(0, c.indexOf(';')));
      return r;
    }

    /** Logs in as {@code user}; returns the form token of the session. */
    String login(final String user) throws Exception {
      final String loginToken = csrf(get("/ops/login").body());
      final HttpResponse<String> r =
          post("/ops/login", Map.of("csrf", loginToken, "user", user, "token", TOKEN));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
      return csrf(get("/ops/").body());
    }
  }

  private static String csrf(final String html) {
    final Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a form token on the page").isTrue();
    return m.group(1);
  }

  private static Map<String, String> form(final String... pairs) {
    final Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  private static SubmissionCorrection correction(final String id) {
    return TopicReader.latest(
            Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.SUBMISSION_CORRECTIONS)
        .get(id);
  }

  @Test
  void shouldLogInWithTheTokenAndANameAndRefuseAWrongToken() throws Exception {
    final Browser browser = new Browser();
    final HttpResponse<String> form = browser.get("/ops/login");
    assertThat(form.statusCode()).isEqualTo(200);
    final String cookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/ops/");
    final String before = browser.cookie;

    final HttpResponse<String> wrong =
        browser.post(
            "/ops/login", form("csrf", csrf(form.body()), "user", "ana", "token", "guess"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.body()).contains("not the operator token");
    assertThat(browser.get("/ops/").statusCode()).isEqualTo(401);

    final HttpResponse<String> noForm =
        browser.post("/ops/login", form("user", "ana", "token", TOKEN));
    assertThat(noForm.statusCode()).as("login without the form token").isEqualTo(403);

    browser.login("ana");
    assertThat(browser.cookie).as("a new session id after login").isNotEqualTo(before);
    final HttpResponse<String> home = browser.get("/ops/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("ana", "Log out");
  }

  @Test
  void shouldRefuseAPostWithoutTheFormTokenAndWriteNothing() throws Exception {
    final Browser browser = new Browser();
    final String token = browser.login("mallory");
    final Map<String, String> post = form("action", "hold", "reason", "forged");

    final HttpResponse<String> without = browser.post("/ops/inputs/csrf/status", post);
    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(without.body()).contains("session token");
    final Map<String, String> wrong = new LinkedHashMap<>(post);
    wrong.put("csrf", token + "x");
    assertThat(browser.post("/ops/inputs/csrf/status", wrong).statusCode()).isEqualTo(403);
    final Map<String, String> right = new LinkedHashMap<>(post);
    right.put("csrf", token);
    assertThat(
            browser
                .post("/ops/inputs/csrf/status", right, Map.of("Sec-Fetch-Site", "cross-site"))
                .statusCode())
        .as("a form posted from another site")
        .isEqualTo(403);
    // The token alone, without the session that issued the form token, changes nothing either.
    final Browser bearer = new Browser();
    final HttpResponse<String> headerOnly =
        bearer.post("/ops/inputs/csrf/status", right, Map.of("Authorization", "Bearer " + TOKEN));
    assertThat(headerOnly.statusCode()).isEqualTo(403);
    assertThat(new Browser().post("/ops/inputs/csrf/status", right).statusCode())
        .as("no token at all")
        .isEqualTo(401);

    assertThat(correction("csrf")).as("nothing written").isNull();
  }

  @Test
  void shouldRecordWhoAndWhyOfAConsoleActionExactlyAsTheCliDoes() throws Exception {
    final Browser browser = new Browser();
    final String token = browser.login("ana");
    final HttpResponse<String> held =
        browser.post(
            "/ops/inputs/act/status",
            form(
                "csrf",
                token,
                "action",
                "hold",
                "reason",
                "check the attribution",
                "return",
                "/ops/held"));
    assertThat(held.statusCode()).isEqualTo(303);
    assertThat(held.headers().firstValue("Location")).hasValue("/ops/held");
    assertThat(browser.get("/ops/held").body()).contains("Done: held C-ACT");

    final CliRun cli =
        CliRun.against(
            kafka.bootstrapServers(),
            "hold",
            "cli",
            "--reason",
            "check the attribution",
            "--by",
            "ana");
    assertThat(cli.code()).as(cli.err()).isZero();
    final SubmissionCorrection fromConsole = correction("act");
    final SubmissionCorrection fromCli = correction("cli");
    assertThat(fromConsole.getStatus()).isEqualTo(StatusOverride.HELD);
    assertThat(fromConsole)
        .usingRecursiveComparison()
        .ignoringFields("submissionId", "at")
        .isEqualTo(fromCli);

    final HttpResponse<String> corrected =
        browser.post(
            "/ops/inputs/act/correct",
            form(
                "csrf",
                token,
                "add-theme",
                "threats",
                "sender-type",
                "academia",
                "reason",
                "a university paper"));
    assertThat(corrected.statusCode()).isEqualTo(303);
    final SubmissionCorrection both = correction("act");
    assertThat(both.getAddThemes()).containsExactly("threats");
    assertThat(both.getSenderType()).isEqualTo("academia");
    assertThat(both.getStatus()).as("the hold stands").isEqualTo(StatusOverride.HELD);
    assertThat(both.getBy()).isEqualTo("ana");
    assertThat(both.getReason()).isEqualTo("a university paper");
  }

  @Test
  void shouldRefuseAnInventedThemeOrAMissingReasonAndSayWhyOnThePage() throws Exception {
    final Browser browser = new Browser();
    final String token = browser.login("ana");
    final HttpResponse<String> invented =
        browser.post(
            "/ops/inputs/bad/correct",
            form(
                "csrf",
                token,
                "add-theme",
                "cyber-peace<b>",
                "sender-type",
                "goverment",
                "reason",
                "tidy up",
                "form",
                "correct"));
    assertThat(invented.statusCode()).isEqualTo(422);
    assertThat(invented.body())
        .contains("Not done", "theme to add: &quot;cyber-peace&lt;b&gt;&quot; is not one of")
        .contains("sender type: &quot;goverment&quot; is not one of the taxonomy")
        .doesNotContain("cyber-peace<b>")
        .contains("value=\"tidy up\"");

    final HttpResponse<String> noReason =
        browser.post(
            "/ops/inputs/bad/status", form("csrf", token, "action", "withdraw", "reason", " "));
    assertThat(noReason.statusCode()).isEqualTo(422);
    assertThat(noReason.body()).contains("reason: give one");
    assertThat(
            browser
                .post(
                    "/ops/inputs/nope/status", form("csrf", token, "action", "hold", "reason", "x"))
                .statusCode())
        .isEqualTo(404);
    assertThat(correction("bad")).as("nothing written").isNull();
  }

  @Test
  void shouldShowAnInputWithSenderTextEscapedAndAnswerLivePollsCheaply() throws Exception {
    final Browser browser = new Browser();
    browser.login("ana");
    final HttpResponse<String> page = browser.get("/ops/inputs/b");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .doesNotContain("<script>alert(1)</script>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; held one", "name=\"add-theme\"");

    final HttpResponse<String> full = browser.get("/ops/held?part=live&since=0");
    assertThat(full.statusCode()).isEqualTo(200);
    final String version = full.headers().firstValue("X-Console-Version").orElseThrow();
    assertThat(full.body()).contains("C-000002").doesNotContain("<html");
    assertThat(browser.get("/ops/held?part=live&since=" + version).statusCode())
        .as("nothing changed")
        .isIn(204, 200);
  }

  @Test
  void shouldListDeadLettersEscapedAndRetryOneWithAReason() throws Exception {
    final Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(new NewTopic("console-retry-target", 1, (short) 1))).all().get();
    }
    final ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(
            Topics.SUBMISSIONS_DLQ.name(),
            "k".getBytes(StandardCharsets.UTF_8),
            "original bytes".getBytes(StandardCharsets.UTF_8));
    letter.headers().add("stage", "publisher".getBytes(StandardCharsets.UTF_8));
    letter.headers().add("error", "<img src=x onerror=alert(1)>".getBytes(StandardCharsets.UTF_8));
    letter.headers().add("source.topic", "console-retry-target".getBytes(StandardCharsets.UTF_8));
    letter.headers().add("source.partition", "0".getBytes(StandardCharsets.UTF_8));
    letter.headers().add("source.offset", "7".getBytes(StandardCharsets.UTF_8));
    final long n;
    try (var p =
        new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
      n = p.send(letter).get().offset();
    }
    final Browser browser = new Browser();
    final String token = browser.login("ana");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.get("/ops/dlq").body().contains("console-retry-target/0@7"));
    final String page = browser.get("/ops/dlq").body();
    assertThat(page).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");

    assertThat(
            browser
                .post("/ops/dlq/" + n + "/retry", form("csrf", token, "reason", ""))
                .statusCode())
        .isEqualTo(422);
    final HttpResponse<String> retried =
        browser.post("/ops/dlq/" + n + "/retry", form("csrf", token, "reason", "topic fixed"));
    assertThat(retried.statusCode()).isEqualTo(303);
    try (var consumer =
        new KafkaConsumer<>(client, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final TopicPartition tp = new TopicPartition("console-retry-target", 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      final List<ConsumerRecord<byte[], byte[]>> got = new java.util.ArrayList<>();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return !got.isEmpty();
              });
      assertThat(new String(got.get(0).value(), StandardCharsets.UTF_8))
          .isEqualTo("original bytes");
    }
  }
}
