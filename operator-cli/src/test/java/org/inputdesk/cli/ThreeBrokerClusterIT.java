package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real cluster of three KRaft brokers, each its own process, topics with three
 * replicas and {@code min.insync.replicas=2}, as production runs: one broker is killed (SIGKILL)
 * while mail is arriving, and every input still reaches the feed, once.
 */
class ThreeBrokerClusterIT {

  private static final int INPUTS = 30;
  private static final int KILL_AFTER = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String[] SENTENCES = {
    "Confidence-building measures should include a tested directory of points of contact.",
    "Capacity-building must be demand-driven, sustainable and respectful of national ownership.",
    "International law, and in particular the Charter of the United Nations, applies in cyberspace.",
    "Ransomware against hospitals is a threat to international peace and security.",
    "The voluntary norms of responsible State behaviour should be implemented, not renegotiated.",
    "Regular institutional dialogue under the auspices of the United Nations is essential.",
    "Critical infrastructure such as submarine cables deserves particular protection.",
    "The private sector and civil society hold knowledge the States need.",
  };

  @TempDir static Path dir;
  private static KafkaCluster cluster;
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    cluster = KafkaCluster.start(dir.resolve("cluster"), 3);
    stack =
        LocalStack.start(
            new LocalStack.Options(
                dir.resolve("stack"),
                0,
                Map.of(
                    "kafka.bootstrap.servers",
                    cluster.bootstrapServers(),
                    "topics.replication.factor",
                    "3")),
            s -> {});
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldPublishEveryInputOnceWhenABrokerIsKilledWhileMailArrives() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      final TopicDescription received =
          admin
              .describeTopics(List.of(Topics.SUBMISSIONS_RECEIVED.name()))
              .allTopicNames()
              .get()
              .get(Topics.SUBMISSIONS_RECEIVED.name());
      assertThat(received.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
    }

    // half the mail is sent; once intake has taken a third in, a broker dies mid-stream
    for (int i = 0; i < INPUTS / 2; i++) {
      send(i);
    }
    await("intake taking mail in")
        .atMost(Duration.ofSeconds(60))
        .until(() -> receivedSoFar() >= KILL_AFTER);
    cluster.kill(2);
    for (int i = INPUTS / 2; i < INPUTS; i++) {
      send(i);
    }
    assertThat(cluster.isAlive(2)).isFalse();

    final AtomicReference<List<String>> titles = new AtomicReference<>(List.of());
    await("every input on the feed with one broker of three down")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              titles.set(clusterTitles());
              return titles.get().stream().distinct().count() == INPUTS;
            });
    assertThat(titles.get()).as("each input once").hasSize(INPUTS).doesNotHaveDuplicates();
  }

  private static long receivedSoFar() {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      final List<TopicPartition> parts =
          consumer.partitionsFor(Topics.SUBMISSIONS_RECEIVED.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      return consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static void send(final int i) throws Exception {
    final MimeMessage message = new MimeMessage(stack.mail().smtpSession());
    message.setFrom(new InternetAddress("policy" + i + "@network-" + i + ".example.org"));
    message.setRecipients(MimeMessage.RecipientType.TO, LocalStack.ADDRESS);
    message.setSubject("[OEWG] Cluster input " + i, "UTF-8");
    final StringBuilder text = new StringBuilder("Dear Chair,\n\nOur input number " + i + ".\n");
    for (int k = 0; k < 3; k++) {
      text.append(SENTENCES[(i * 3 + k * (i % 5 + 1)) % SENTENCES.length]).append(' ');
    }
    text.append("\n\nWith regards,\nCivic Network ").append(i).append('\n');
    message.setText(text.toString(), "UTF-8");
    stack.mail().send(message);
  }

  private static List<String> clusterTitles() throws Exception {
    final HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(stack.feedUrl()).build(), HttpResponse.BodyHandlers.ofString());
    final List<String> out = new ArrayList<>();
    if (response.statusCode() != 200) {
      return out;
    }
    for (final JsonNode item : JSON.readTree(response.body()).path("items")) {
      final String title = item.path("title").asText();
      if (title.contains("Cluster input")) {
        out.add(title);
      }
    }
    return out;
  }
}
