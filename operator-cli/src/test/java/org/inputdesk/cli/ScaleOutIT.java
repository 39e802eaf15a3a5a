package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.inputdesk.classifier.topology.ClassifierConfig;
import org.inputdesk.classifier.topology.ClassifierService;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.intake.IntakeService;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.publisher.PublisherConfig;
import org.inputdesk.publisher.PublisherService;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of each service against one broker: the classifiers share the partitions, each
 * intake owns a mailbox, and both publishers serve the same feed.
 */
class ScaleOutIT {

  private static final int PER_MAILBOX = 6;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static final List<EmbeddedMail> mailboxes = new ArrayList<>();
  private static final List<AutoCloseable> services = new ArrayList<>();
  private static final List<PublisherService> publishers = new ArrayList<>();
  private static Consultation consultation;

  @BeforeAll
  static void start() throws Exception {
    // a broker of its own, not SharedKafka's: it asserts that the classifier group is exactly its
    // two instances and that the feed holds exactly its inputs
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    final Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    try (var in = ScaleOutIT.class.getResourceAsStream("/local/consultation.yaml")) {
      consultation = ConsultationFiles.readConsultation(in, "consultation.yaml");
    }
    consultation.setAddresses(List.of("a@oewg.localhost", "b@oewg.localhost"));
    ReferenceData.applyConsultations(client, List.of(consultation));
    for (final String address : List.of("a@oewg.localhost", "b@oewg.localhost")) {
      mailboxes.add(EmbeddedMail.start(address, "pw"));
    }
    for (final String instance : List.of("one", "two")) {
      services.add(
          ClassifierService.start(
              ClassifierConfig.from(
                  Map.of(
                      "kafka.bootstrap.servers",
                      kafka.bootstrapServers(),
                      "classifier.state.dir",
                      dir.resolve("classifier-" + instance).toString(),
                      // One thread each, so that the group's two members are the two instances.
                      "classifier.num.stream.threads",
                      "1",
                      "ops.http.port",
                      "0"))));
      final PublisherService publisher =
          PublisherService.start(
              PublisherConfig.from(
                  Map.of(
                      "kafka.bootstrap.servers",
                      kafka.bootstrapServers(),
                      "http.host",
                      "127.0.0.1",
                      "http.port",
                      "0",
                      "ops.http.port",
                      "0")));
      publishers.add(publisher);
      services.add(publisher);
    }
    for (final EmbeddedMail mail : mailboxes) {
      final Map<String, String> intake = new HashMap<>();
      intake.put("kafka.bootstrap.servers", kafka.bootstrapServers());
      intake.put("imap.host", mail.host());
      intake.put("imap.port", String.valueOf(mail.imapPort()));
      intake.put("imap.protocol", "imap");
      intake.put("imap.user", mail.user());
      intake.put("imap.password", mail.password());
      intake.put("receipt.enabled", "false");
      intake.put("ops.http.port", "0");
      services.add(IntakeService.start(IntakeConfig.from(intake)));
    }
  }

  @AfterAll
  static void stop() {
    for (int i = services.size() - 1; i >= 0; i--) {
      try {
        services.get(i).close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
    mailboxes.forEach(EmbeddedMail::close);
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldShareTheWorkAndServeTheSameFeedFromEveryInstance() throws Exception {
    for (final EmbeddedMail mail : mailboxes) {
      for (int i = 0; i < PER_MAILBOX; i++) {
        final MimeMessage m = new MimeMessage(mail.smtpSession());
        m.setFrom(new InternetAddress("desk" + i + "@mfa.gov.example", "Ministry " + i));
        m.setRecipients(MimeMessage.RecipientType.TO, mail.address());
        m.setSubject("Input " + i + " to " + mail.address() + " on capacity-building", "UTF-8");
        // the same sender with the same text twice is an exact duplicate, withheld once the
        // finder has seen both: each mailbox's letters say something of their own
        m.setText(
            "We ask for capacity-building: training and technical assistance for CERTs. "
                + i
                + " (sent to "
                + mail.address()
                + ")",
            "UTF-8");
        mail.send(m);
      }
    }
    final int expected = PER_MAILBOX * mailboxes.size();

    final List<Map<String, String>> feeds = new ArrayList<>();
    for (final PublisherService publisher : publishers) {
      feeds.add(
          awaitItems(
              publisher.baseUrl().resolve("c/" + consultation.getId() + "/feed.json"), expected));
    }

    assertThat(feeds.get(0)).hasSize(expected).isEqualTo(feeds.get(1));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      final ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of("inputdesk-classifier"))
              .describedGroups()
              .get("inputdesk-classifier")
              .get(15, TimeUnit.SECONDS);
      assertThat(group.members()).hasSize(2);
      for (final MemberDescription member : group.members()) {
        assertThat(member.assignment().topicPartitions())
            .as("partitions of classifier member %s", member.consumerId())
            .isNotEmpty();
      }
    }
  }

  /** Item id to its title, tags and content once the feed has {@code expected} items. */
  private static Map<String, String> awaitItems(final URI feed, final int expected) {
    return await(feed + " with " + expected + " items")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> items(feed), items -> items.size() >= expected);
  }

  /** Item id to its title, tags and content; empty while the feed does not answer 200. */
  private static Map<String, String> items(final URI feed) throws Exception {
    final HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(feed).build(), HttpResponse.BodyHandlers.ofString());
    final Map<String, String> items = new TreeMap<>();
    if (response.statusCode() == 200) {
      for (final JsonNode item : Json.MAPPER.readTree(response.body()).path("items")) {
        items.put(
            item.path("id").asText(),
            item.path("title").asText()
                + "|"
                + item.path("tags")
                + "|"
                + item.path("content_text").asText());
      }
    }
    return items;
  }
}
