package org.inputdesk.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  private static ConsumerRecord<byte[], byte[]> unreadable() {
    return new ConsumerRecord<>(
        Topics.SUBMISSIONS_REPLAY.name(),
        1,
        12L,
        "sub-1".getBytes(StandardCharsets.UTF_8),
        "not avro".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldMarkARetriedRecordThatFailsAgainAsARepeatOfItsLetter() {
    final ConsumerRecord<byte[], byte[]> record = unreadable();
    record.headers().add("retry.of", "submissions-dlq/0/17".getBytes(StandardCharsets.UTF_8));

    final var dead =
        new DeadLetterHandler()
            .handleError(null, record, new IllegalArgumentException("cannot decode"))
            .deadLetterQueueRecords()
            .get(0);

    final Header repeat = dead.headers().lastHeader("repeat.of");
    assertThat(repeat).isNotNull();
    assertThat(new String(repeat.value(), StandardCharsets.UTF_8))
        .isEqualTo("submissions-dlq/0/17");
  }

  @Test
  void shouldNotMarkAFirstFailure() {
    final var dead =
        new DeadLetterHandler()
            .handleError(null, unreadable(), new IllegalArgumentException("cannot decode"))
            .deadLetterQueueRecords()
            .get(0);

    assertThat(dead.headers().lastHeader("repeat.of")).isNull();
  }
}
