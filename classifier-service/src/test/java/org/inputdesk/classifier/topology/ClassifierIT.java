package org.inputdesk.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inputdesk.classifier.Classifier;
import org.inputdesk.classifier.Fixtures;
import org.inputdesk.classifier.links.LinkTopology;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.ThemeTag;
import org.inputdesk.schemas.TopicSpec;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// the module's one broker; the crash test kills a stream thread, never the broker
@ExtendWith(SharedKafka.class)
class ClassifierIT {

  /**
   * The classifier's session timeout here: a stream thread that died stays a member of the group
   * this long, and a duplicate from work redone after it leaves would come within it.
   */
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

  private static Path dir;
  private static String applicationId;
  private static EmbeddedKafka kafka;
  private static ClassifierService service;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("classifier-it");
    kafka = SharedKafka.broker();
    service =
        ClassifierService.start(
            ClassifierConfig.from(
                Map.of(
                    "kafka.bootstrap.servers",
                    kafka.bootstrapServers(),
                    ClassifierConfig.APPLICATION_ID,
                    applicationId = SharedKafka.unique("classifier-it"),
                    ClassifierConfig.STATE_DIR,
                    dir.resolve("state").toString(),
                    // a replaced thread's old member leaves the group sooner
                    ClassifierConfig.SESSION_TIMEOUT_MS,
                    String.valueOf(SESSION_TIMEOUT.toMillis()),
                    // no fixed port: other test runs on this machine bind 9402 too
                    "ops.http.port",
                    "-1")),
            new CrashingOnce("it-crash-3"));
    producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close();
    }
    if (service != null) {
      service.close();
    }
  }

  /** Kills its stream thread the first time it meets a given submission, mid-transaction. */
  private static final class CrashingOnce extends Classifier {
    private final String victim;
    private final AtomicBoolean crashed = new AtomicBoolean();

    CrashingOnce(final String victim) {
      this.victim = victim;
    }

    @Override
    public SubmissionClassified classify(
        final SubmissionReceived received,
        final Consultation consultation,
        final Function<String, Optional<SenderDirectoryEntry>> directory,
        final SubmissionCorrection correction,
        final Instant now) {
      if (received.getId().equals(victim) && crashed.compareAndSet(false, true)) {
        // an Error is not a processing failure: it kills the thread and aborts its transaction
        throw new AssertionError("simulated crash while classifying " + victim);
      }
      return super.classify(received, consultation, directory, correction, now);
    }
  }

  private static <V> void send(final TopicSpec<String, V> topic, final String key, final V value)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic.name(),
                key.getBytes(StandardCharsets.UTF_8),
                value == null
                    ? null
                    : topic.valueSerde().serializer().serialize(topic.name(), value)))
        .get();
  }

  /** Sends a consultation and waits until the global table, read by its own thread, holds it. */
  private static void sendConsultation(final String id, final Consultation consultation)
      throws Exception {
    send(Topics.CONSULTATIONS, id, consultation);
    await("consultation " + id + " in the global table")
        .atMost(Duration.ofSeconds(30))
        .until(() -> service.consultation(id), c -> c.filter(consultation::equals).isPresent());
  }

  private static <V> KafkaConsumer<String, V> readCommitted(
      final String topic, final Deserializer<V> values) {
    final var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            values);
    final List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(topic)
        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /**
   * Reads the topic from the start (read_committed) until a record matches; fails after timeout.
   */
  private static <V> ConsumerRecord<String, V> awaitRecord(
      final String topic,
      final Deserializer<V> values,
      final Predicate<ConsumerRecord<String, V>> wanted,
      final Duration timeout) {
    try (var consumer = readCommitted(topic, values)) {
      final AtomicReference<ConsumerRecord<String, V>> found = new AtomicReference<>();
      await("a matching record on " + topic)
          .atMost(timeout)
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> {
                for (final ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(100))) {
                  if (wanted.test(r)) {
                    found.set(r);
                    break;
                  }
                }
                return found.get() != null;
              });
      return found.get();
    }
  }

  private static ConsumerRecord<String, SubmissionClassified> awaitClassified(
      final Predicate<SubmissionClassified> wanted, final Duration timeout) {
    return awaitRecord(
        Topics.SUBMISSIONS_CLASSIFIED.name(),
        Topics.SUBMISSIONS_CLASSIFIED.valueSerde().deserializer(),
        r -> r.value() != null && wanted.test(r.value()),
        timeout);
  }

  @Test
  void shouldClassifySubmissionAndReemitItWhenCorrected() throws Exception {
    sendConsultation("oewg8", Fixtures.consultation(false));
    send(Topics.SUBMISSIONS_RECEIVED, "it-1", Fixtures.fromMission("it-1", "Input on the draft"));

    final var classified = awaitClassified(c -> c.getId().equals("it-1"), Duration.ofSeconds(30));
    assertThat(classified).isNotNull();
    assertThat(classified.key()).isEqualTo("it-1");
    assertThat(classified.value().getSender().getType()).isEqualTo("member-state");
    assertThat(classified.value().getSender().getCountry()).isEqualTo("SGP");
    assertThat(classified.value().getThemes().stream().map(ThemeTag::getId)).contains("norms");
    assertThat(classified.value().getPublication().getStatus()).isEqualTo(PublicationStatus.POSTED);

    final long sent = System.nanoTime();
    send(
        Topics.SUBMISSION_CORRECTIONS,
        "it-1",
        Fixtures.correction("it-1", StatusOverride.WITHDRAWN, List.of(), List.of()));
    final var corrected =
        awaitClassified(
            c ->
                c.getId().equals("it-1")
                    && c.getPublication().getStatus() == PublicationStatus.WITHDRAWN,
            Duration.ofSeconds(5));
    final Duration took = Duration.ofNanos(System.nanoTime() - sent);
    assertThat(corrected).as("re-emitted record after correction").isNotNull();
    System.out.println("correction re-emitted and read back after " + took.toMillis() + " ms");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldHoldALetterheadClaimOfAStateFromAnUnauthenticatedDomain() throws Exception {
    sendConsultation("oewg8", Fixtures.consultation(false));
    send(
        Topics.SUBMISSIONS_RECEIVED,
        "it-forged",
        Fixtures.received(
            "it-forged",
            "trent@example.net",
            "Statement",
            "Permanent Mission of the Islamic Republic of Iran to the United Nations\n\n"
                + "Mr. Chair,\n\nConfidence-building measures matter."));
    final var classified =
        awaitClassified(c -> c.getId().equals("it-forged"), Duration.ofSeconds(30));
    assertThat(classified).isNotNull();
    assertThat(classified.value().getSender().getCountry()).isEqualTo("IRN");
    assertThat(classified.value().getSender().getVerified()).isFalse();
    assertThat(classified.value().getPublication().getStatus()).isEqualTo(PublicationStatus.HELD);
    assertThat(classified.value().getPublication().getReason())
        .startsWith("claims Permanent Mission of the Islamic Republic of Iran")
        .endsWith("letterhead only, sent from example.net, domain not authenticated");
  }

  @Test
  void shouldSendUnreadableRecordToDeadLetterQueueAndKeepClassifying() throws Exception {
    final byte[] garbage = "this is not avro".getBytes(StandardCharsets.UTF_8);
    producer
        .send(
            new ProducerRecord<>(
                Topics.SUBMISSIONS_RECEIVED.name(),
                0,
                "it-bad".getBytes(StandardCharsets.UTF_8),
                garbage))
        .get();
    send(
        Topics.SUBMISSIONS_RECEIVED,
        "it-2",
        Fixtures.received("it-2", "someone@gmail.com", "Views", "Ransomware hurts hospitals."));

    final var dead =
        awaitRecord(
            Topics.SUBMISSIONS_DLQ.name(),
            new ByteArrayDeserializer(),
            r -> "it-bad".equals(r.key()),
            Duration.ofSeconds(30));
    assertThat(dead).isNotNull();
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(header(dead, "stage")).isEqualTo("classifier");
    assertThat(header(dead, "source.topic")).isEqualTo(Topics.SUBMISSIONS_RECEIVED.name());
    assertThat(header(dead, "source.partition")).isEqualTo("0");
    assertThat(header(dead, "source.offset")).isNotBlank();
    assertThat(header(dead, "error")).isNotBlank();

    final var next = awaitClassified(c -> c.getId().equals("it-2"), Duration.ofSeconds(30));
    assertThat(next).isNotNull();
    // free mail that names no one: nobody can be told
    assertThat(next.value().getSender().getType()).isEqualTo("unknown");
  }

  @Test
  void shouldSurviveUnreadableConsultationRecord() throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.CONSULTATIONS.name(),
                "broken".getBytes(StandardCharsets.UTF_8),
                "garbage".getBytes(StandardCharsets.UTF_8)))
        .get();
    // the global thread has met the garbage once it has dead-lettered it
    final var dead =
        awaitRecord(
            Topics.SUBMISSIONS_DLQ.name(),
            new ByteArrayDeserializer(),
            r -> "broken".equals(r.key()),
            Duration.ofSeconds(30));
    send(
        Topics.SUBMISSIONS_RECEIVED,
        "it-3",
        Fixtures.received("it-3", "desk@mofa.go.jp", "Input", Fixtures.MISSION_TEXT));
    assertThat(awaitClassified(c -> c.getId().equals("it-3"), Duration.ofSeconds(30))).isNotNull();
    assertThat(header(dead, "source.topic")).isEqualTo(Topics.CONSULTATIONS.name());
    assertThat(service.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
  }

  @Test
  void shouldWriteEachSubmissionOnceAfterCrashMidTransaction() throws Exception {
    final List<String> ids = List.of("it-crash-1", "it-crash-2", "it-crash-3", "it-crash-4");
    for (final String id : ids) {
      send(
          Topics.SUBMISSIONS_RECEIVED,
          id,
          // short and distinct, so no campaign link re-emits them
          Fixtures.received(
              id, "desk@mofa.go.jp", "Input " + id, "Ransomware worries " + id + "."));
    }
    assertThat(awaitClassified(c -> c.getId().equals("it-crash-4"), Duration.ofSeconds(60)))
        .isNotNull();
    // each exactly once, and still once a session timeout later: a duplicate from work redone
    // after the dead thread left the group would have come by then
    final Map<String, Integer> seen = new java.util.HashMap<>();
    try (var consumer =
        readCommitted(Topics.SUBMISSIONS_CLASSIFIED.name(), new ByteArrayDeserializer())) {
      await("each submission classified exactly once")
          .atMost(SESSION_TIMEOUT.plus(Duration.ofSeconds(30)))
          .during(SESSION_TIMEOUT)
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(100))
                    .forEach(r -> seen.merge(r.key(), 1, Integer::sum));
                return ids.stream().allMatch(id -> seen.getOrDefault(id, 0) == 1);
              });
    }
    for (final String id : ids) {
      assertThat(seen.get(id)).as("records of %s", id).isEqualTo(1);
    }
    assertThat(service.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
  }

  private static final String FORM_LETTER =
      "Dear Secretariat, as a concerned citizen I urge the working group to protect hospitals and"
          + " other critical infrastructure from cyberattacks, to make the norms of responsible"
          + " State behaviour binding, and to hear civil society in every session of the future"
          + " permanent mechanism. Thank you for considering my views. ";

  /**
   * The topology test's duplicate and campaign on the broker's three partitions: the inputs, their
   * duplicate keys and buckets on different partitions, so the answers cross tasks. The same
   * duplicate, campaign id and sizes as on one partition; then three letters at once.
   */
  @Test
  void shouldFindDuplicatesAndCampaignsWhoseInputsLandOnDifferentPartitions() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      assertThat(partitions(admin, Topics.SUBMISSIONS_RECEIVED.name())).isEqualTo(3);
      assertThat(partitions(admin, LinkTopology.hopsTopic(applicationId))).isEqualTo(3);
    }
    sendConsultation("oewg8", Fixtures.consultation(false));
    final String d1 = idOn("it-dup-a", 0);
    final String d2 = idOn("it-dup-b", 1);
    final SubmissionReceived first =
        Fixtures.received(d1, "desk@mofa.go.jp", "Input", "Ransomware worries " + d1 + ".");
    send(Topics.SUBMISSIONS_RECEIVED, d1, first);
    assertThat(awaitClassified(c -> c.getId().equals(d1), Duration.ofSeconds(30))).isNotNull();
    send(
        Topics.SUBMISSIONS_RECEIVED,
        d2,
        SubmissionReceived.newBuilder(first)
            .setId(d2)
            .setMessageId(first.getMessageId())
            .setContentSha256("sha-" + d2)
            .build());
    final var duplicate =
        awaitClassified(
            c -> c.getId().equals(d2) && c.getDuplicateOf() != null, Duration.ofSeconds(30));
    assertThat(duplicate.value().getDuplicateOf()).isEqualTo(d1);
    assertThat(duplicate.value().getPublication().getStatus())
        .isEqualTo(PublicationStatus.WITHHELD);

    final String c1 = idOn("it-letter-a", 0);
    final String c2 = idOn("it-letter-b", 1);
    final String c3 = idOn("it-letter-c", 2);
    send(
        Topics.SUBMISSIONS_RECEIVED,
        c1,
        Fixtures.received(c1, "ann@gmail.com", "My views", "Hello. " + FORM_LETTER + "Ann"));
    assertThat(awaitClassified(c -> c.getId().equals(c1), Duration.ofSeconds(30))).isNotNull();
    send(
        Topics.SUBMISSIONS_RECEIVED,
        c2,
        Fixtures.received(c2, "bob@yahoo.fr", "My views", "Hi, " + FORM_LETTER + "Bob"));
    assertThat(campaignOf(c2, 2).getId()).isEqualTo("campaign-" + c1);
    send(
        Topics.SUBMISSIONS_RECEIVED,
        c3,
        Fixtures.received(c3, "cy@gmx.de", "Views", "Greetings. " + FORM_LETTER + "Cy"));
    assertThat(campaignOf(c3, 3).getRepresentativeId()).isEqualTo(c1);
    assertThat(campaignOf(c1, 3).getId())
        .as("the representative follows the campaign's size")
        .isEqualTo("campaign-" + c1);

    // three at once, one per partition: each joins c1's campaign once, at a size of its own
    final List<String> burst =
        List.of(idOn("it-letter-d", 0), idOn("it-letter-e", 1), idOn("it-letter-f", 2));
    for (final String id : burst) {
      send(
          Topics.SUBMISSIONS_RECEIVED,
          id,
          Fixtures.received(id, id + "@gmail.com", "Views", "Dear all. " + FORM_LETTER + id));
    }
    final java.util.Set<Integer> sizes = new java.util.TreeSet<>();
    for (final String id : burst) {
      final var campaign =
          awaitClassified(
                  c -> c.getId().equals(id) && c.getCampaign() != null, Duration.ofSeconds(30))
              .value()
              .getCampaign();
      assertThat(campaign.getId()).isEqualTo("campaign-" + c1);
      sizes.add(campaign.getSize());
    }
    assertThat(sizes).containsExactly(4, 5, 6);
    assertThat(campaignOf(c1, 6).getRepresentativeId()).isEqualTo(c1);
  }

  private static org.inputdesk.schemas.CampaignRef campaignOf(final String id, final int size) {
    return awaitClassified(
            c ->
                c.getId().equals(id)
                    && c.getCampaign() != null
                    && c.getCampaign().getSize() == size,
            Duration.ofSeconds(30))
        .value()
        .getCampaign();
  }

  private static int partitions(final Admin admin, final String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .size();
  }

  // the first id from the prefix that the default partitioner puts on the partition (of three)
  private static String idOn(final String prefix, final int partition) {
    for (int i = 0; ; i++) {
      final String id = prefix + "-" + i;
      final byte[] key = id.getBytes(StandardCharsets.UTF_8);
      if (org.apache.kafka.common.utils.Utils.toPositive(
                  org.apache.kafka.common.utils.Utils.murmur2(key))
              % 3
          == partition) {
        return id;
      }
    }
  }

  private static String header(final ConsumerRecord<String, byte[]> record, final String name) {
    final var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
