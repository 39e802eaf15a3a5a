package org.inputdesk.publisher.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttachmentHeadersTest {

  @Test
  void shouldStripPathTraversalFromNames() {
    assertThat(AttachmentHeaders.displayName("../../etc/passwd")).isEqualTo("passwd");
    assertThat(AttachmentHeaders.displayName("..\\..\\windows\\win.ini")).isEqualTo("win.ini");
    assertThat(AttachmentHeaders.displayName("....")).isEqualTo("attachment");
    assertThat(AttachmentHeaders.displayName(".htaccess")).isEqualTo("htaccess");
    assertThat(AttachmentHeaders.urlName("<script>alert(1)</script>.html"))
        .isEqualTo("script_.html");
  }

  @Test
  void shouldWriteRfc6266DispositionWithAsciiFallback() {
    assertThat(AttachmentHeaders.contentDisposition("Résumé \"final\".pdf", true))
        .isEqualTo(
            "inline; filename=\"Resume_final_.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20_final_.pdf");
    assertThat(AttachmentHeaders.contentDisposition("a\r\nSet-Cookie: x.txt", false))
        .startsWith("attachment; filename=\"a_Set-Cookie_x.txt\"")
        .doesNotContain("\r")
        .doesNotContain("\n");
  }

  @Test
  void shouldDownloadAnythingThatCouldRunInABrowser() {
    assertThat(AttachmentHeaders.inline("text/html")).isFalse();
    assertThat(AttachmentHeaders.inline("image/svg+xml")).isFalse();
    assertThat(AttachmentHeaders.inline("application/xml")).isFalse();
    assertThat(AttachmentHeaders.inline("text/javascript")).isFalse();
    assertThat(AttachmentHeaders.inline("application/x-unknown")).isFalse();
    assertThat(AttachmentHeaders.inline("application/pdf")).isTrue();
    assertThat(AttachmentHeaders.inline("image/png")).isTrue();
  }

  @Test
  void shouldReplaceMalformedContentTypes() {
    assertThat(AttachmentHeaders.contentType("text/html\r\nX-Evil: 1"))
        .isEqualTo("application/octet-stream");
    assertThat(AttachmentHeaders.contentType("Application/PDF; name=x"))
        .isEqualTo("application/pdf");
    assertThat(AttachmentHeaders.contentType(null)).isEqualTo("application/octet-stream");
  }
}
