package org.inputdesk.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStackIT {

  @TempDir Path dir;

  @Test
  void shouldServeARealBrokerThatKeepsItsDataAcrossARestart() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      assertThat(kafka.startupTime()).isLessThan(Duration.ofSeconds(30));
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get();
      }
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                  "it-tx"),
              new StringSerializer(),
              new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("probe", "k", "v"));
        producer.commitTransaction();
      }
    }
    try (EmbeddedKafka again = EmbeddedKafka.start(dir)) {
      assertThat(readAll(again.bootstrapServers(), "probe")).containsExactly("v");
    }
  }

  @Test
  void shouldDeliverMailSentBySmtpToTheImapMailbox() throws Exception {
    try (EmbeddedMail mail = EmbeddedMail.start("inputs@oewg.example.org", "secret")) {
      mail.sendRaw(
          ("From: Jane <jane@example.org>\r\nTo: inputs@oewg.example.org\r\nSubject: Hello\r\n\r\nBody\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      final Properties props = new Properties();
      final Store store = Session.getInstance(props).getStore("imap");
      store.connect(mail.host(), mail.imapPort(), mail.user(), mail.password());
      final Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isEqualTo(1);
      assertThat(inbox.getMessage(1).getSubject()).isEqualTo("Hello");
      store.close();
    }
  }

  private static List<String> readAll(final String bootstrap, final String topic) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      final TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      final long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        final var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          return records.records(tp).stream().map(ConsumerRecord::value).toList();
        }
      }
      return List.of();
    }
  }
}
