package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SafeTextTest {

  /** Characters a terminal acts on or hides: none may reach it. */
  static boolean terminalSafe(final String s) {
    return s.codePoints()
        .allMatch(
            c ->
                c == '\n'
                    || c != '\uFFFD'
                        && Character.getType(c) != Character.CONTROL
                        && Character.getType(c) != Character.FORMAT);
  }

  @Test
  void shouldCallBinaryWhatIsNotTextAndShowNoneOfIt() {
    final byte[] zip = {'P', 'K', 3, 4, 0, 0, (byte) 0x9b, '2', 'J', (byte) 0xff, (byte) 0xfe};

    final SafeText.Preview preview = SafeText.preview(zip, 40, 160);

    assertThat(preview.binary()).isTrue();
    assertThat(preview.lines()).isEmpty();
  }

  @Test
  void shouldReplaceEscapeSequencesC1ControlsAndBidiOverridesInText() {
    final String mail =
        "Subject: hello\r\n\r\nred \u001b[31mtext\u001b[0m, \u009b2J clear, \u202egnp.exe\u200b ok";

    final SafeText.Preview preview =
        SafeText.preview(mail.getBytes(StandardCharsets.UTF_8), 40, 160);

    assertThat(preview.binary()).isFalse();
    assertThat(preview.lines())
        .containsExactly("Subject: hello", "", "red ?[31mtext?[0m, ?2J clear, ?gnp.exe? ok");
    assertThat(preview.lines()).allMatch(SafeTextTest::terminalSafe);
  }

  @Test
  void shouldKeepLettersOfEveryScriptAndEmoji() {
    final String text = "Délégation — وفد — делегация — 代表团 🙂";

    assertThat(SafeText.preview(text.getBytes(StandardCharsets.UTF_8), 5, 100).lines())
        .containsExactly(text);
  }

  @Test
  void shouldBoundLinesAndTheirLength() {
    final String text = ("x".repeat(500) + "\n").repeat(1000);

    final SafeText.Preview preview =
        SafeText.preview(text.getBytes(StandardCharsets.UTF_8), 40, 160);

    assertThat(preview.truncated()).isTrue();
    assertThat(preview.lines()).hasSize(40).allMatch(l -> l.length() <= 163);
  }

  @Test
  void shouldMakeAHeaderValueOneSafeLine() {
    assertThat(SafeText.line("kafka refused\r\n\u001b]0;pwned\u0007 the records", 100))
        .isEqualTo("kafka refused ?]0;pwned? the records");
    assertThat(SafeText.line("y".repeat(50), 10)).isEqualTo("yyyyyyyyyy...");
  }
}
