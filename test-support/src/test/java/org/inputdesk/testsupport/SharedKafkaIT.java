package org.inputdesk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.inputdesk.embedded.EmbeddedKafka;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every test class of a module gets the one broker; names from unique() never repeat. */
@ExtendWith(SharedKafka.class)
class SharedKafkaIT {

  @Test
  void shouldInjectTheSameBrokerThatBrokerReturns(final EmbeddedKafka kafka) throws Exception {
    assertThat(kafka).isSameAs(SharedKafka.broker());
    final String topic = SharedKafka.unique("Probe");
    assertThat(topic).startsWith("probe-").isNotEqualTo(SharedKafka.unique("probe"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      assertThat(admin.listTopics().names().get()).contains(topic);
    }
  }

  @Nested
  @ExtendWith(SharedKafka.class)
  class AnotherClass {
    @Test
    void shouldSeeTheSameBroker(final EmbeddedKafka kafka) {
      assertThat(kafka.bootstrapServers()).isEqualTo(SharedKafka.broker().bootstrapServers());
    }
  }
}
