package org.inputdesk.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.common.kafka.TopicScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one "read a topic to its end" loop, on a real broker with transactions. */
class TopicScannerIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static Map<String, Object> client;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(new NewTopic("scanned", 3, (short) 1))).all().get();
    }
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers", kafka.bootstrapServers(), "transactional.id", "scanner-it"),
            new StringSerializer(),
            new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 6; i++) {
        producer.send(new ProducerRecord<>("scanned", "k" + i, "committed-" + i));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("scanned", "k9", "aborted"));
      producer.flush();
      producer.abortTransaction();
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void shouldReadEveryCommittedRecordOfEveryPartitionAndNoAbortedOne() {
    final List<String> values = new ArrayList<>();
    TopicScanner.scan(
        client,
        "scanned",
        new StringDeserializer(),
        new StringDeserializer(),
        r -> values.add(r.value()));
    assertThat(values)
        .containsExactlyInAnyOrder(
            "committed-0",
            "committed-1",
            "committed-2",
            "committed-3",
            "committed-4",
            "committed-5");
    assertThat(kafka.readCommitted("scanned", new StringDeserializer()))
        .extracting(ConsumerRecord::value)
        .hasSize(6)
        .doesNotContain("aborted");
  }

  @Test
  void shouldStopWhenTheCallerHasEnoughAndSayItDidNotReachTheEnd() {
    try (var consumer =
        new KafkaConsumer<>(
            TopicScanner.readerProps(client), new StringDeserializer(), new StringDeserializer())) {
      final List<TopicPartition> partitions = TopicScanner.partitions(consumer, "scanned");
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      final List<String> seen = new ArrayList<>();
      final boolean reached =
          TopicScanner.readToEnd(
              consumer,
              partitions,
              Duration.ofSeconds(10),
              r -> {
                seen.add(r.value());
                return seen.size() < 2;
              });
      assertThat(reached).isFalse();
      assertThat(seen).hasSize(2);
    }
  }

  @Test
  void shouldReadNothingOfATopicThatDoesNotExist() {
    assertThat(
            TopicScanner.readAll(
                client, "no-such-topic", new StringDeserializer(), new StringDeserializer()))
        .isEmpty();
  }
}
