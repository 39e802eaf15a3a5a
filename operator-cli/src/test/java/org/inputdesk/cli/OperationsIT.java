package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.core.ConditionTimeoutException;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's day on the real embedded stack: apply a consultation and a directory, ingest
 * inputs, correct one, withdraw one, change the taxonomy and replay, retry a dead letter after its
 * cause is fixed; the feed shows each change and never a duplicate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(new LocalStack.Options(dir.resolve("stack"), 0, Map.of()), s -> {});
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static CliRun cli(final String... args) {
    return CliRun.against(stack.kafka().bootstrapServers(), args);
  }

  private static void send(
      final String from, final String name, final String subject, final String body)
      throws Exception {
    final MimeMessage m = new MimeMessage(stack.mail().smtpSession());
    m.setFrom(new InternetAddress(from, name));
    m.setRecipients(MimeMessage.RecipientType.TO, LocalStack.ADDRESS);
    m.setSubject(subject, "UTF-8");
    m.setText(body, "UTF-8");
    stack.mail().send(m);
  }

  private static JsonNode feed() throws Exception {
    final HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(stack.feedUrl()).build(), HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(r.body());
  }

  private static JsonNode awaitFeed(final String what, final Predicate<JsonNode> ready)
      throws Exception {
    final long begin = System.nanoTime();
    final AtomicReference<JsonNode> last = new AtomicReference<>();
    try {
      final JsonNode ok =
          await(what + " on the feed")
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () -> {
                    last.set(feed());
                    return last.get();
                  },
                  ready::test);
      System.out.printf(
          "%s: %d ms%n", what, Duration.ofNanos(System.nanoTime() - begin).toMillis());
      assertNoDuplicates(ok);
      return ok;
    } catch (ConditionTimeoutException e) {
      // below: what the classifier decided, for the failure message
    }
    final String decided =
        cli("dump", Topics.SUBMISSIONS_CLASSIFIED.name())
            .out()
            .lines()
            .map(l -> l.replaceAll("\"textParts\".*?\"attachments\"", "\"attachments\""))
            .reduce("", (a, b) -> a + "\n" + b);
    throw new AssertionError(
        what + " did not show in the feed; last: " + last.get() + "\nclassified:" + decided);
  }

  private static void assertNoDuplicates(final JsonNode feed) {
    final Set<String> ids = new HashSet<>();
    feed.path("items")
        .forEach(
            i ->
                assertThat(ids.add(i.path("id").asText()))
                    .as("duplicate %s", i.path("id"))
                    .isTrue());
  }

  private static JsonNode item(final JsonNode feed, final String titlePart) {
    for (final JsonNode i : feed.path("items")) {
      if (i.path("title").asText().contains(titlePart)) {
        return i;
      }
    }
    return null;
  }

  private static boolean hasTag(final JsonNode item, final String tag) {
    if (item == null) {
      return false;
    }
    for (final JsonNode t : item.path("tags")) {
      if (t.asText().equals(tag)) {
        return true;
      }
    }
    return false;
  }

  private static String tracking(final JsonNode item) {
    return item.path("title").asText().split(":")[0].trim();
  }

  @Test
  @Order(1)
  void shouldIngestInputsWithTheDirectoryApplied() throws Exception {
    final Path directory = dir.resolve("directory.yaml");
    Files.writeString(
        directory,
        "- key: \"@civil-voices.example\"\n  senderType: ngo\n  organisation: Civil Voices\n"
            // a mission's claim is posted only when verified: this directory entry verifies it
            + "- key: \"@mission.example\"\n  senderType: member-state\n"
            + "  organisation: Permanent Mission of Examplia\n");
    assertThat(cli("directory", "apply", directory.toString()).code()).isZero();

    send(
        "policy@civil-voices.example",
        "Policy team",
        "[OEWG] Attacks on hospitals",
        "Ransomware attacks on hospitals are a grave threat to critical infrastructure.");
    send(
        "someone@gmail.com",
        "A Person",
        "[OEWG] Internet governance view",
        "The Internet Governance Forum and the Global Digital Compact must stay multistakeholder.");
    send(
        "desk@mission.example",
        "Permanent Mission of Examplia",
        "[OEWG] Examplia on CERT training",
        "Permanent Mission of Examplia. We call for capacity-building and training of CERTs.");

    final JsonNode feed = awaitFeed("three inputs posted", f -> f.path("items").size() == 3);
    final JsonNode ngo = item(feed, "Attacks on hospitals");
    assertThat(hasTag(ngo, "sender-type:ngo")).isTrue();
    assertThat(ngo.path("authors").get(0).path("name").asText()).isEqualTo("Civil Voices");
  }

  @Test
  @Order(2)
  void shouldShowACorrectionOnTheFeed() throws Exception {
    final String id = tracking(item(feed(), "Attacks on hospitals"));
    final CliRun run =
        cli("correct", id, "--add-theme", "cbm", "--reason", "speaks of CBMs", "--by", "ops");
    assertThat(run.code()).as(run.err()).isZero();

    awaitFeed("correction on the feed", f -> hasTag(item(f, "Attacks on hospitals"), "theme:cbm"));
  }

  @Test
  @Order(3)
  void shouldTakeAWithdrawnInputOffTheFeed() throws Exception {
    final String id = tracking(item(feed(), "Internet governance view"));
    assertThat(cli("withdraw", id, "--reason", "sender asked", "--by", "ops").code()).isZero();

    final JsonNode feed =
        awaitFeed("withdrawal on the feed", f -> item(f, "Internet governance view") == null);
    assertThat(feed.path("items").size()).isEqualTo(2);
    final HttpResponse<String> atom =
        HTTP.send(
            HttpRequest.newBuilder(stack.consultationPage().resolve("feed.atom")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(atom.body()).contains("deleted-entry");
  }

  @Test
  @Order(4)
  void shouldRetagInputsAfterATaxonomyChangeAndReplay() throws Exception {
    final Path consultation = dir.resolve("consultation.yaml");
    Files.writeString(
        consultation,
        """
        id: oewg-ict-2026
        title: "Written inputs: Open-ended working group on ICT security (sample)"
        addresses: [inputs@oewg.localhost]
        subjectTags: ["[OEWG]"]
        deadline: "2026-12-31T23:59"
        timeZone: America/New_York
        trackingPrefix: OEWG-2026
        taxonomy:
          - id: health
            label: Health systems
            phrases:
              en: [hospitals, health systems, patients]
          - id: capacity-building
            label: Capacity-building
            phrases:
              en: [capacity-building, training, technical assistance]
        """);
    assertThat(cli("consultations", "apply", consultation.toString()).code()).isZero();
    final CliRun replay = cli("replay", "--consultation", "oewg-ict-2026");
    assertThat(replay.code()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("replayed 3 inputs");

    final JsonNode feed =
        // the replayed inputs sit on different partitions: wait for both, not the first
        awaitFeed(
            "replay on the feed",
            f ->
                hasTag(item(f, "Attacks on hospitals"), "theme:health")
                    && hasTag(item(f, "Examplia on CERT training"), "theme:capacity-building"));
    assertThat(feed.path("items").size()).isEqualTo(2);
    assertThat(hasTag(item(feed, "Attacks on hospitals"), "theme:cbm"))
        .as("the operator's correction outlives the replay")
        .isTrue();
    assertThat(hasTag(item(feed, "Examplia on CERT training"), "theme:capacity-building")).isTrue();
  }

  @Test
  @Order(5)
  void shouldPostADeadLetterRetriedAfterItsCauseIsFixed() throws Exception {
    final ConfigResource received =
        new ConfigResource(ConfigResource.Type.TOPIC, Topics.SUBMISSIONS_RECEIVED.name());
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", stack.kafka().bootstrapServers()))) {
      limit(admin, received, "20000");
      send(
          "secretariat@think-tank.example",
          "Research Institute",
          "[OEWG] Long study on capacity-building",
          "Capacity-building and training. " + "x".repeat(60_000));
      final String n =
          await("a dead letter from intake")
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () ->
                      cli("dlq", "list", "--json")
                          .out()
                          .lines()
                          .filter(l -> l.contains("\"stage\":\"intake\""))
                          .map(
                              l -> {
                                try {
                                  return Json.MAPPER.readTree(l).path("n").asText();
                                } catch (Exception e) {
                                  throw new AssertionError(e);
                                }
                              })
                          .findFirst()
                          .orElse(null),
                  found -> found != null);
      assertThat(n).as("a dead letter from intake").isNotNull();
      assertThat(item(feed(), "Long study")).isNull();

      limit(admin, received, String.valueOf(8 * 1024 * 1024));
    }
    final Path password = dir.resolve("imap-password");
    Files.writeString(password, stack.mail().password());
    final CliRun retry =
        cli(
            "dlq",
            "retry",
            firstDeadLetter(),
            "--imap-host",
            stack.mail().host(),
            "--imap-port",
            String.valueOf(stack.mail().imapPort()),
            "--imap-protocol",
            "imap",
            "--imap-user",
            stack.mail().user(),
            "--imap-password-file",
            password.toString());
    assertThat(retry.code()).as(retry.err()).isZero();

    awaitFeed("retried dead letter posted", f -> item(f, "Long study") != null);
  }

  @Test
  @Order(6)
  void shouldExportAStaticCopyOfThePublicSite() throws Exception {
    final Path site = dir.resolve("site");
    final CliRun run = cli("export", "--out", site.toString());
    assertThat(run.code()).as(run.err()).isZero();
    try (var files = Files.walk(site)) {
      final List<String> names = files.map(p -> site.relativize(p).toString()).toList();
      assertThat(names).anyMatch(n -> n.endsWith("feed.json")).anyMatch(n -> n.endsWith(".html"));
    }
    final CliRun again = cli("export", "--out", site.toString());
    // nothing changed in between: pages and attachments are left alone (a feed's own timestamp
    // may be rewritten, since a one-off export rebuilds the catalogue)
    assertThat(again.out()).containsPattern("written=[01], unchanged=[1-9]");
  }

  private static String firstDeadLetter() throws Exception {
    for (final String l : cli("dlq", "list", "--json").out().lines().toList()) {
      if (l.contains("\"stage\":\"intake\"")) {
        return Json.MAPPER.readTree(l).path("n").asText();
      }
    }
    throw new AssertionError("no intake dead letter");
  }

  private static void limit(final Admin admin, final ConfigResource topic, final String bytes)
      throws Exception {
    admin
        .incrementalAlterConfigs(
            Map.of(
                topic,
                List.of(
                    new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", bytes), AlterConfigOp.OpType.SET))))
        .all()
        .get(15, TimeUnit.SECONDS);
  }
}
