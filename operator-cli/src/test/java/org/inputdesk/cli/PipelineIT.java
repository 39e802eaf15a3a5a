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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline as the local run starts it: a real email sent by SMTP to GreenMail travels
 * through the intake, the real embedded broker and the classifier, and is read back from the
 * published feed over HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(new LocalStack.Options(dir, 0, Map.of()), step -> {});
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void shouldPublishEverySampleWithItsTags() throws Exception {
    final int sent = stack.sendSamples();

    final JsonNode feed = awaitFeed(f -> items(f).size() >= sent, Duration.ofSeconds(60));

    assertThat(items(feed)).hasSize(sent);
    final JsonNode chile = item(feed, "Chile");
    assertThat(tags(chile))
        .contains("sender-type:member-state", "theme:international-law", "language:es");
    final JsonNode ngo = item(feed, "ransomware");
    assertThat(ngo.path("attachments")).isNotEmpty();
    assertThat(ngo.path("attachments").get(0).path("mime_type").asText())
        .isEqualTo("application/pdf");
    assertThat(tags(ngo)).contains("theme:threats");
  }

  @Test
  @Order(2)
  void shouldShowAnEmailSentBySmtpInTheFeedWithinSeconds() throws Exception {
    // a mission's claim is posted only when verified: GreenMail authenticates nothing, so the
    // secretariat knows this mission's domain from its directory
    final Path directory = dir.resolve("ghana.yaml");
    java.nio.file.Files.writeString(
        directory,
        "- key: \"@mission-of-ghana.example\"\n  senderType: member-state\n"
            + "  organisation: Permanent Mission of Ghana\n  country: GHA\n");
    final CliRun applied =
        CliRun.against(
            stack.kafka().bootstrapServers(), "directory", "apply", directory.toString());
    assertThat(applied.code()).as(applied.err()).isZero();
    final MimeMessage message = new MimeMessage(stack.mail().smtpSession());
    message.setFrom(
        new InternetAddress("desk@mission-of-ghana.example", "Permanent Mission of Ghana"));
    message.setRecipients(MimeMessage.RecipientType.TO, LocalStack.ADDRESS);
    message.setSubject("[OEWG] Ghana on capacity-building for national CERTs", "UTF-8");
    message.setText(
        "Permanent Mission of Ghana to the United Nations\n\nGhana calls for capacity-building"
            + " programmes, training and technical assistance for national CERTs.\n",
        "UTF-8");
    final long sentAt = System.nanoTime();
    stack.mail().send(message);

    final JsonNode feed = awaitFeed(f -> findItem(f, "Ghana") != null, Duration.ofSeconds(15));
    final long ms = Duration.ofNanos(System.nanoTime() - sentAt).toMillis();
    System.out.println("SMTP send -> feed.json: " + ms + " ms");

    final JsonNode ghana = item(feed, "Ghana");
    // classified on the way: language and sender type are on the item (whether this one-line
    // text carries capacity-building is the theme model's judgement, measured in its own tests)
    assertThat(tags(ghana)).contains("language:en").anyMatch(t -> t.startsWith("sender-type:"));
    assertThat(ghana.toString()).doesNotContain("mission-of-ghana.example");
  }

  @Test
  @Order(3)
  void shouldServeThePageWithTheInputsAndNoEmailAddress() throws Exception {
    final HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(stack.consultationPage()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Northwind Security")
        .contains("OEWG-2026-")
        .doesNotContain("policy@northwind-security.com")
        .doesNotContain("francoise.dubois@gmail.com");
  }

  @Test
  @Order(4)
  void shouldGuardEveryOperatorEndpointWithTheToken() throws Exception {
    final List<URI> guarded = new ArrayList<>();
    stack
        .opsPorts()
        .values()
        .forEach(p -> guarded.add(URI.create("http://127.0.0.1:" + p + "/metrics")));
    guarded.add(stack.consoleUrl());
    assertThat(guarded).hasSizeGreaterThanOrEqualTo(3);
    for (final URI uri : guarded) {
      assertThat(
              HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .as("%s without a token", uri)
          .isEqualTo(401);
      assertThat(
              HTTP.send(
                      HttpRequest.newBuilder(uri)
                          .header("Authorization", "Bearer " + stack.opsToken())
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .as("%s with the token", uri)
          .isEqualTo(200);
    }
    for (final int port : stack.opsPorts().values()) {
      assertThat(
              HTTP.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + port + "/health/ready"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(200);
    }
    assertThat(
            HTTP.send(
                    HttpRequest.newBuilder(stack.consultationPage()).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .as("the public page needs no token")
        .isEqualTo(200);
  }

  private static JsonNode awaitFeed(final Predicate<JsonNode> ready, final Duration timeout) {
    return await("the feed")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(PipelineIT::feed, feed -> feed != null && ready.test(feed));
  }

  /** The feed, or null while it does not answer 200. */
  private static JsonNode feed() throws Exception {
    final HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(stack.feedUrl()).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  private static List<JsonNode> items(final JsonNode feed) {
    final List<JsonNode> out = new ArrayList<>();
    feed.path("items").forEach(out::add);
    return out;
  }

  private static JsonNode findItem(final JsonNode feed, final String titlePart) {
    return items(feed).stream()
        .filter(i -> i.path("title").asText().contains(titlePart))
        .findFirst()
        .orElse(null);
  }

  private static JsonNode item(final JsonNode feed, final String titlePart) {
    final JsonNode item = findItem(feed, titlePart);
    assertThat(item).as("feed item with '%s' in its title", titlePart).isNotNull();
    return item;
  }

  private static List<String> tags(final JsonNode item) {
    final List<String> out = new ArrayList<>();
    item.path("tags").forEach(t -> out.add(t.asText()));
    return out;
  }
}
