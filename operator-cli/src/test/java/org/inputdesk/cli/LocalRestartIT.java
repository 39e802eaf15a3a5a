package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run keeps its data: stopped and started again on the same data directory, the earlier
 * inputs are still on the feed and in the mailbox, a mail that came in just before the stop is read
 * exactly once, and new mail gets the next tracking number, never one given out before; and a fresh
 * start starts over.
 */
class LocalRestartIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void shouldResumeOnTheSameDataDirectoryAndNeverReissueATrackingNumber() throws Exception {
    final Path data = dir.resolve("local");
    try (LocalStack first = start(data, true)) {
      assertThat(first.resumed()).isFalse();
      send(first, "Ghana", "[OEWG] Ghana on training for national CERTs", "training for CERTs");
      await("the first input on the feed")
          .atMost(Duration.ofSeconds(30))
          .until(() -> item(feed(first), "Ghana") != null);
      // one more just before the stop: read now or after the restart, but once
      send(first, "Kenya", "[OEWG] Kenya on regional cooperation", "regional cooperation");
    }

    try (LocalStack second = start(data, false)) {
      assertThat(second.resumed()).isTrue();
      assertThat(second.samplesSent()).isFalse();
      await("the earlier inputs on the feed after the restart")
          .atMost(Duration.ofSeconds(30))
          .until(() -> item(feed(second), "Ghana") != null && item(feed(second), "Kenya") != null);
      send(second, "Peru", "[OEWG] Peru on confidence-building", "confidence-building measures");
      await("the new input on the feed")
          .atMost(Duration.ofSeconds(30))
          .until(() -> item(feed(second), "Peru") != null);

      final JsonNode feed = feed(second);
      final List<String> numbers = new ArrayList<>();
      for (final String who : List.of("Ghana", "Kenya", "Peru")) {
        numbers.add(tracking(item(feed, who)));
      }
      assertThat(numbers).doesNotHaveDuplicates();
      assertThat(tracking(item(feed, "Peru")))
          .as("the next number after the ones given out before the restart")
          .isEqualTo(String.format("OEWG-2026-%06d", 3));
      assertThat(
              second
                  .kafka()
                  .readCommitted(Topics.SUBMISSIONS_RECEIVED.name(), new ByteArrayDeserializer()))
          .as("no input submitted twice")
          .hasSize(3);
      assertThat(inboxSize(second)).as("the mailbox kept its mail").isEqualTo(3);
    }

    try (LocalStack fresh = start(data, true)) {
      assertThat(fresh.resumed()).isFalse();
      assertThat(
              fresh
                  .kafka()
                  .readCommitted(Topics.SUBMISSIONS_RECEIVED.name(), new ByteArrayDeserializer()))
          .isEmpty();
      assertThat(inboxSize(fresh)).isZero();
    }
  }

  private static LocalStack start(final Path data, final boolean fresh) {
    return LocalStack.start(new LocalStack.Options(data, 0, Map.of(), fresh), s -> {});
  }

  private static void send(
      final LocalStack stack, final String country, final String subject, final String topic)
      throws Exception {
    final MimeMessage m = new MimeMessage(stack.mail().smtpSession());
    // a sender the local run's directory knows (an NGO), so the input is posted without review
    m.setFrom(
        new InternetAddress(
            country.toLowerCase() + "@digitalrights-watch.org",
            "Digital Rights Watch, " + country + " chapter"));
    m.setRecipients(MimeMessage.RecipientType.TO, LocalStack.ADDRESS);
    m.setSubject(subject, "UTF-8");
    m.setText(
        "Digital Rights Watch, "
            + country
            + " chapter\n\nOur chapter in "
            + country
            + " calls for "
            + topic
            + " and technical assistance.\n",
        "UTF-8");
    stack.mail().send(m);
  }

  private static JsonNode feed(final LocalStack stack) throws Exception {
    final HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(stack.feedUrl()).build(), HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(r.body());
  }

  private static JsonNode item(final JsonNode feed, final String titlePart) {
    for (final JsonNode i : feed.path("items")) {
      if (i.path("title").asText().contains(titlePart)) {
        return i;
      }
    }
    return null;
  }

  private static String tracking(final JsonNode item) {
    return item.path("title").asText().split(":")[0].trim();
  }

  private static int inboxSize(final LocalStack stack) throws Exception {
    final Session session = Session.getInstance(new Properties());
    try (Store store = session.getStore("imap")) {
      store.connect(
          stack.mail().host(),
          stack.mail().imapPort(),
          stack.mail().user(),
          stack.mail().password());
      final Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      final int n = inbox.getMessageCount();
      inbox.close(false);
      return n;
    }
  }
}
