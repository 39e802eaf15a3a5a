package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.inputdesk.classifier.topology.ClassifierConfig;
import org.inputdesk.classifier.topology.ClassifierService;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new consultation with a thin phrase list learns from its operators: after 30 theme corrections,
 * {@code inputdesk train} and a replay, the inputs nobody corrected are tagged better. Real broker,
 * real classifier, the operator commands as typed.
 */
@ExtendWith(SharedKafka.class)
class LearningFromCorrectionsIT {

  private static final String CONSULTATION = "water-2027";
  private static final int INPUTS = 90;
  private static final int CORRECTIONS = 30;

  // what senders write about each theme, mostly without the theme's one phrase
  private static final Map<String, List<String>> SAID =
      Map.of(
          "sanitation",
          List.of(
              "Many villages still lack latrines and proper sewage systems.",
              "Open defecation spreads cholera in crowded settlements.",
              "Wastewater treatment plants are overloaded after every storm.",
              "Handwashing stations and hygiene lessons in schools reduce disease.",
              "Separate toilets for girls keep them in class.",
              "Faecal sludge must be collected and treated safely.",
              "Our sanitation programme reaches only the capital."),
          "irrigation",
          List.of(
              "Farmers need canals and drip lines to water their fields in the dry season.",
              "Pumps for the rice paddies run on costly diesel.",
              "Crop yields fall when the channels to the fields silt up.",
              "Smallholders should share the reservoir's water for their harvests.",
              "Orchards and vegetable plots need water every week of the summer.",
              "Sprinklers on wheat fields waste water in the midday heat.",
              "Irrigation schemes must be maintained by the farmers who use them."),
          "drinking-water",
          List.of(
              "Households walk for hours to fetch water that is safe to drink.",
              "Arsenic in wells poisons families who have no tap.",
              "Chlorination of the municipal supply must be monitored.",
              "Piped water to every home is our goal for 2030.",
              "Bottled water is too expensive for poor families.",
              "Boreholes and hand pumps give villages clean water to drink.",
              "Drinking water standards must be enforced."));

  private static final List<String> FILLER =
      List.of(
          "We thank the secretariat for this consultation.",
          "Our ministry will follow the discussion closely.",
          "We look forward to the next meeting of the forum.");

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static ClassifierService classifier;

  @BeforeAll
  static void start() {
    kafka = SharedKafka.broker();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    classifier =
        ClassifierService.start(
            ClassifierConfig.from(
                Map.of(
                    "kafka.bootstrap.servers",
                    kafka.bootstrapServers(),
                    // the broker is the module's: a group and internal topics of this test's own
                    "classifier.application.id",
                    SharedKafka.unique("learning-classifier"),
                    ClassifierConfig.STATE_DIR,
                    dir.resolve("state").toString(),
                    "ops.http.port",
                    "-1")));
  }

  @AfterAll
  static void stop() {
    if (classifier != null) {
      classifier.close();
    }
  }

  private static CliRun cli(final String... args) {
    return CliRun.against(kafka.bootstrapServers(), args);
  }

