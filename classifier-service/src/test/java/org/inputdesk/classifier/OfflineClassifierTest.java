package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.inputdesk.classifier.topology.ThreadReplacement;
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
  void shouldReadTheFromHeaderValueAndTrustedAuthenticationResults() throws Exception {
    final ObjectMapper json = new ObjectMapper();
    final String text =
        "Dear Secretariat,\n\nWe support the points-of-contact directory.\n\nBest regards,\n\n"
            + "Tan Wei Ling\nPermanent Mission of the Republic of Singapore to the United Nations";
    final String in =
        json.writeValueAsString(
                Map.of(
                    "id",
                    "v",
                    "from",
                    "Tan Wei Ling <tan_wei_ling@mfa.gov.sg>",
                    "text",
                    text,
                    "authentication_results",
                    List.of("mx.example; dmarc=pass header.from=mfa.gov.sg")))
            + "\n"
            + json.writeValueAsString(
                Map.of(
                    "id", "f",
                    "from", "=?utf-8?q?Anna_K=C3=B3wal?= <anna@un.org>",
                    "subject", "Fwd: input",
                    "text",
                        "FYI\n\n---------- Forwarded message ---------\nFrom: Rania"
                            + " <rania@accessnow.org>\nSubject: input\n\nOur input.\n\nRania\nAccess"
                            + " Now"))
            + "\n";
    final StringWriter out = new StringWriter();
    assertThat(new OfflineClassifier().run(new StringReader(in), out)).isZero();
    final String[] lines = out.toString().split("\n");
    final JsonNode v = json.readTree(lines[0]);
    assertThat(v.get("sender_type").asText()).isEqualTo("member-state");
    assertThat(v.get("organisation").asText())
        .isEqualTo("Permanent Mission of the Republic of Singapore to the United Nations");
    assertThat(v.get("country").asText()).isEqualTo("SGP");
    assertThat(v.get("basis").asText()).isEqualTo("kb:domain");
    assertThat(v.get("verified").asBoolean()).isTrue();
    assertThat(v.get("forwarded_by").isNull()).isTrue();
    final JsonNode f = json.readTree(lines[1]);
    assertThat(f.get("sender_type").asText()).isEqualTo("ngo");
    assertThat(f.get("organisation").asText()).isEqualTo("Access Now");
    assertThat(f.get("forwarded_by").asText()).isEqualTo("anna@un.org");
    assertThat(f.get("verified").asBoolean()).isFalse();
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
