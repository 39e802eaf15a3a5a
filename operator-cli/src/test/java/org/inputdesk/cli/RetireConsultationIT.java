package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consultations retire} on the running pipeline: the intake matches no new mail to the
 * retired consultation, while the publisher keeps serving its page and feed.
 */
class RetireConsultationIT {

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

  private static void send(final String subject) throws Exception {
    final MimeMessage m = new MimeMessage(stack.mail().smtpSession());
    m.setFrom(new InternetAddress("policy@civil-voices.example", "Policy team"));
    m.setRecipients(MimeMessage.RecipientType.TO, LocalStack.ADDRESS);
    m.setSubject(subject, "UTF-8");
    m.setText("We ask for capacity-building and training of CERTs.", "UTF-8");
    stack.mail().send(m);
  }

  private static HttpResponse<String> get(final java.net.URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Optional<SubmissionReceived> received(final String subject) {
    return stack
        .kafka()
        .readCommitted(
            Topics.SUBMISSIONS_RECEIVED.name(),
            Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer())
        .stream()
        .map(r -> (SubmissionReceived) r.value())
        .filter(s -> s.getSubject().equals(subject))
        .findFirst();
  }

  @Test
  void shouldTakeNoNewMailIntoARetiredConsultationAndKeepItsPage() throws Exception {
    send("[OEWG] Before the close");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(stack.feedUrl()).body().contains("Before the close"));

    final CliRun retire =
        CliRun.against(
            stack.kafka().bootstrapServers(),
            "consultations",
            "retire",
            "oewg-ict-2026",
            "--reason",
            "closed on 31 December",
            "--by",
            "ana");
    assertThat(retire.code()).as(retire.err()).isZero();
    send("[OEWG] After the close");

    final SubmissionReceived after =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> received("[OEWG] After the close"), Optional::isPresent)
            .orElseThrow();
    assertThat(after.getConsultationId())
        .as("mail to the retired consultation's address and tag matches nothing")
        .isNull();
    assertThat(received("[OEWG] Before the close").orElseThrow().getConsultationId())
        .isEqualTo("oewg-ict-2026");

    final HttpResponse<String> page = get(stack.consultationPage());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Before the close").doesNotContain("After the close");
    final JsonNode feed = Json.MAPPER.readTree(get(stack.feedUrl()).body());
    assertThat(feed.path("items").toString()).contains("Before the close");
  }
}
