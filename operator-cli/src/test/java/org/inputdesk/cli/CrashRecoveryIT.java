package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.embedded.FreePorts;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each service is its own process, as in production, and is killed with SIGKILL then started again,
 * as a supervisor would: new mail is on the feed again within seconds (the classifier in under 10
 * s, intake and publisher in under 5 s, counted from the kill), and nothing sent before, during or
 * after is lost or shown twice.
 */
class CrashRecoveryIT {

  private static final String ADDRESS = "inputs@oewg.localhost";
  private static final String PASSWORD = "crash-test";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static EmbeddedMail mail;
  private static ServiceProcess intake;
  private static ServiceProcess classifier;
  private static ServiceProcess publisher;
  private static URI feed;
  private static int sent;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    final Path local = ReadmeCommands.root().resolve("operator-cli/src/main/resources/local");
    final CliRun applied =
        CliRun.against(
            kafka.bootstrapServers(),
            "consultations",
            "apply",
            local.resolve("consultation.yaml").toString());
    assertThat(applied.code()).as(applied.err()).isZero();
    mail = EmbeddedMail.start(ADDRESS, PASSWORD, dir.resolve("mail"));

    final Map<String, String> common = new LinkedHashMap<>();
    common.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    common.put("ops.http.port", "-1");
    final int httpPort = FreePorts.next();
    feed = URI.create("http://127.0.0.1:" + httpPort + "/c/oewg-ict-2026/feed.json");

    final Map<String, String> in = new LinkedHashMap<>(common);
    in.put("imap.host", mail.host());
    in.put("imap.port", String.valueOf(mail.imapPort()));
    in.put("imap.protocol", "imap");
    in.put("imap.user", mail.user());
    in.put("imap.password", mail.password());
    in.put("imap.poll.interval.ms", "1000");
    intake = new ServiceProcess("intake", org.inputdesk.intake.Main.class, in, dir.resolve("logs"));

    final Map<String, String> cl = new LinkedHashMap<>(common);
    cl.put("classifier.state.dir", dir.resolve("classifier").toString());
    classifier =
        new ServiceProcess(
            "classifier", org.inputdesk.classifier.topology.Main.class, cl, dir.resolve("logs"));

    final Map<String, String> pub = new LinkedHashMap<>(common);
    pub.put("http.host", "127.0.0.1");
    pub.put("http.port", String.valueOf(httpPort));
    pub.put("publisher.state.dir", dir.resolve("publisher").toString());
    publisher =
        new ServiceProcess(
            "publisher", org.inputdesk.publisher.Main.class, pub, dir.resolve("logs"));

    classifier.start();
    publisher.start();
    intake.start();
    sendAndAwait("warm-up", Duration.ofSeconds(90));
  }

  @AfterAll
  static void stop() throws Exception {
    for (final AutoCloseable c : new AutoCloseable[] {intake, classifier, publisher, mail, kafka}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void shouldFlowAgainWithinSecondsAfterEachServiceIsKilledAndLoseNothing() throws Exception {
    final Map<String, Long> recovery = new LinkedHashMap<>();
    recovery.put("classifier", crashAndRecover(classifier));
    recovery.put("intake", crashAndRecover(intake));
    recovery.put("publisher", crashAndRecover(publisher));
    System.out.println("kill -9 -> new mail on the feed (ms): " + recovery);

    assertThat(titles()).as("every input once").hasSize(sent).doesNotHaveDuplicates();
    // The targets (10 s, 5 s, 5 s) are measured, with medians, by the recovery benchmark on a quiet
    // machine; here, with the suite's other JVMs on the same two cores, the bound is twice that:
    // what it guards against is the 45 s of a dead member waiting out its session.
    assertThat(recovery.get("classifier")).as("classifier, ms").isLessThan(20_000);
    assertThat(recovery.get("intake")).as("intake, ms").isLessThan(10_000);
    assertThat(recovery.get("publisher")).as("publisher, ms").isLessThan(10_000);
  }

  /** Kills the service, starts it again at once, and times a new mail to the feed. */
  private static long crashAndRecover(final ServiceProcess service) throws Exception {
    sendAndAwait("before " + service, Duration.ofSeconds(30));
    final long killedAt = System.nanoTime();
    service.kill();
    service.start();
    sendAndAwait("after " + service, Duration.ofSeconds(60));
    return Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
  }

  private static void sendAndAwait(final String what, final Duration within) throws Exception {
    final String title = "Crash test " + ++sent + " " + what;
    final String subject = "[OEWG] " + title;
    final MimeMessage message = new MimeMessage(mail.smtpSession());
    message.setFrom(new InternetAddress("desk" + sent + "@civic-" + sent + ".example.org"));
    message.setRecipients(MimeMessage.RecipientType.TO, ADDRESS);
    message.setSubject(subject, "UTF-8");
    message.setText(
        "Dear Chair,\n\nInput "
            + sent
            + ": capacity-building and points of contact matter.\n\n"
            + "Regards,\nCivic Network "
            + sent
            + "\n",
        "UTF-8");
    mail.send(message);
    try {
      await(subject + " on the feed")
          .atMost(within)
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(() -> titles().stream().anyMatch(t -> t.contains(title)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          e.getMessage() + "\n" + tail(intake) + tail(classifier) + tail(publisher), e);
    }
  }

  private static String tail(final ServiceProcess service) {
    final String log = service.log();
    return "--- "
        + service
        + " (alive: "
        + service.isAlive()
        + ")\n"
        + log.substring(Math.max(0, log.length() - 3000))
        + "\n";
  }

  private static List<String> titles() throws Exception {
    final HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(feed).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
    final List<String> out = new ArrayList<>();
    if (response.statusCode() == 200) {
      for (final JsonNode item : JSON.readTree(response.body()).path("items")) {
        if (item.path("title").asText().contains("Crash test")) {
          out.add(item.path("title").asText());
        }
      }
    }
    return out;
  }
}
