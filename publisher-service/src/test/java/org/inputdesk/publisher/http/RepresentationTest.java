package org.inputdesk.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepresentationTest {

  @Test
  void shouldAcceptGzipOnlyWhenTheClientAllowsIt() {
    assertThat(Representation.acceptsGzip("gzip, deflate, br")).isTrue();
    assertThat(Representation.acceptsGzip("br;q=1.0, gzip;q=0.8")).isTrue();
    assertThat(Representation.acceptsGzip("*")).isTrue();
    assertThat(Representation.acceptsGzip("gzip;q=0, *")).isFalse();
    assertThat(Representation.acceptsGzip("identity")).isFalse();
    assertThat(Representation.acceptsGzip(null)).isFalse();
  }

  @Test
  void shouldNameTheGzipRepresentationWithItsOwnStrongTag() {
    final Representation plain =
        Representation.negotiate(null, "application/feed+json", "v1-abc", true);
    final Representation gzip =
        Representation.negotiate("gzip", "application/feed+json", "v1-abc", true);

    assertThat(plain.etag()).isEqualTo("\"v1-abc\"");
    assertThat(gzip.etag()).isEqualTo("\"v1-abc-gzip\"");
    assertThat(gzip.gzip()).isTrue();
  }

  @Test
  void shouldSendAttachmentsAsStored() {
    final Representation pdf = Representation.negotiate("gzip", "application/pdf", "sha", false);

    assertThat(pdf.gzip()).isFalse();
    assertThat(pdf.etag()).isEqualTo("\"sha\"");
    assertThat(Representation.compressible("text/plain; charset=utf-8")).isTrue();
    assertThat(Representation.compressible("image/png")).isFalse();
  }

  @Test
  void shouldMatchIfNoneMatchByWeakComparison() {
    assertThat(Representation.matches("\"a\", W/\"b\"", "\"b\"")).isTrue();
    assertThat(Representation.matches("*", "\"b\"")).isTrue();
    assertThat(Representation.matches("\"b-gzip\"", "\"b\"")).isFalse();
  }
}