  @Test
  void shouldTagUncorrectedInputsBetterAfterThirtyCorrectionsATrainAndAReplay() throws Exception {
    final Map<String, Set<String>> truth = new HashMap<>();
    send(truth);
    final Map<String, SubmissionClassified> first = awaitClassified(Instant.EPOCH);
    final double before = microF1(first, truth, null);

    // operators correct the first inputs the classifier got wrong, one theme fix at a time
    final Set<String> corrected = new LinkedHashSet<>();
    for (int i = 0; i < INPUTS && corrected.size() < CORRECTIONS; i++) {
      final String id = "w-" + i;
      final Set<String> said = themes(first.get(id));
      final Set<String> wanted = truth.get(id);
      if (said.equals(wanted)) {
        continue;
      }
      final List<String> args =
          new ArrayList<>(List.of("correct", id, "--reason", "theme fix", "--by", "ana"));
      wanted.stream()
          .filter(t -> !said.contains(t))
          .forEach(t -> args.addAll(List.of("--add-theme", t)));
      said.stream()
          .filter(t -> !wanted.contains(t))
          .forEach(t -> args.addAll(List.of("--remove-theme", t)));
      final CliRun run = cli(args.toArray(String[]::new));
      assertThat(run.code()).as(run.err()).isZero();
      corrected.add(id);
    }
    assertThat(corrected).hasSize(CORRECTIONS);
    await("corrections applied")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              final Map<String, SubmissionClassified> now = classified();
              return corrected.stream()
                  .allMatch(id -> now.get(id) != null && themes(now.get(id)).equals(truth.get(id)));
            });

    final CliRun train = cli("train", "--consultation", CONSULTATION);
    assertThat(train.code()).as(train.out() + train.err()).isZero();
    assertThat(train.out())
        .contains(
            "30 corrected inputs", "before (phrases", "after (a model refitted", "model written");

    final Instant replayed = Instant.now();
    final CliRun replay = cli("replay", "--consultation", CONSULTATION);
    assertThat(replay.code()).as(replay.err()).isZero();
    final Map<String, SubmissionClassified> after = awaitClassified(replayed);
    final double afterF1 = microF1(after, truth, corrected);
    final double beforeRest = microF1(first, truth, corrected);
    assertThat(afterF1)
        .as(
            "micro-F1 on the %d uncorrected inputs: before %.3f (all: %.3f), after %.3f",
            INPUTS - CORRECTIONS, beforeRest, before, afterF1)
        .isGreaterThan(beforeRest + 0.10);
    // the operators' own fixes still stand after the replay: what they added is there, what they
    // removed is not (a correction is a standing add/remove, not a frozen set)
    final Map<String, org.inputdesk.schemas.SubmissionCorrection> fixes =
        TopicReader.latest(
            Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.SUBMISSION_CORRECTIONS);
    for (final String id : corrected) {
      final Set<String> now = themes(after.get(id));
      assertThat(now).as(id).containsAll(fixes.get(id).getAddThemes());
      fixes
          .get(id)
          .getRemoveThemes()
          .forEach(removed -> assertThat(now).as(id).doesNotContain(removed));
    }
  }

  private static void send(final Map<String, Set<String>> truth) throws Exception {
    final Random random = new Random(7);
    final List<String> ids = List.copyOf(SAID.keySet()).stream().sorted().toList();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
            Topics.CONSULTATIONS.keySerde().serializer(),
            Topics.CONSULTATIONS.valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.CONSULTATIONS.name(), CONSULTATION, consultation()))
          .get();
    }
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
            Topics.SUBMISSIONS_RECEIVED.keySerde().serializer(),
            Topics.SUBMISSIONS_RECEIVED.valueSerde().serializer())) {
      for (int i = 0; i < INPUTS; i++) {
        final Set<String> themes = new LinkedHashSet<>();
        themes.add(ids.get(i % 3));
        if (random.nextInt(4) == 0) {
          themes.add(ids.get(random.nextInt(3)));
        }
        final StringBuilder text =
            new StringBuilder(FILLER.get(random.nextInt(FILLER.size()))).append(' ');
        for (final String t : themes) {
          final List<String> said = SAID.get(t);
          text.append(said.get(random.nextInt(said.size())))
              .append(' ')
              .append(said.get(random.nextInt(said.size())))
              .append(' ');
        }
        text.append(FILLER.get(random.nextInt(FILLER.size())));
        final String id = "w-" + i;
        truth.put(id, themes);
        producer.send(
            new ProducerRecord<>(
                Topics.SUBMISSIONS_RECEIVED.name(), id, received(id, i, text.toString())));
      }
      producer.flush();
    }
  }

  private static Consultation consultation() {
    final List<Theme> taxonomy = new ArrayList<>();
    for (final String id : List.of("sanitation", "irrigation", "drinking-water")) {
      taxonomy.add(
          Theme.newBuilder()
              .setId(id)
              .setLabel(id)
              .setPhrases(Map.of("en", List.of(id.replace('-', ' '))))
              .build());
    }
    return Consultation.newBuilder()
        .setId(CONSULTATION)
        .setTitle("Water 2027")
        .setTrackingPrefix("W27")
        .setTaxonomy(taxonomy)
        .setPolicy(PublicationPolicy.newBuilder().build())
        .setUpdatedAt(Instant.parse("2027-01-01T00:00:00Z"))
        .build();
  }

  private static SubmissionReceived received(final String id, final int n, final String text) {
    return SubmissionReceived.newBuilder()
        .setId(id)
        .setSource(
            MailSource.newBuilder()
                .setKind(SourceKind.IMAP)
                .setMailbox("inputs@water.example/INBOX")
                .setUidValidity(1L)
                .setUid((long) n)
                .build())
        .setReceivedAt(Instant.parse("2027-01-02T00:00:00Z").plusSeconds(n))
        .setFrom(
            Address.newBuilder()
                .setAddress("sender" + n + "@ministry" + n + ".example")
                .setName(null)
                .build())
        .setSubject("Input " + n)
        .setConsultationId(CONSULTATION)
        .setTrackingNumber(String.format("W27-%06d", n + 1))
        .setTextParts(
            List.of(
                TextPart.newBuilder()
                    .setKind(TextKind.PLAIN)
                    .setCharset("UTF-8")
                    .setText(text)
                    .build()))
        .setContentSha256("sha-" + id)
        .setRawSize(text.length())
        .build();
  }

  private static Map<String, SubmissionClassified> classified() {
    return TopicReader.latest(
        Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.SUBMISSIONS_CLASSIFIED);
  }

  // every input classified at or after `since`
  private static Map<String, SubmissionClassified> awaitClassified(final Instant since) {
    return await("all inputs classified since " + since)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            LearningFromCorrectionsIT::classified,
            m ->
                m.values().stream()
                        .filter(
                            c ->
                                CONSULTATION.equals(c.getConsultationId())
                                    && !c.getClassifiedAt().isBefore(since))
                        .count()
                    == INPUTS);
  }

  private static Set<String> themes(final SubmissionClassified c) {
    final Set<String> out = new LinkedHashSet<>();
    for (final ThemeTag t : c.getThemes()) {
      out.add(t.getId());
    }
    return out;
  }

  private static double microF1(
      final Map<String, SubmissionClassified> got,
      final Map<String, Set<String>> truth,
      final Set<String> leaveOut) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (final Map.Entry<String, Set<String>> e : truth.entrySet()) {
      if (leaveOut != null && leaveOut.contains(e.getKey())) {
        continue;
      }
      final Set<String> said = themes(got.get(e.getKey()));
      for (final String t : said) {
        if (e.getValue().contains(t)) {
          tp++;
        } else {
          fp++;
        }
      }
      for (final String t : e.getValue()) {
        if (!said.contains(t)) {
          fn++;
        }
      }
    }
    return 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
  }
}
