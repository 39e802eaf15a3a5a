package org.inputdesk.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.inputdesk.classifier.BenchInputs;
import org.inputdesk.classifier.Fixtures;
import org.inputdesk.classifier.links.CampaignDetector;
import org.inputdesk.classifier.links.DuplicateKeys;
import org.inputdesk.classifier.links.Links;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyed topology finds what the single-task finder found, input for input: a reference written
 * from the finder's rules (one consultation's inputs in order, duplicates first, then buckets in
 * band order), against the links table after 120 inputs of two consultations with form letters,
 * exact copies by Message-ID and by sender and text, unrelated letters and short notes.
 */
class LinkEquivalenceTest {

  private static final String[] LETTERS = {
    "as a concerned citizen I urge the working group to protect hospitals and other critical"
        + " infrastructure from cyberattacks, to make the norms of responsible State behaviour"
        + " binding, and to hear civil society in every session of the future permanent mechanism.",
    "our association of small businesses asks the Member States to fund training for the owners"
        + " of small firms, to publish plain guidance on ransomware, and to set up a hotline that"
        + " answers any company that has been attacked within one working day of its call.",
    "nous demandons aux États de reconnaître le rôle des équipes nationales de réponse aux"
        + " incidents, de financer leur formation dans les pays en développement et de garantir"
        + " que le futur mécanisme permanent entende aussi les chercheurs et les universités."
  };

  private static final String[] GREETINGS = {"Dear Secretariat,", "Hello,", "Dear Chair,", "Hi,"};

  @TempDir Path stateDir;

  private final CampaignDetector detector = new CampaignDetector();

  @Test
  void shouldFindTheSameDuplicatesAndCampaignsAsTheSingleTaskFinder() {
    final List<SubmissionReceived> inputs = inputs(120);
    final Map<String, Links> expected = new Reference(detector).run(inputs);
    assertThat(expected.values().stream().filter(l -> l.duplicateOf() != null).count())
        .isGreaterThan(5);
    assertThat(expected.values().stream().map(Links::campaignId).distinct().count())
        .as("campaigns, and none")
        .isGreaterThanOrEqualTo(5);

    try (TopologyTestDriver driver =
        new TopologyTestDriver(ClassifierTopology.build(), properties())) {
      final TestInputTopic<String, SubmissionReceived> received =
          driver.createInputTopic(
              Topics.SUBMISSIONS_RECEIVED.name(),
              new StringSerializer(),
              Topics.SUBMISSIONS_RECEIVED.valueSerde().serializer());
      for (final SubmissionReceived input : inputs) {
        received.pipeInput(input.getId(), input);
      }
      final var links = driver.<String, String>getKeyValueStore(ClassifierTopology.LINKS_STORE);
      for (final SubmissionReceived input : inputs) {
        assertThat(Links.decode(links.get(input.getId())))
            .as("links of %s", input.getId())
            .isEqualTo(expected.get(input.getId()));
      }
    }
  }

  private java.util.Properties properties() {
    return ClassifierService.properties(
        ClassifierConfig.from(
            Map.of(
                "kafka.bootstrap.servers",
                "dummy:9092",
                ClassifierConfig.APPLICATION_ID,
                "link-equivalence-test",
                ClassifierConfig.STATE_DIR,
                stateDir.toString())));
  }

  private static List<SubmissionReceived> inputs(final int count) {
    final Random random = new Random(21);
    final List<SubmissionReceived> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      final String id = "e" + i;
      final int kind = random.nextInt(10);
      SubmissionReceived input;
      if (kind < 2 || out.isEmpty()) {
        input =
            SubmissionReceived.newBuilder(BenchInputs.input(5, i))
                .setId(id)
                .setConsultationId("oewg8")
                .build();
      } else if (kind == 2) {
        input = Fixtures.received(id, "n" + i + "@gmail.com", "Note", "Thank you, " + i + ".");
      } else if (kind == 3) {
        // the same mail again (the same Message-ID), or the same sender with the same text
        final SubmissionReceived earlier = out.get(random.nextInt(out.size()));
        final SubmissionReceived.Builder copy = SubmissionReceived.newBuilder(earlier).setId(id);
        input =
            random.nextBoolean()
                ? copy.setContentSha256("sha-" + id).build()
                : copy.setMessageId("<" + id + "@mail.example>").build();
      } else {
        final String text =
            GREETINGS[random.nextInt(GREETINGS.length)]
                + " "
                + LETTERS[random.nextInt(LETTERS.length)]
                + " "
                + (random.nextBoolean() ? "Thank you for considering my views." : "Regards.")
                + " Sender "
                + i;
        input = Fixtures.received(id, "s" + i + "@gmail.com", "My views", text);
      }
      if (random.nextInt(4) == 0) {
        input = SubmissionReceived.newBuilder(input).setConsultationId("other").build();
      }
      out.add(input);
    }
    return out;
  }

  /** The single-task finder's rules, in memory. */
  private static final class Reference {
    private static final int MAX_BUCKET = 200;
    private final CampaignDetector detector;
    private final Map<String, String> duplicates = new HashMap<>();
    private final Map<String, List<String>> buckets = new HashMap<>();
    private final Map<String, long[]> signatures = new HashMap<>();
    private final Map<String, String> campaigns = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private final Map<String, Links> links = new HashMap<>();

    Reference(final CampaignDetector detector) {
      this.detector = detector;
    }

    Map<String, Links> run(final List<SubmissionReceived> inputs) {
      inputs.forEach(this::add);
      return links;
    }

    private void add(final SubmissionReceived input) {
      final String id = input.getId();
      String duplicateOf = null;
      for (final String key : DuplicateKeys.of(input)) {
        final String seen = duplicates.putIfAbsent(key, id);
        if (seen != null && !seen.equals(id) && duplicateOf == null) {
          duplicateOf = seen;
        }
      }
      if (duplicateOf != null) {
        links.put(id, new Links(duplicateOf, null, 0, null));
        return;
      }
      final long[] signature =
          org.inputdesk.classifier.links.LinkKeys.of(input, detector).signature();
      if (signature == null) {
        return;
      }
      signatures.put(id, signature);
      final String consultation =
          input.getConsultationId() == null ? "-" : input.getConsultationId();
      final List<List<String>> met = new ArrayList<>();
      for (final String band : detector.bandKeys(signature)) {
        final List<String> bucket =
            buckets.computeIfAbsent(consultation + "|" + band, k -> new ArrayList<>());
        met.add(List.copyOf(bucket));
        if (bucket.size() <= MAX_BUCKET) {
          bucket.add(id);
        }
      }
      for (final List<String> candidates : met) {
        for (final String member : candidates) {
          if (detector.similar(signatures.get(member), signature)) {
            join(member, id);
            return;
          }
        }
      }
    }

    private void join(final String member, final String id) {
      final String representative = campaigns.getOrDefault(member, member);
      final int size = sizes.getOrDefault(representative, 1) + 1;
      sizes.put(representative, size);
      campaigns.put(id, representative);
      campaigns.putIfAbsent(member, representative);
      final Links joined = new Links(null, "campaign-" + representative, size, representative);
      links.put(id, joined);
      if (size <= 100 || size % 100 == 0) {
        links.put(representative, joined);
      }
    }
  }
}
