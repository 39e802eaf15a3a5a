package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.io.StringWriter;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class OfflineClassifierTest {

  @Test
  void shouldWriteThemesSenderLanguageAndParagraphsForEachLine() throws Exception {
    final String in =
        "{\"id\":\"a\",\"from\":\"cyber@mfa.gov.sg\",\"subject\":\"Views\",\"text\":"
            + new ObjectMapper().writeValueAsString(Fixtures.MISSION_TEXT)
            + "}\n"
            + "not json\n"
            + "{\"id\":\"b\",\"text\":\"Thank you.\"}\n";
    final StringWriter out = new StringWriter();
    final int failed = new OfflineClassifier().run(new StringReader(in), out);

    assertThat(failed).isEqualTo(1);
    final String[] lines = out.toString().split("\n");
    assertThat(lines).hasSize(3);
    final JsonNode a = new ObjectMapper().readTree(lines[0]);
    assertThat(a.get("id").asText()).isEqualTo("a");
    assertThat(a.get("sender_type").asText()).isEqualTo("member-state");
    assertThat(a.get("country").asText()).isEqualTo("SGP");
    assertThat(a.get("language").asText()).isEqualTo("en");
    assertThat(a.get("themes").get(0).get("evidence").get(0).has("phrase")).isTrue();
    assertThat(a.get("paragraph_refs").toString()).contains("\"45\"");
    assertThat(new ObjectMapper().readTree(lines[1]).has("error")).isTrue();
    assertThat(new ObjectMapper().readTree(lines[2]).get("themes")).isEmpty();
  }

  @Test
  void shouldReplaceDeadThreadsOnlyABoundedNumberOfTimes() {
    final ThreadReplacement policy = new ThreadReplacement(2);
    final RuntimeException boom = new IllegalStateException("boom");
    assertThat(policy.handle(boom)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.handle(boom)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.handle(boom)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }
}
