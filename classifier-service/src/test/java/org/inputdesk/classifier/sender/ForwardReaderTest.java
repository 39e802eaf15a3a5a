package org.inputdesk.classifier.sender;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardReaderTest {

  private static final String INPUT =
      "Dear Secretariat,\n\nWe support the draft.\n\nRegards,\nJane";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Fwd: Input|---------- Forwarded message ---------|From|Date|Subject|To",
        "Fw: Input|-------- Original Message --------|Subject|Date|From|To",
        "FW: Input|________________________________|From|Sent|To|Subject",
        "Input|Begin forwarded message:|From|Subject|Date|To",
        "TR: Contribution|-------- Message transféré --------|De :|Date :|À :|Objet :",
        "TR: Contribution|-------- Message d'origine --------|De :|Envoyé :|À :|Objet :",
        "RV: Aporte|---------- Mensaje reenviado ---------|De:|Date:|Subject:|To:",
        "WG: Beitrag|-------- Weitergeleitete Nachricht --------|Von:|Datum:|An:|Betreff:",
        "Пересл: Вклад|-------- Пересылаемое сообщение --------|От:|Дата:|Кому:|Тема:",
        "转发: 意见|-------- 转发的邮件 --------|发件人:|日期:|收件人:|主题:",
        "إعادة توجيه: مساهمة|---------- الرسالة المعاد توجيهها ----------|من:|التاريخ:|إلى:|الموضوع:",
      })
  void shouldReadTheOriginalSenderAndLeaveTheForwardingNoteOut(
      final String subject,
      final String marker,
      final String k1,
      final String k2,
      final String k3,
      final String k4) {
    final String from = "Jane Doe <jane@accessnow.org>";
    final String body =
        "Please post this.\n\nJean\n\n"
            + marker
            + "\n"
            + line(k1, from)
            + line(k2, from)
            + line(k3, from)
            + line(k4, from)
            + "\n"
            + INPUT;
    final ForwardReader.Unwrapped u = ForwardReader.read(subject, body);
    assertThat(u.forwarded()).isTrue();
    assertThat(u.original().address()).isEqualTo("jane@accessnow.org");
    assertThat(u.text()).isEqualTo(INPUT);
  }

  private static String line(final String key, final String from) {
    final String k = key.endsWith(":") ? key : key + ":";
    final boolean isFrom = k.matches("(?iu)(from|de|von|от|发件人|من) ?:");
    return k + " " + (isFrom ? from : "something") + "\n";
  }

  @Test
  void shouldTellForwardSubjectsInEveryLanguage() {
    for (final String s :
        new String[] {
          "Fwd: x", "FW: x", "TR: x", "RV: x", "WG: x", "Пересл: x", "转发: x", "[OEWG] Fwd: x"
        }) {
      assertThat(ForwardReader.forwardSubject(s)).as(s).isTrue();
    }
    assertThat(ForwardReader.forwardSubject("Re: x")).isFalse();
    assertThat(ForwardReader.withoutForwardPrefix("[OEWG] Fwd: FW: Input"))
        .isEqualTo("[OEWG] Input");
  }

  @Test
  void shouldKeepAReplyAboveAQuotedOriginalMessage() {
    final ForwardReader.Unwrapped u =
        ForwardReader.read(
            "RE: Call for inputs",
            "Our input: protect hospitals from ransomware, as set out in the annex we attach to"
                + " this reply, and support the points-of-contact directory. ".repeat(8)
                + "\n\n-----Original Message-----\nFrom: OEWG Secretariat <oewg@un.org>\n"
                + "Sent: Monday\nTo: us\nSubject: Call for inputs\n\nPlease send inputs.");
    assertThat(u.forwarded()).isFalse();
    assertThat(u.text()).startsWith("Our input").doesNotContain("Please send inputs");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "On Mon, 3 Mar 2025 at 10:12, Secretariat <oewg@un.org> wrote:",
        "Le lun. 3 mars 2025 à 10:12, Secrétariat <oewg@un.org> a écrit :",
        "El lun, 3 mar 2025 a las 10:12, Secretaría (<oewg@un.org>) escribió:",
        "Em seg., 3 de mar. de 2025 às 10:12, Secretariado <oewg@un.org> escreveu:",
        "Am Mo., 3. März 2025 um 10:12 Uhr schrieb Sekretariat <oewg@un.org>:",
        "пн, 3 мар. 2025 г. в 10:12, Секретариат <oewg@un.org>:",
      })
  void shouldLeaveQuotedMessagesAndTheirIntroductionOut(final String attribution) {
    final ForwardReader.Unwrapped u =
        ForwardReader.read(
            "Re: inputs", "Our views.\n\n" + attribution + "\n> Please send inputs.\n> Thanks");
    assertThat(u.text()).isEqualTo("Our views.");
  }

  @Test
  void shouldReadAForwardWithoutOriginalHeadersAsAForwardOfNobodyKnown() {
    final ForwardReader.Unwrapped u =
        ForwardReader.read("Fwd: input", "---------- Forwarded message ---------\n\n" + INPUT);
    assertThat(u.forwarded()).isTrue();
    assertThat(u.original()).isNull();
    assertThat(u.text()).isEqualTo(INPUT);
  }

  @Test
  void shouldUnquoteAForwardedMessageQuotedWhole() {
    final ForwardReader.Unwrapped u =
        ForwardReader.read(
            "Fwd: input",
            "FYI\n\n---------- Forwarded message ---------\nFrom: jane@accessnow.org\n"
                + "Subject: input\n\n> Dear Secretariat,\n> We support the draft.");
    assertThat(u.text()).isEqualTo("Dear Secretariat,\nWe support the draft.");
  }

  @Test
  void shouldLeaveAnOrdinaryMessageAlone() {
    final ForwardReader.Unwrapped u = ForwardReader.read("Input", INPUT);
    assertThat(u.forwarded()).isFalse();
    assertThat(u.textChanged()).isFalse();
    assertThat(u.text()).isEqualTo(INPUT);
  }
}
