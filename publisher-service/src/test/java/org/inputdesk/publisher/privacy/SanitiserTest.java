package org.inputdesk.publisher.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SanitiserTest {

  @Test
  void shouldDropScriptEventHandlersAndJavascriptLinks() {
    final String out =
        Sanitiser.html(
            "<p onclick=\"alert(1)\">Hi<script>alert(2)</script>"
                + "<a href=\"javascript:alert(3)\">x</a><img src=x onerror=alert(4)>"
                + "<a href=\"https://example.org/\">ok</a><iframe src=\"https://evil\"></iframe>"
                + "<svg onload=alert(5)></svg><style>body{}</style></p>");

    assertThat(out)
        .doesNotContain("script")
        .doesNotContain("onclick")
        .doesNotContain("javascript")
        .doesNotContain("onerror")
        .doesNotContain("iframe")
        .doesNotContain("svg")
        .doesNotContain("style")
        .contains("<a href=\"https://example.org/\" rel=\"")
        .containsPattern("rel=\"[a-z ]*nofollow[a-z ]*\">ok</a>");
  }

  @Test
  void shouldReplaceEmailAddresses() {
    assertThat(Sanitiser.redact("Contact a.b-c@sub.example.org now"))
        .isEqualTo("Contact [address removed] now");
    assertThat(Sanitiser.name("Jane <jane@example.org>")).isEqualTo("Jane");
  }

  @Test
  void shouldCutExcerptAtAWord() {
    assertThat(Sanitiser.excerpt("one two three four", 9)).isEqualTo("one two…");
    assertThat(Sanitiser.excerpt("  short\n text ", 100)).isEqualTo("short text");
  }
}
