package org.inputdesk.classifier.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GarbledTest {

  private static String misread(final String text, final String charset) {
    return new String(text.getBytes(StandardCharsets.UTF_8), Charset.forName(charset));
  }

  @Test
  void shouldSeeUtf8ReadAsWindows1252OrLatin1() {
    final String french =
        "La sécurité des réseaux et la coopération régionale sont nécessaires à l'échelle mondiale.";
    assertThat(Garbled.test(misread(french, "windows-1252"))).isTrue();
    assertThat(Garbled.test(misread(french, "ISO-8859-1"))).isTrue();
    assertThat(Garbled.test(misread("Информационная безопасность и меры доверия", "windows-1252")))
        .isTrue();
    assertThat(Garbled.test(misread("网络空间的和平与安全需要各国合作", "windows-1252"))).isTrue();
  }

  @Test
  void shouldSeeReplacementCharactersAndBinaryReadAsText() {
    assertThat(Garbled.test("Our input: \uFFFD\uFFFD\uFFFD on the \uFFFD\uFFFD draft \uFFFD"))
        .isTrue();
    assertThat(Garbled.test("ž‹[jÇºà ¤¦¨ ‰ƒ†‡ žœ š¹²³ ¼½¾")).isTrue();
  }

  @Test
  void shouldLeaveWellDecodedTextInAnyScriptAlone() {
    assertThat(
            Garbled.test(
                "La sécurité des réseaux et la coopération régionale sont nécessaires à l'échelle mondiale."))
        .isFalse();
    assertThat(Garbled.test("Информационная безопасность и меры доверия между государствами."))
        .isFalse();
    assertThat(Garbled.test("تدابير بناء الثقة في مجال تكنولوجيا المعلومات والاتصالات")).isFalse();
    assertThat(Garbled.test("网络空间的和平与安全需要各国合作。")).isFalse();
    assertThat(
            Garbled.test(
                "Ärger über Übergröße? Straße, Maß, São Paulo, Ñuñoa, Øresund, naïve café — “quoted” text… 1½ pages, 20 °C, © 2024"))
        .isFalse();
    assertThat(Garbled.test("")).isFalse();
  }
}
