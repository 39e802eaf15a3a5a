package org.inputdesk.intake.errors;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

  @Test
  void shouldStopWhenTheProducerCannotGoOn() {
    assertThat(ErrorClassifier.classify(new ProducerFencedException("a newer instance")))
        .isEqualTo(ErrorClassifier.Kind.FATAL);
    assertThat(ErrorClassifier.isFatal(new OutOfOrderSequenceException("gap"))).isTrue();
    assertThat(ErrorClassifier.isFatal(new TopicAuthorizationException("no write"))).isTrue();
    assertThat(ErrorClassifier.isFatal(new AuthorizationException("no transactional id"))).isTrue();
    assertThat(ErrorClassifier.isFatal(new UnsupportedVersionException("old broker"))).isTrue();
    assertThat(ErrorClassifier.isFatal(ErrorClassifier.fatal("cannot abort", null))).isTrue();
  }

  @Test
  void shouldRetryTheMailboxConnectionIoAndAbortedTransactions() {
    assertThat(ErrorClassifier.classify(new MessagingException("connection reset")))
        .isEqualTo(ErrorClassifier.Kind.RETRIABLE);
    assertThat(ErrorClassifier.isFatal(new IOException("broken pipe"))).isFalse();
    assertThat(ErrorClassifier.isFatal(new TimeoutException("no broker"))).isFalse();
    assertThat(ErrorClassifier.isFatal(new RecordTooLargeException("2 MB"))).isFalse();
    assertThat(ErrorClassifier.isFatal(new KafkaException("aborted"))).isFalse();
    assertThat(ErrorClassifier.isFatal(new IllegalStateException("closed"))).isFalse();
  }

  @Test
  void shouldKeepTheCauseAndTheReasonOfAFatalFailure() {
    final ProducerFencedException cause = new ProducerFencedException("fenced");
    final FatalIntakeException fatal = ErrorClassifier.fatal("the producer cannot go on", cause);
    assertThat(fatal).hasMessage("the producer cannot go on").hasCause(cause);
  }

  @Test
  void shouldDoubleTheBackoffUpToItsCapAndStartAgainAfterASuccess() {
    final ErrorClassifier.Backoff backoff =
        new ErrorClassifier.Backoff(Duration.ofMillis(100), Duration.ofMillis(500));
    assertThat(backoff.next()).isEqualTo(100);
    assertThat(backoff.next()).isEqualTo(200);
    assertThat(backoff.next()).isEqualTo(400);
    assertThat(backoff.next()).isEqualTo(500);
    assertThat(backoff.next()).isEqualTo(500);
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(100);
  }
}
