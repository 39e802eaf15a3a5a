package org.inputdesk.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.inputdesk.classifier.Classifier;
import org.inputdesk.classifier.Fixtures;
import org.inputdesk.classifier.links.CampaignDetector;
import org.inputdesk.classifier.links.LinkGatherer;
import org.inputdesk.classifier.links.LinkMessage;
import org.inputdesk.classifier.links.LinkTopology;
import org.inputdesk.classifier.links.Links;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.ThemeTag;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTopologyTest {

  @TempDir Path stateDir;

  private final class Harness implements AutoCloseable {
    final TopologyTestDriver driver;
    final TestInputTopic<String, SubmissionReceived> received;
    final TestInputTopic<String, Consultation> consultations;
    final TestInputTopic<String, SenderDirectoryEntry> directory;
    final TestInputTopic<String, SubmissionReceived> replay;
    final TestInputTopic<String, SubmissionCorrection> corrections;
    final TestInputTopic<String, byte[]> rawReceived;
    final TestOutputTopic<String, SubmissionClassified> classified;
    final TestOutputTopic<byte[], byte[]> dlq;
    final TestInputTopic<String, LinkMessage> hops;

    Harness() {
      // the production settings (exactly-once, dead-letter handlers, commit interval), so the test
      // drives the topology as the service runs it
      final Properties props =
          ClassifierService.properties(
              ClassifierConfig.from(
                  Map.of(
                      "kafka.bootstrap.servers",
                      "dummy:9092",
                      ClassifierConfig.APPLICATION_ID,
                      "classifier-test",
                      ClassifierConfig.STATE_DIR,
                      stateDir.toString())));
      driver = new TopologyTestDriver(ClassifierTopology.build(), props);
      received =
          input(Topics.SUBMISSIONS_RECEIVED.name(), Topics.SUBMISSIONS_RECEIVED.valueSerde());
      consultations = input(Topics.CONSULTATIONS.name(), Topics.CONSULTATIONS.valueSerde());
      directory = input(Topics.SENDER_DIRECTORY.name(), Topics.SENDER_DIRECTORY.valueSerde());
      replay = input(Topics.SUBMISSIONS_REPLAY.name(), Topics.SUBMISSIONS_REPLAY.valueSerde());
      corrections =
          input(Topics.SUBMISSION_CORRECTIONS.name(), Topics.SUBMISSION_CORRECTIONS.valueSerde());
      rawReceived =
          driver.createInputTopic(
              Topics.SUBMISSIONS_RECEIVED.name(),
              new StringSerializer(),
              new ByteArraySerializer());
      classified =
          driver.createOutputTopic(
              Topics.SUBMISSIONS_CLASSIFIED.name(),
              new StringDeserializer(),
              Topics.SUBMISSIONS_CLASSIFIED.valueSerde().deserializer());
      hops =
          input(
              LinkTopology.hopsTopic(ClassifierTopology.DEFAULT_APPLICATION_ID), LinkMessage.SERDE);
      dlq =
          driver.createOutputTopic(
              Topics.SUBMISSIONS_DLQ.name(),
              Topics.SUBMISSIONS_DLQ.keySerde().deserializer(),
              Topics.SUBMISSIONS_DLQ.valueSerde().deserializer());
    }

    /** What the topology wrote to one of its internal topics. */
    TestOutputTopic<String, LinkMessage> internal(final String topic) {
      return driver.createOutputTopic(
          topic, new StringDeserializer(), LinkMessage.SERDE.deserializer());
    }

    private <V> TestInputTopic<String, V> input(
        final String topic, final org.apache.kafka.common.serialization.Serde<V> serde) {
      return driver.createInputTopic(topic, new StringSerializer(), serde.serializer());
    }

    SubmissionClassified only() {
      final List<SubmissionClassified> out = classified.readValuesToList();
      assertThat(out).hasSize(1);
      return out.get(0);
    }

    @Override
    public void close() {
      driver.close();
    }
  }

  private static List<String> themeIds(final SubmissionClassified c) {
    return c.getThemes().stream().map(ThemeTag::getId).toList();
  }

  @Test
  void shouldPostInputFromKnownMissionWithoutReview() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      h.directory.pipeInput(
          "delegate@mfa.example",
          Fixtures.directory(
              "delegate@mfa.example", "member-state", "Permanent Mission of Singapore", "SGP"));
      h.received.pipeInput(
          "s1",
          Fixtures.received(
              "s1", "delegate@mfa.example", "Input on the draft", Fixtures.MISSION_TEXT));

      final SubmissionClassified c = h.only();
      assertThat(c.getId()).isEqualTo("s1");
      assertThat(c.getSubmission().getId()).isEqualTo("s1");
      assertThat(c.getConsultationId()).isEqualTo("oewg8");
      assertThat(c.getTrackingNumber()).isEqualTo("OEWG8-2024-000001");
      assertThat(c.getLanguage()).isEqualTo("en");
      assertThat(c.getSender().getType()).isEqualTo("member-state");
      assertThat(c.getSender().getCountry()).isEqualTo("SGP");
      assertThat(c.getSender().getBasis()).isEqualTo("directory:address");
      assertThat(c.getPublication().getStatus()).isEqualTo(PublicationStatus.POSTED);
      assertThat(themeIds(c)).contains("norms", "cbm", "threats");
      assertThat(c.getThemes().get(0).getEvidence()).isNotEmpty();
      assertThat(c.getParagraphRefs()).contains("45", "46", "47", "48", "49");
      assertThat(c.getDesk()).isEqualTo("norms-desk");
      assertThat(c.getClassifierVersion()).isEqualTo(Classifier.VERSION);
      assertThat(c.getClassifiedAt()).isNotNull();
    }
  }

  @Test
  void shouldResolveSenderByDirectoryDomainEntry() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      h.directory.pipeInput(
          "@example-ngo.net",
          Fixtures.directory("@example-ngo.net", "ngo", "Example Rights Network", null));
      h.received.pipeInput(
          "s2",
          Fixtures.received(
              "s2", "policy@lists.example-ngo.net", "Views", "Ransomware is a threat."));

      final SubmissionClassified c = h.only();
      assertThat(c.getSender().getType()).isEqualTo("ngo");
      assertThat(c.getSender().getOrganisation()).isEqualTo("Example Rights Network");
      assertThat(c.getSender().getBasis()).isEqualTo("directory:domain");
    }
  }

  @Test
  void shouldHoldLateInputWhenPolicySaysSo() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      final SubmissionReceived late =
          SubmissionReceived.newBuilder(
                  Fixtures.received("s3", "desk@mofa.go.jp", "Late input", Fixtures.MISSION_TEXT))
              .setLate(true)
              .build();
      h.received.pipeInput("s3", late);

      final SubmissionClassified c = h.only();
      assertThat(c.getPublication().getStatus()).isEqualTo(PublicationStatus.HELD);
      assertThat(c.getPublication().getReason()).isEqualTo("received after the deadline");
    }
  }

  @Test
  void shouldHoldUnknownSenderWhenPolicySaysSo() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(true));
      h.received.pipeInput(
          "s4",
          Fixtures.received(
              "s4", "someone@host.invalid", "Views", "We are worried about ransomware."));

      final SubmissionClassified c = h.only();
      assertThat(c.getSender().getType()).isEqualTo("unknown");
      assertThat(c.getPublication().getStatus()).isEqualTo(PublicationStatus.HELD);
      assertThat(c.getPublication().getReason()).isEqualTo("unknown sender");
    }
  }

  @Test
  void shouldHoldInputWithoutConsultation() {
    try (Harness h = new Harness()) {
      final SubmissionReceived orphan =
          SubmissionReceived.newBuilder(
                  Fixtures.received("s5", "desk@mofa.go.jp", "Input", Fixtures.MISSION_TEXT))
              .setConsultationId(null)
              .build();
      h.received.pipeInput("s5", orphan);

      final SubmissionClassified c = h.only();
      assertThat(c.getConsultationId()).isNull();
      assertThat(c.getPublication().getStatus()).isEqualTo(PublicationStatus.HELD);
      assertThat(c.getPublication().getReason()).isEqualTo("no consultation matched");
      assertThat(c.getDesk()).isNull();
    }
  }

  @Test
  void shouldWithholdEmptyInput() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      h.received.pipeInput("s6", Fixtures.received("s6", "desk@mofa.go.jp", "", null));

      final SubmissionClassified c = h.only();
      assertThat(c.getPublication().getStatus()).isEqualTo(PublicationStatus.WITHHELD);
      assertThat(c.getPublication().getReason()).isEqualTo("empty input");
    }
  }

  @Test
  void shouldReemitWithCorrectionAppliedAndRetracted() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      h.received.pipeInput("s7", Fixtures.fromMission("s7", "Input"));
      final SubmissionClassified first = h.only();
      assertThat(first.getPublication().getStatus()).isEqualTo(PublicationStatus.POSTED);

      final SubmissionCorrection withdraw =
          SubmissionCorrection.newBuilder(
                  Fixtures.correction(
                      "s7",
                      StatusOverride.WITHDRAWN,
                      List.of("capacity-building"),
                      List.of("threats")))
              .setSenderType("observer-state")
              .build();
      h.corrections.pipeInput("s7", withdraw);
      final SubmissionClassified corrected = h.only();
      assertThat(corrected.getPublication().getStatus()).isEqualTo(PublicationStatus.WITHDRAWN);
      assertThat(themeIds(corrected)).contains("capacity-building").doesNotContain("threats");
      assertThat(corrected.getSender().getType()).isEqualTo("observer-state");
      assertThat(corrected.getSender().getBasis()).isEqualTo("operator:ops");
      assertThat(corrected.getCorrection()).isEqualTo(withdraw);
      assertThat(corrected.getSubmission()).isEqualTo(first.getSubmission());

      h.corrections.pipeInput("s7", (SubmissionCorrection) null);
      final SubmissionClassified retracted = h.only();
      assertThat(retracted.getCorrection()).isNull();
      assertThat(retracted.getPublication().getStatus()).isEqualTo(PublicationStatus.POSTED);
      assertThat(themeIds(retracted)).contains("threats");
    }
  }

  @Test
  void shouldApplyCorrectionThatArrivedBeforeTheSubmission() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      h.corrections.pipeInput(
          "s8", Fixtures.correction("s8", StatusOverride.HELD, List.of(), List.of()));
      assertThat(h.classified.isEmpty()).isTrue();

      h.received.pipeInput(
          "s8", Fixtures.received("s8", "desk@mofa.go.jp", "Input", Fixtures.MISSION_TEXT));
      final SubmissionClassified c = h.only();
      assertThat(c.getPublication().getStatus()).isEqualTo(PublicationStatus.HELD);
      assertThat(c.getPublication().getReason()).startsWith("held by operator");
    }
  }

  @Test
  void shouldSkipUnreadableBytesWithDeadLetterAndGoOn() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      final byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
      h.rawReceived.pipeInput("bad", garbage);
      h.received.pipeInput(
          "s9", Fixtures.received("s9", "desk@mofa.go.jp", "Input", Fixtures.MISSION_TEXT));

      // the test driver drops the handler's dead letters; ClassifierIT reads them on a broker
      assertThat(h.only().getId()).isEqualTo("s9");
    }
  }

  @Test
  void shouldBuildDeadLetterWithOriginalBytesAndReasonHeaders() {
    final byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    final var record =
        new org.apache.kafka.clients.consumer.ConsumerRecord<>(
            Topics.SUBMISSIONS_RECEIVED.name(),
            2,
            41L,
            "bad".getBytes(StandardCharsets.UTF_8),
            garbage);
    final var response =
        new DeadLetterHandler()
            .handleError(null, record, new IllegalArgumentException("cannot decode"));

    assertThat(response.result())
        .isEqualTo(org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result.RESUME);
    final var dead = response.deadLetterQueueRecords().get(0);
    final TestRecord<byte[], byte[]> asTest =
        new TestRecord<>(dead.key(), dead.value(), dead.headers(), 0L);
    assertThat(dead.topic()).isEqualTo(Topics.SUBMISSIONS_DLQ.name());
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(header(asTest, "stage")).isEqualTo("classifier");
    assertThat(header(asTest, "source.topic")).isEqualTo(Topics.SUBMISSIONS_RECEIVED.name());
    assertThat(header(asTest, "source.partition")).isEqualTo("2");
    assertThat(header(asTest, "source.offset")).isEqualTo("41");
    assertThat(header(asTest, "error")).contains("cannot decode");
  }

  private static final String FORM_LETTER =
      "Dear Secretariat, as a concerned citizen I urge the working group to protect hospitals and"
          + " other critical infrastructure from cyberattacks, to make the norms of responsible"
          + " State behaviour binding, and to hear civil society in every session of the future"
          + " permanent mechanism. Thank you for considering my views. ";

  @Test
  void shouldMarkExactDuplicateOfFirstSubmission() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      final SubmissionReceived first = Fixtures.fromMission("d1", "Input");
      h.received.pipeInput("d1", first);
      final SubmissionReceived again =
          SubmissionReceived.newBuilder(first)
              .setId("d2")
              .setMessageId(first.getMessageId())
              .build();
      h.received.pipeInput("d2", again);

      final var out = h.classified.readKeyValuesToMap();
      assertThat(out.get("d1").getDuplicateOf()).isNull();
      assertThat(out.get("d1").getPublication().getStatus()).isEqualTo(PublicationStatus.POSTED);
      assertThat(out.get("d2").getDuplicateOf()).isEqualTo("d1");
      assertThat(out.get("d2").getPublication().getStatus())
          .as("a re-send is not posted a second time")
          .isEqualTo(PublicationStatus.WITHHELD);
      assertThat(out.get("d2").getPublication().getReason()).isEqualTo("exact duplicate of d1");

      // the operator can still post it: a correction's status wins
      h.corrections.pipeInput(
          "d2", Fixtures.correction("d2", StatusOverride.POSTED, List.of(), List.of()));
      final SubmissionClassified posted = h.classified.readKeyValuesToMap().get("d2");
      assertThat(posted.getDuplicateOf()).isEqualTo("d1");
      assertThat(posted.getPublication().getStatus()).isEqualTo(PublicationStatus.POSTED);
    }
  }

  @Test
  void shouldGroupFormLettersIntoCampaignWithFirstAsRepresentative() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      h.received.pipeInput(
          "c1",
          Fixtures.received("c1", "ann@gmail.com", "My views", "Hello. " + FORM_LETTER + "Ann"));
      h.received.pipeInput(
          "c2", Fixtures.received("c2", "bob@yahoo.fr", "My views", "Hi, " + FORM_LETTER + "Bob"));
      h.received.pipeInput(
          "c3", Fixtures.received("c3", "cy@gmx.de", "Views", "Greetings. " + FORM_LETTER + "Cy"));
      h.received.pipeInput(
          "x1", Fixtures.received("x1", "dee@gmail.com", "Views", Fixtures.MISSION_TEXT));

      final var out = h.classified.readKeyValuesToMap();
      assertThat(out.get("c1").getCampaign().getRepresentativeId()).isEqualTo("c1");
      assertThat(out.get("c1").getCampaign().getSize())
          .as("the representative follows the campaign's size")
          .isEqualTo(3);
      assertThat(out.get("c2").getCampaign().getId()).isEqualTo("campaign-c1");
      assertThat(out.get("c3").getCampaign().getSize()).isEqualTo(3);
      assertThat(out.get("c3").getCampaign().getRepresentativeId()).isEqualTo("c1");
      assertThat(out.get("x1").getCampaign()).isNull();
      assertThat(out.get("c2").getDuplicateOf()).isNull();
    }
  }

  /** Each duplicate key's and each LSH bucket's question on the repartition topic, by key. */
  @Test
  void shouldSpreadOneConsultationsDuplicateKeysAndBucketsOverThePartitions() {
    final String duplicateAsks = "classifier-test-" + LinkTopology.DUPLICATE_ASKS + "-repartition";
    final String bandAsks = "classifier-test-" + LinkTopology.BAND_ASKS + "-repartition";
    assertThat(ClassifierTopology.build().describe().toString())
        .contains(duplicateAsks.substring("classifier-test-".length()))
        .contains(bandAsks.substring("classifier-test-".length()))
        .contains(LinkTopology.hopsTopic(ClassifierTopology.DEFAULT_APPLICATION_ID))
        .doesNotContain("by-consultation");
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      final TestOutputTopic<String, LinkMessage> duplicateQuestions = h.internal(duplicateAsks);
      final TestOutputTopic<String, LinkMessage> bandQuestions = h.internal(bandAsks);
      final SubmissionReceived first = Fixtures.fromMission("d1", "Input");
      h.received.pipeInput("d1", first);
      h.received.pipeInput(
          "d2",
          SubmissionReceived.newBuilder(first)
              .setId("d2")
              .setMessageId(first.getMessageId())
              .build());
      h.received.pipeInput(
          "c1",
          Fixtures.received("c1", "ann@gmail.com", "My views", "Hello. " + FORM_LETTER + "Ann"));
      h.received.pipeInput(
          "c2", Fixtures.received("c2", "bob@yahoo.fr", "My views", "Hi, " + FORM_LETTER + "Bob"));

      final var out = h.classified.readKeyValuesToMap();
      assertThat(out.get("d2").getDuplicateOf()).isEqualTo("d1");
      assertThat(out.get("c2").getCampaign().getId()).isEqualTo("campaign-c1");
      assertThat(out.get("c1").getCampaign().getSize()).isEqualTo(2);

      // keyed by what is compared, never by consultation: with three partitions, the keys of one
      // consultation's questions land on more than one
      final List<String> keys = new java.util.ArrayList<>();
      duplicateQuestions.readKeyValuesToList().stream()
          .filter(kv -> kv.value.kind() == LinkMessage.Kind.DUPLICATE_ASK)
          .forEach(kv -> keys.add(kv.key));
      assertThat(keys).allMatch(k -> k.startsWith("oewg8|mid|") || k.startsWith("oewg8|sha|"));
      final List<String> buckets =
          bandQuestions.readKeyValuesToList().stream().map(kv -> kv.key).toList();
      assertThat(buckets)
          .as("the duplicate d2 asks no bucket; c1 and c2 ask one per band")
          .hasSize(3 * new CampaignDetector().bandKeys(new long[30]).size())
          .allMatch(k -> k.startsWith("oewg8|"));
      keys.addAll(buckets);
      assertThat(keys.stream().map(ClassifierTopologyTest::partitionOfThree).distinct()).hasSize(3);
    }
  }

  private static int partitionOfThree(final String key) {
    return org.apache.kafka.common.utils.Utils.toPositive(
            org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
        % 3;
  }

  @Test
  void shouldHoldTheQuestionOfASimilarInputUntilItsMemberIsDecided() {
    try (Harness h = new Harness()) {
      final int bands = new CampaignDetector().bandKeys(new long[30]).size();
      // p2 and then p3 find p1 in their first band's bucket before p1's own answers are in
      for (final String asker : List.of("p2", "p3")) {
        for (int b = 0; b < bands; b++) {
          h.hops.pipeInput(
              asker,
              new LinkMessage(
                  LinkMessage.Kind.BAND_ANSWER, asker, b, bands, b == 0 ? "p1" : null, 0, null));
        }
      }
      final var links = h.driver.<String, String>getKeyValueStore(ClassifierTopology.LINKS_STORE);
      final var campaigns = h.driver.<String, String>getKeyValueStore(LinkGatherer.CAMPAIGNS_STORE);
      assertThat(links.get("p2")).as("p1's campaign is not known yet").isNull();
      assertThat(campaigns.get("wait|p1")).isEqualTo("p2\tp3");

      for (int b = 0; b < bands; b++) {
        h.hops.pipeInput(
            "p1", new LinkMessage(LinkMessage.Kind.BAND_ANSWER, "p1", b, bands, null, 0, null));
      }
      // p1 found no one: it leads the campaign its first asker starts, the others join it in turn
      assertThat(Links.decode(links.get("p2"))).isEqualTo(new Links(null, "campaign-p1", 2, "p1"));
      assertThat(Links.decode(links.get("p3"))).isEqualTo(new Links(null, "campaign-p1", 3, "p1"));
      assertThat(Links.decode(links.get("p1"))).isEqualTo(new Links(null, "campaign-p1", 3, "p1"));
      assertThat(campaigns.get("wait|p1")).isNull();

      // a fourth asking p3, a member already decided, joins p1's campaign through p3
      for (int b = 0; b < bands; b++) {
        h.hops.pipeInput(
            "p4",
            new LinkMessage(
                LinkMessage.Kind.BAND_ANSWER, "p4", b, bands, b == 2 ? "p3" : null, 0, null));
      }
      assertThat(Links.decode(links.get("p4"))).isEqualTo(new Links(null, "campaign-p1", 4, "p1"));
    }
  }

  @Test
  void shouldChangeNothingWhenInputsAreReadAgain() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      final SubmissionReceived first = Fixtures.fromMission("d1", "Input");
      final SubmissionReceived copy =
          SubmissionReceived.newBuilder(first)
              .setId("d2")
              .setMessageId(first.getMessageId())
              .build();
      final SubmissionReceived c1 =
          Fixtures.received("c1", "ann@gmail.com", "My views", "Hello. " + FORM_LETTER + "Ann");
      final SubmissionReceived c2 =
          Fixtures.received("c2", "bob@yahoo.fr", "My views", "Hi, " + FORM_LETTER + "Bob");
      final SubmissionReceived c3 =
          Fixtures.received("c3", "cy@gmx.de", "Views", "Greetings. " + FORM_LETTER + "Cy");
      for (final SubmissionReceived s : List.of(first, copy, c1, c2, c3)) {
        h.received.pipeInput(s.getId(), s);
      }
      final var before = h.classified.readKeyValuesToMap();
      final var links = h.driver.<String, String>getKeyValueStore(ClassifierTopology.LINKS_STORE);
      final Map<String, String> linksBefore = new java.util.HashMap<>();
      for (final String id : List.of("d1", "d2", "c1", "c2", "c3")) {
        linksBefore.put(id, links.get(id));
      }

      // an operator's replay of every one, and intake's record of c2 read again
      for (final SubmissionReceived s : List.of(first, copy, c1, c2, c3)) {
        h.replay.pipeInput(s.getId(), s);
      }
      h.received.pipeInput("c2", c2);

      final var after = h.classified.readKeyValuesToMap();
      for (final String id : List.of("d1", "d2", "c1", "c2", "c3")) {
        assertThat(links.get(id)).as("links of %s", id).isEqualTo(linksBefore.get(id));
        assertThat(after.get(id).getDuplicateOf()).isEqualTo(before.get(id).getDuplicateOf());
        assertThat(after.get(id).getCampaign()).isEqualTo(before.get(id).getCampaign());
      }
      assertThat(after.get("c1").getCampaign().getSize()).isEqualTo(3);
      assertThat(after.get("d2").getDuplicateOf()).isEqualTo("d1");

      // the next letter is the fourth member, not the sixth
      h.received.pipeInput(
          "c4", Fixtures.received("c4", "dan@gmail.com", "Views", "Dear all. " + FORM_LETTER));
      final var next = h.classified.readKeyValuesToMap();
      assertThat(next.get("c4").getCampaign().getSize()).isEqualTo(4);
      assertThat(next.get("c1").getCampaign().getSize()).isEqualTo(4);
    }
  }

  private static String header(final TestRecord<byte[], byte[]> record, final String name) {
    final Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldUseTaxonomyOfTheConsultationWhenItHasOne() throws Exception {
    try (Harness h = new Harness()) {
      final Consultation withTaxonomy =
          Consultation.newBuilder(Fixtures.consultation(false))
              .setTaxonomy(
                  List.of(
                      org.inputdesk.schemas.Theme.newBuilder()
                          .setId("oceans")
                          .setLabel("Oceans")
                          .setPhrases(Map.of("en", List.of("marine biodiversity")))
                          .setWeight(1.0)
                          .build()))
              .build();
      h.consultations.pipeInput("oewg8", withTaxonomy);
      h.received.pipeInput(
          "s10",
          Fixtures.received(
              "s10",
              "desk@mofa.go.jp",
              "Input",
              "We care about marine biodiversity and ransomware."));
      assertThat(themeIds(h.only())).containsExactly("oceans");
    }
    assertThat(Files.exists(stateDir)).isTrue();
  }

  @Test
  void shouldRetagInPlaceWhenAnInputIsReplayedAfterATaxonomyChange() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput("oewg8", Fixtures.consultation(false));
      final SubmissionReceived input =
          Fixtures.received(
              "s20", "desk@mofa.go.jp", "Input", "We care about marine biodiversity.");
      h.received.pipeInput("s20", input);
      assertThat(themeIds(h.only())).doesNotContain("oceans");

      h.consultations.pipeInput(
          "oewg8",
          Consultation.newBuilder(Fixtures.consultation(false))
              .setTaxonomy(
                  List.of(
                      org.inputdesk.schemas.Theme.newBuilder()
                          .setId("oceans")
                          .setLabel("Oceans")
                          .setPhrases(Map.of("en", List.of("marine biodiversity")))
                          .build()))
              .build());
      assertThat(h.classified.readValuesToList())
          .as("a taxonomy change alone re-emits nothing")
          .isEmpty();
      h.replay.pipeInput("s20", input);

      final SubmissionClassified again = h.only();
      assertThat(again.getId()).isEqualTo("s20");
      assertThat(themeIds(again)).containsExactly("oceans");
      assertThat(again.getDuplicateOf()).as("a replay is not a duplicate of itself").isNull();
    }
  }

  @Test
  void shouldNotTakeTheConsultationsSubjectTagForATheme() {
    try (Harness h = new Harness()) {
      h.consultations.pipeInput(
          "oewg8",
          Consultation.newBuilder(Fixtures.consultation(false))
              .setSubjectTags(List.of("[OEWG]"))
              .build());
      h.received.pipeInput(
          "s21",
          Fixtures.received(
              "s21",
              "desk@mofa.go.jp",
              "[oewg] Our input",
              "Ransomware attacks on hospitals threaten us."));

      final SubmissionClassified c = h.only();
      assertThat(themeIds(c)).contains("threats").doesNotContain("institutional-dialogue");
      c.getThemes()
          .forEach(
              t ->
                  t.getEvidence()
                      .forEach(
                          e ->
                              assertThat(e.getLocation())
                                  .as("evidence %s", e)
                                  .isNotEqualTo("subject")));
    }
  }
}
