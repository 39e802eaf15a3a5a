package org.inputdesk.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.publisher.render.AtomWriter;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher against a real broker (the module's shared one; one test starts a second broker of
 * its own): records in, pages and feeds out over HTTP.
 */
@ExtendWith(SharedKafka.class)
class PublisherServiceIT {

  @TempDir static Path exportDir;
  private static EmbeddedKafka kafka;
  private static KafkaProducer<String, byte[]> producer;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void startKafka() {
    kafka = SharedKafka.broker();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    producer = producer(kafka.bootstrapServers());
  }

  private static KafkaProducer<String, byte[]> producer(final String bootstrap) {
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stopKafka() {
    producer.close();
  }

  private static PublisherService startPublisher() {
    return startPublisher(null);
  }

  private static PublisherService startPublisher(final Path stateDir) {
    return startPublisher(stateDir, kafka.bootstrapServers());
  }

  private static PublisherService startPublisher(final Path stateDir, final String bootstrap) {
    final Map<String, Object> settings = new HashMap<>();
    if (stateDir != null) {
      settings.put("publisher.state.dir", stateDir.toString());
    }
    settings.put("kafka.bootstrap.servers", bootstrap);
    settings.put("http.host", "127.0.0.1");
    settings.put("http.port", "0");
    // A free port: another publisher on this machine may hold the default 9403.
    settings.put("ops.http.port", "0");
    settings.put("publisher.export.dir", exportDir.toString());
    return PublisherService.start(PublisherConfig.from(settings));
  }

  private static void send(final String topic, final String key, final byte[] value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  private static void sendConsultation() throws Exception {
    send(
        Topics.CONSULTATIONS.name(),
        OEWG,
        Topics.CONSULTATIONS
            .valueSerde()
            .serializer()
            .serialize("", Fixtures.consultation(OEWG, IndividualDisplay.NAME)));
  }

  private static void classified(final SubmissionClassified record) throws Exception {
    send(
        Topics.SUBMISSIONS_CLASSIFIED.name(),
        record.getId(),
        Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer().serialize("", record));
  }

  private static HttpResponse<String> get(final URI uri, final String... headers) throws Exception {
    final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> itemIds(final URI feed) throws Exception {
    final JsonNode items = JSON.readTree(get(feed).body()).path("items");
    final List<String> ids = new java.util.ArrayList<>();
    items.forEach(i -> ids.add(i.path("id").asText()));
    return ids;
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLetters() {
    final Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final TopicPartition dlq = new TopicPartition(Topics.SUBMISSIONS_DLQ.name(), 0);
      consumer.assign(List.of(dlq));
      consumer.seekToBeginning(List.of(dlq));
      final List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
      final long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (out.isEmpty() && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
    final Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldPublishPostedInputsFollowWithdrawalAndRebuildOnRestart() throws Exception {
    final Attachment pdf = Fixtures.attachment("Paper.pdf", "application/pdf", "%PDF-1.7 it");
    sendConsultation();
    send(
        Topics.SUBMISSION_ATTACHMENTS.name(),
        pdf.getSha256(),
        Topics.SUBMISSION_ATTACHMENTS.valueSerde().serializer().serialize("", pdf));
    classified(
        sub("it-1").tracking("OEWG8-2026-000101").subject("First input").attachment(pdf).build());
    classified(
        sub("it-2")
            .tracking("OEWG8-2026-000102")
            .subject("Second input")
            .received(T0.plusSeconds(5))
            .build());
    classified(sub("it-3").tracking("OEWG8-2026-000103").status(PublicationStatus.HELD).build());
    send(Topics.SUBMISSIONS_CLASSIFIED.name(), "broken", new byte[] {1, 2, 3});

    try (PublisherService publisher = startPublisher()) {
      final URI feed = publisher.baseUrl().resolve("c/oewg8/feed.json");

      // Caught up before start returned: the page is complete at once.
      final HttpResponse<String> page = get(publisher.baseUrl().resolve("c/oewg8/"));
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("OEWG8-2026-000101", "OEWG8-2026-000102", "First input")
          .doesNotContain("OEWG8-2026-000103");
      assertThat(itemIds(feed)).containsExactly("it-2", "it-1");
      final String fileUrl =
          JSON.readTree(get(feed).body())
              .path("items")
              .get(1)
              .path("attachments")
              .get(0)
              .path("url")
              .asText();
      assertThat(get(URI.create(fileUrl)).body()).isEqualTo("%PDF-1.7 it");

      final String etag = get(feed).headers().firstValue("ETag").orElseThrow();
      assertThat(get(feed, "If-None-Match", etag).statusCode()).isEqualTo(304);

      classified(
          sub("it-1")
              .tracking("OEWG8-2026-000101")
              .status(PublicationStatus.WITHDRAWN)
              .classified(T0.plusSeconds(3600))
              .build());
      final List<String> ids =
          await("the withdrawn input gone from the feed")
              .atMost(Duration.ofSeconds(2))
              .pollInterval(Duration.ofMillis(50))
              .until(() -> itemIds(feed), now -> !now.contains("it-1"));
      assertThat(ids).containsExactly("it-2");
      assertThat(get(feed, "If-None-Match", etag).statusCode()).isEqualTo(200);
      assertThat(get(URI.create(fileUrl)).statusCode()).isEqualTo(404);
      assertThat(exportDir.resolve("c/oewg8/OEWG8-2026-000102.html")).exists();
      assertThat(deadLetters())
          .anySatisfy(
              r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("broken");
                assertThat(header(r, "stage")).isEqualTo("publisher");
                assertThat(header(r, "source.topic")).isEqualTo("submissions-classified");
                assertThat(header(r, "source.offset")).isNotBlank();
                assertThat(header(r, "error")).isNotBlank();
              });
    }

    // A restart rebuilds from the topics; replaying adds no duplicate.
    classified(
        sub("it-2")
            .tracking("OEWG8-2026-000102")
            .subject("Second input")
            .received(T0.plusSeconds(5))
            .build());
    try (PublisherService again = startPublisher()) {
      assertThat(itemIds(again.baseUrl().resolve("c/oewg8/feed.json"))).containsExactly("it-2");
      assertThat(get(again.baseUrl().resolve("c/oewg8/feed.atom")).body())
          .contains("deleted-entry ref=\"" + AtomWriter.entryId("it-1") + "\"");
    }
  }

  @Test
  void shouldResumeFromLocalStateSoThatFeedReadersKeepTheirEtagsAcrossARestart(
      @TempDir final Path state) throws Exception {
    sendConsultation();
    classified(sub("rs-1").tracking("OEWG8-2026-000301").subject("Before the restart").build());
    final String etag;
    try (PublisherService publisher = startPublisher(state)) {
      final URI feed = publisher.baseUrl().resolve("c/oewg8/feed.json");
      assertThat(itemIds(feed)).contains("rs-1");
      etag = get(feed).headers().firstValue("ETag").orElseThrow();
      // Two publishers cannot share one state directory: the second says so and stops.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> startPublisher(state))
          .hasMessageContaining("in use by another process");
    }

    // Nothing changed while it was down: a reader's ETag from before still gets a 304.
    try (PublisherService publisher = startPublisher(state)) {
      final URI feed = publisher.baseUrl().resolve("c/oewg8/feed.json");
      assertThat(get(feed, "If-None-Match", etag).statusCode()).isEqualTo(304);
      assertThat(publisher.catalogue().entry(OEWG, "OEWG8-2026-000301")).isPresent();
    }

    // The stores lost, the application kept: they are restored from its changelogs.
    deleteTree(state.resolve("streams"));
    try (PublisherService publisher = startPublisher(state)) {
      final URI feed = publisher.baseUrl().resolve("c/oewg8/feed.json");
      assertThat(get(feed, "If-None-Match", etag).statusCode()).isEqualTo(304);
      assertThat(publisher.catalogue().entry(OEWG, "OEWG8-2026-000301")).isPresent();
    }

    // Records that arrived while it was down are read from where it stopped.
    classified(sub("rs-2").tracking("OEWG8-2026-000302").subject("While it was down").build());
    try (PublisherService publisher = startPublisher(state)) {
      final URI feed = publisher.baseUrl().resolve("c/oewg8/feed.json");
      assertThat(itemIds(feed)).contains("rs-1", "rs-2").doesNotHaveDuplicates();
      assertThat(get(feed, "If-None-Match", etag).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldServeWithinSecondsWhenStartedWhileInputsKeepArriving(@TempDir final Path state)
      throws Exception {
    // a consultation of its own: the other tests' first pages stay theirs
    send(
        Topics.CONSULTATIONS.name(),
        STEADY,
        Topics.CONSULTATIONS
            .valueSerde()
            .serializer()
            .serialize("", Fixtures.consultation(STEADY, IndividualDisplay.NAME)));
    final java.util.concurrent.atomic.AtomicInteger written =
        new java.util.concurrent.atomic.AtomicInteger();
    // a steady 50 inputs a second, as a pipeline under load keeps posting: the stores are never
    // quiet for long while the publisher starts
    final var writer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    writer.scheduleAtFixedRate(
        () -> {
          try {
            classified(
                sub("steady-" + written.get())
                    .consultation(STEADY)
                    .tracking(steady(written.get()))
                    .build());
            written.incrementAndGet();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        0,
        20,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    try {
      org.awaitility.Awaitility.await().until(() -> written.get() >= 50);
      final int before = written.get();
      try (PublisherService publisher = startPublisher(state)) {
        assertThat(publisher.caughtUp())
            .as("caught up with what was there at start, though inputs kept arriving")
            .isTrue();
        for (int i = 0; i < before; i++) {
          assertThat(publisher.catalogue().entry(STEADY, steady(i)))
              .as("input %d, written before the start", i)
              .isPresent();
        }
      }
    } finally {
      writer.shutdownNow();
      writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static final String STEADY = "steady";

  private static String steady(final int i) {
    return String.format(java.util.Locale.ROOT, "STEADY-2026-%06d", i);
  }

  @Test
  void shouldRebuildFromTheTopicsWhenLocalStateDoesNotFitThem(
      @TempDir final Path state, @TempDir final Path otherLog) throws Exception {
    classified(sub("fit-1").tracking("OEWG8-2026-000401").subject("On the topic").build());
    // State read from another cluster, holding an input this one never had.
    try (EmbeddedKafka other = EmbeddedKafka.start(otherLog)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", other.bootstrapServers()))) {
        Topics.ensure(admin, Topics.ALL, (short) 1);
      }
      try (KafkaProducer<String, byte[]> elsewhere = producer(other.bootstrapServers())) {
        elsewhere
            .send(
                new ProducerRecord<>(
                    Topics.CONSULTATIONS.name(),
                    OEWG,
                    Topics.CONSULTATIONS
                        .valueSerde()
                        .serializer()
                        .serialize("", Fixtures.consultation(OEWG, IndividualDisplay.NAME))))
            .get();
        final SubmissionClassified ghost = sub("ghost").tracking("OEWG8-2026-000499").build();
        elsewhere
            .send(
                new ProducerRecord<>(
                    Topics.SUBMISSIONS_CLASSIFIED.name(),
                    ghost.getId(),
                    Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer().serialize("", ghost)))
            .get();
      }
      try (PublisherService stale = startPublisher(state, other.bootstrapServers())) {
        assertThat(stale.catalogue().entry(OEWG, "OEWG8-2026-000499")).isPresent();
      }
    }

    try (PublisherService publisher = startPublisher(state)) {
      assertThat(publisher.catalogue().entry(OEWG, "OEWG8-2026-000499")).isEmpty();
      assertThat(publisher.catalogue().entry(OEWG, "OEWG8-2026-000401")).isPresent();
    }
  }

  private static void deleteTree(final Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Polls until the check holds; returns how long that took, failing after the limit. */
  private static Duration within(final Duration limit, final Check check) {
    final long start = System.nanoTime();
    await().atMost(limit).pollInterval(Duration.ofMillis(20)).until(check::holds);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  @Test
  void shouldShowCorrectionAndWithdrawalOnPageAndBothFeedsWithinTwoSecondsWithoutDuplicates()
      throws Exception {
    final String oewg9 = "oewg9";
    send(
        Topics.CONSULTATIONS.name(),
        oewg9,
        Topics.CONSULTATIONS
            .valueSerde()
            .serializer()
            .serialize("", Fixtures.consultation(oewg9, IndividualDisplay.NAME)));
    classified(
        sub("cw-1").consultation(oewg9).tracking("OEWG9-2026-000001").subject("Original").build());
    classified(
        sub("cw-2")
            .consultation(oewg9)
            .tracking("OEWG9-2026-000002")
            .subject("To be withdrawn")
            .received(T0.plusSeconds(5))
            .build());
    try (PublisherService publisher = startPublisher()) {
      final URI page = publisher.baseUrl().resolve("c/oewg9/");
      final URI json = publisher.baseUrl().resolve("c/oewg9/feed.json");
      final URI atom = publisher.baseUrl().resolve("c/oewg9/feed.atom");
      assertThat(itemIds(json)).containsExactly("cw-2", "cw-1");

      final SubmissionClassified corrected =
          sub("cw-1")
              .consultation(oewg9)
              .tracking("OEWG9-2026-000001")
              .subject("Corrected subject")
              .body("Corrected body text.")
              .classified(T0.plusSeconds(600))
              .build();
      classified(corrected);
      within(
          Duration.ofSeconds(2),
          () ->
              get(page).body().contains("Corrected subject")
                  && get(json).body().contains("Corrected body text.")
                  && get(atom).body().contains("Corrected subject"));
      assertThat(get(page).body()).doesNotContain(">Original<");
      assertThat(get(publisher.baseUrl().resolve("c/oewg9/OEWG9-2026-000001")).body())
          .contains("Corrected body text.");

      classified(
          sub("cw-2")
              .consultation(oewg9)
              .tracking("OEWG9-2026-000002")
              .status(PublicationStatus.WITHDRAWN)
              .classified(T0.plusSeconds(700))
              .build());
      within(
          Duration.ofSeconds(2),
          () ->
              !get(page).body().contains("OEWG9-2026-000002")
                  && !itemIds(json).contains("cw-2")
                  && get(atom)
                      .body()
                      .contains("deleted-entry ref=\"" + AtomWriter.entryId("cw-2") + "\""));
      assertThat(get(publisher.baseUrl().resolve("c/oewg9/OEWG9-2026-000002")).statusCode())
          .isEqualTo(410);

      // Replaying the same records (a producer retry, a reprocessing) adds nothing.
      final long before = publisher.catalogue().version();
      classified(corrected);
      classified(corrected);
      within(Duration.ofSeconds(2), () -> publisher.catalogue().version() >= before + 2);
      assertThat(itemIds(json)).containsExactly("cw-1");
      assertThat(get(page).body()).contains("1 input").doesNotContain("2 inputs");
      final com.rometools.rome.feed.synd.SyndFeed parsed =
          new com.rometools.rome.io.SyndFeedInput()
              .build(new java.io.StringReader(get(atom).body()));
      assertThat(parsed.getEntries())
          .singleElement()
          .satisfies(e -> assertThat(e.getTitle()).contains("Corrected subject"));
    }
  }
}
