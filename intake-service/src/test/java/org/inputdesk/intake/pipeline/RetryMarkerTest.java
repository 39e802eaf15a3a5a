package org.inputdesk.intake.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RetryMarkerTest {

  private static final String MAIL =
      "From: Jane Doe <jane@example.org>\r\n"
          + "To: inputs@oewg.example.org\r\n"
          + "Subject: [OEWG] Our input\r\n"
          + "Message-ID: <a1@example.org>\r\n"
          + "\r\n"
          + "X-InputDesk-Retry-Of: not a header, the body\r\n";

  private static byte[] bytes(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(final byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void shouldNameTheDeadLetterInAHeaderAndLeaveTheRestOfTheMailAsItWas() {
    final byte[] marked = RetryMarker.mark(bytes(MAIL), "submissions-dlq/0/17");

    assertThat(text(marked)).isEqualTo("X-InputDesk-Retry-Of: submissions-dlq/0/17\r\n" + MAIL);
    assertThat(RetryMarker.of(marked)).isEqualTo("submissions-dlq/0/17");
  }

  @Test
  void shouldReplaceAnEarlierMarkIncludingItsFoldedLines() {
    final byte[] once = bytes("x-inputdesk-retry-of: submissions-dlq/0/3\r\n\tmore\r\n" + MAIL);

    final byte[] twice = RetryMarker.mark(once, "submissions-dlq/0/9");

    assertThat(text(twice)).isEqualTo("X-InputDesk-Retry-Of: submissions-dlq/0/9\r\n" + MAIL);
    assertThat(RetryMarker.of(twice)).isEqualTo("submissions-dlq/0/9");
  }

  @Test
  void shouldFollowTheMailsOwnLineEnds() {
    final String lf = MAIL.replace("\r\n", "\n");

    final byte[] marked = RetryMarker.mark(bytes(lf), "submissions-dlq/0/1");

    assertThat(text(marked)).isEqualTo("X-InputDesk-Retry-Of: submissions-dlq/0/1\n" + lf);
  }

  @Test
  void shouldFindNoMarkInAnUnmarkedMailNorInItsBody() {
    assertThat(RetryMarker.of(bytes(MAIL))).isNull();
    assertThat(RetryMarker.of(bytes("not an email at all"))).isNull();
    assertThat(RetryMarker.of(new byte[0])).isNull();
  }

  @Test
  void shouldKeepOnlyTheCharactersOfADeadLetterNameFromAForeignHeader() {
    final byte[] forged = bytes("X-InputDesk-Retry-Of: <script>\u001b[31m x/1\r\n" + MAIL);

    assertThat(RetryMarker.of(forged)).isEqualTo("script31mx/1");
  }
}
