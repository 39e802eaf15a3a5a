package org.inputdesk.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.render.SiteLinks;
import org.inputdesk.publisher.store.TestCatalogue;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request answered before Javalin (KeptAnswers) gets the same 304 or 200 Javalin gave, and only
 * while what it names is current: a change of content gives a new tag and a 200.
 */
class KeptAnswersTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String FEED = "c/oewg8/feed.json";
  private TestCatalogue catalogue;
  private Site site;
  private Javalin app;

  @BeforeEach
  void start() {
    catalogue = new TestCatalogue();
    catalogue.putConsultation(OEWG, Fixtures.consultation(OEWG, IndividualDisplay.INITIALS));
    catalogue.putClassified(
        "r1", sub("r1").tracking("OEWG8-2026-000001").received(T0.plusSeconds(10)).build());
    site = new Site(catalogue, new SiteLinks(URI.create("https://example.org/")), 50);
    app = site.create();
    app.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> send(final String method, final String path, final String... headers)
      throws Exception {
    final HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/" + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(final String path, final String... headers) throws Exception {
    return send("GET", path, headers);
  }

  private HttpResponse<byte[]> bytes(
      final String method, final String path, final String... headers) throws Exception {
    final HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/" + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Map<String, List<String>> withoutDate(final Map<String, List<String>> headers) {
    final Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    copy.remove("date");
    return copy;
  }

  private static String etag(final HttpResponse<?> response) {
    return response.headers().firstValue("ETag").orElseThrow();
  }

  @Test
  void shouldAnswerA304WithTheHeadersJavalinGives() throws Exception {
    final HttpResponse<String> full = get(FEED);
    final long before = site.keptAnswers();
    final HttpResponse<String> notModified = get(FEED, "If-None-Match", etag(full));
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(site.keptAnswers()).as("answered before Javalin").isEqualTo(before + 1);
    for (final String name :
        List.of(
            "ETag",
            "Vary",
            "Last-Modified",
            "Cache-Control",
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "X-Frame-Options",
            "Access-Control-Allow-Origin",
            "Access-Control-Expose-Headers")) {
      assertThat(notModified.headers().allValues(name))
          .as(name)
          .isNotEmpty()
          .isEqualTo(full.headers().allValues(name));
    }
    assertThat(notModified.headers().firstValue("Content-Type")).isEmpty();
    assertThat(notModified.headers().allValues("Date")).hasSize(1);
    assertThat(send("HEAD", FEED, "If-None-Match", etag(full)).statusCode()).isEqualTo(304);
  }

  @Test
  void shouldAnswerA200WithTheBytesAndHeadersJavalinGave() throws Exception {
    for (final String encoding : List.of("identity", "gzip")) {
      final HttpResponse<byte[]> javalin = bytes("GET", FEED, "Accept-Encoding", encoding);
      final long before = site.keptAnswers();
      final HttpResponse<byte[]> kept = bytes("GET", FEED, "Accept-Encoding", encoding);
      assertThat(site.keptAnswers()).as("answered before Javalin").isEqualTo(before + 1);
      assertThat(kept.statusCode()).isEqualTo(200);
      assertThat(kept.body()).isEqualTo(javalin.body());
      assertThat(kept.headers().allValues("Date")).as("one date, the answer's").hasSize(1);
      assertThat(withoutDate(kept.headers().map()))
          .as(encoding)
          .isEqualTo(withoutDate(javalin.headers().map()));
      final HttpResponse<byte[]> head = bytes("HEAD", FEED, "Accept-Encoding", encoding);
      assertThat(site.keptAnswers()).isEqualTo(before + 2);
      assertThat(head.body()).isEmpty();
      assertThat(withoutDate(head.headers().map())).isEqualTo(withoutDate(javalin.headers().map()));
    }
    assertThat(
            bytes("GET", FEED, "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding"))
        .contains("gzip");
  }

  @Test
  void shouldLeaveADateAloneToTheRoutes() throws Exception {
    final HttpResponse<String> full = get(FEED);
    final String modified = full.headers().firstValue("Last-Modified").orElseThrow();
    final long before = site.keptAnswers();
    final HttpResponse<String> byDate = get(FEED, "If-Modified-Since", modified);
    assertThat(byDate.statusCode()).isEqualTo(304);
    assertThat(byDate.headers().firstValue("Content-Type")).as("no text/plain default").isEmpty();
    assertThat(get(FEED, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode())
        .isEqualTo(200);
    assertThat(site.keptAnswers()).isEqualTo(before);
  }

  @Test
  void shouldAnswerA200WithANewTagOnceAnInputChanges() throws Exception {
    final String old = etag(get(FEED));
    assertThat(get(FEED, "If-None-Match", old).statusCode()).isEqualTo(304);

    catalogue.putClassified(
        "r2", sub("r2").tracking("OEWG8-2026-000002").received(T0.plusSeconds(20)).build());
    final HttpResponse<String> changed = get(FEED, "If-None-Match", old);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).contains("OEWG8-2026-000002");
    assertThat(etag(changed)).isNotEqualTo(old);
    assertThat(get(FEED, "If-None-Match", old).statusCode()).as("the old tag again").isEqualTo(200);
    assertThat(get(FEED, "If-None-Match", etag(changed)).statusCode()).isEqualTo(304);
  }

  @Test
  void shouldAnswerA200WithANewTagOnceTheConsultationChanges() throws Exception {
    final String old = etag(get(FEED));
    assertThat(get(FEED, "If-None-Match", old).statusCode()).isEqualTo(304);

    catalogue.putConsultation(
        OEWG,
        Consultation.newBuilder(Fixtures.consultation(OEWG, IndividualDisplay.INITIALS))
            .setUpdatedAt(T0.plusSeconds(30 * 86_400))
            .build());
    final HttpResponse<String> changed = get(FEED, "If-None-Match", old);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(etag(changed)).isNotEqualTo(old);
  }

  @Test
  void shouldAnswerA200ToAStaleOrForeignTag() throws Exception {
    final HttpResponse<String> full = get(FEED);
    assertThat(get(FEED, "If-None-Match", "\"stale\"").statusCode()).isEqualTo(200);
    final HttpResponse<String> gzipped = get(FEED, "Accept-Encoding", "gzip");
    assertThat(etag(gzipped)).isNotEqualTo(etag(full));
    // Each encoding's tag names only its own bytes.
    assertThat(get(FEED, "Accept-Encoding", "gzip", "If-None-Match", etag(full)).statusCode())
        .isEqualTo(200);
    assertThat(get(FEED, "If-None-Match", etag(gzipped)).statusCode()).isEqualTo(200);
    assertThat(get(FEED, "Accept-Encoding", "gzip", "If-None-Match", etag(gzipped)).statusCode())
        .isEqualTo(304);
    // Another URL's tag, even of the same consultation, is not this one's.
    assertThat(get(FEED + "?page=2", "If-None-Match", etag(full)).statusCode()).isEqualTo(200);
    assertThat(get(FEED, "If-None-Match", etag(full)).statusCode()).isEqualTo(304);
  }

  @Test
  void shouldLeaveOtherMethodsToTheRoutes() throws Exception {
    final String tag = etag(get(FEED));
    assertThat(send("POST", FEED, "If-None-Match", tag).statusCode()).isEqualTo(405);
    assertThat(send("OPTIONS", FEED, "If-None-Match", tag).statusCode()).isEqualTo(204);
  }
}
