package org.inputdesk.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.render.SiteLinks;
import org.inputdesk.publisher.store.TestCatalogue;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.PublicationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP semantics (RFC 9110) of every route: HEAD, encodings, CORS, dates, 405 and 410. */
class SiteHttpTest {

  private static final Attachment PDF =
      Fixtures.attachment("Position paper.pdf", "application/pdf", "%PDF-1.7 paper");
  private static final String ATTACHMENT = "attachments/" + PDF.getSha256() + "/Position_paper.pdf";

  /** One path of each route. */
  private static final List<String> ROUTES =
      List.of(
          "",
          "static/style.css",
          "c/oewg8/",
          "c/oewg8/?theme=threats",
          "c/oewg8/OEWG8-2026-000001",
          "c/oewg8/paragraphs",
          "c/oewg8/feed.json",
          "c/oewg8/feed.atom",
          ATTACHMENT);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Javalin app;
  private static String base;

  @BeforeAll
  static void start() {
    final TestCatalogue catalogue = new TestCatalogue();
    catalogue.putConsultation(OEWG, Fixtures.consultation(OEWG, IndividualDisplay.NAME));
    catalogue.putAttachment(PDF.getSha256(), PDF);
    catalogue.putClassified(
        "m1",
        sub("m1")
            .tracking("OEWG8-2026-000001")
            .theme("threats", "Threats")
            .paragraphs("12")
            .attachment(PDF)
            .build());
    catalogue.putClassified(
        "w1", sub("w1").tracking("OEWG8-2026-000003").received(T0.plusSeconds(5)).build());
    catalogue.putClassified(
        "w1", sub("w1").tracking("OEWG8-2026-000003").status(PublicationStatus.WITHDRAWN).build());
    catalogue.putClassified(
        "h1", sub("h1").tracking("OEWG8-2026-000004").status(PublicationStatus.HELD).build());
    app = new Site(catalogue, new SiteLinks(URI.create("https://example.org/")), 50).create();
    app.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port() + "/";
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static HttpResponse<byte[]> send(
      final String method, final String path, final String... headers) throws Exception {
    final HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** "attachment" stands for the attachment's path, which is not a constant. */
  private static String path(final String route) {
    return route.equals("attachment") ? ATTACHMENT : route;
  }

  private static String header(final HttpResponse<?> response, final String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static byte[] gunzip(final byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  @Test
  void shouldAnswerHeadWithTheHeadersOfGetAndNoBodyOnEveryRoute() throws Exception {
    for (final String path : ROUTES) {
      for (final String encoding : List.of("identity", "gzip")) {
        final HttpResponse<byte[]> get = send("GET", path, "Accept-Encoding", encoding);
        final HttpResponse<byte[]> head = send("HEAD", path, "Accept-Encoding", encoding);

        assertThat(head.statusCode()).as(path).isEqualTo(200);
        assertThat(head.body()).as(path).isEmpty();
        for (final String name :
            List.of("Content-Type", "Content-Length", "ETag", "Content-Encoding", "Vary")) {
          assertThat(header(head, name)).as(path + " " + name).isEqualTo(header(get, name));
        }
        assertThat(header(get, "ETag")).as(path).isNotNull();
        assertThat(header(get, "Content-Length"))
            .as(path)
            .isEqualTo(Integer.toString(get.body().length));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "c/oewg8/", "c/oewg8/feed.json", "c/oewg8/feed.atom"})
  void shouldVaryByAcceptEncodingWithADistinctEtagForGzip(final String path) throws Exception {
    final HttpResponse<byte[]> plain = send("GET", path);
    final HttpResponse<byte[]> gzip = send("GET", path, "Accept-Encoding", "gzip, deflate");

    assertThat(header(plain, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(header(gzip, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(header(gzip, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(plain, "Content-Encoding")).isNull();
    assertThat(gunzip(gzip.body())).isEqualTo(plain.body());
    assertThat(header(gzip, "ETag")).isNotEqualTo(header(plain, "ETag"));
    // Each tag validates its own representation only.
    assertThat(
            send("GET", path, "Accept-Encoding", "gzip", "If-None-Match", header(gzip, "ETag"))
                .statusCode())
        .isEqualTo(304);
    assertThat(
            send("GET", path, "Accept-Encoding", "gzip", "If-None-Match", header(plain, "ETag"))
                .statusCode())
        .isEqualTo(200);
    assertThat(send("GET", path, "If-None-Match", header(plain, "ETag")).statusCode())
        .isEqualTo(304);
  }

  @Test
  void shouldNotCompressWhenGzipIsRefused() throws Exception {
    final HttpResponse<byte[]> refused =
        send("GET", "c/oewg8/feed.json", "Accept-Encoding", "gzip;q=0, *");

    assertThat(header(refused, "Content-Encoding")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"c/oewg8/feed.json", "c/oewg8/feed.atom", "attachment"})
  void shouldLetAnyOriginReadFeedsAndAttachments(final String route) throws Exception {
    final String path = path(route);
    for (final String method : List.of("GET", "HEAD")) {
      final HttpResponse<byte[]> response =
          send(method, path, "Origin", "https://mission.example.org");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(header(response, "Access-Control-Allow-Origin")).as(method).isEqualTo("*");
      assertThat(header(response, "Access-Control-Expose-Headers")).contains("ETag");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"c/oewg8/feed.json", "c/oewg8/feed.atom", "attachment"})
  void shouldAnswerACorsPreflightForFeedsAndAttachments(final String route) throws Exception {
    final String path = path(route);
    final HttpResponse<byte[]> preflight =
        send(
            "OPTIONS",
            path,
            "Origin",
            "https://mission.example.org",
            "Access-Control-Request-Method",
            "GET",
            "Access-Control-Request-Headers",
            "if-none-match");

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.body()).isEmpty();
    final HttpHeaders h = preflight.headers();
    assertThat(h.firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(h.firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("GET", "HEAD");
    assertThat(h.firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
        .contains("if-none-match");
    assertThat(h.firstValue("Access-Control-Max-Age")).isPresent();
    assertThat(h.firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
  }

  @Test
  void shouldKeepPagesToTheirOwnOrigin() throws Exception {
    final HttpResponse<byte[]> page = send("GET", "c/oewg8/", "Origin", "https://evil.example");
    final HttpResponse<byte[]> options = send("OPTIONS", "c/oewg8/");

    assertThat(header(page, "Access-Control-Allow-Origin")).isNull();
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(header(options, "Allow")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(header(options, "Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void shouldWriteLastModifiedAsAnImfFixdate() throws Exception {
    final String lastModified = header(send("GET", "c/oewg8/feed.json"), "Last-Modified");

    assertThat(lastModified)
        .matches(
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    assertThat(send("GET", "c/oewg8/feed.json", "If-Modified-Since", lastModified).statusCode())
        .isEqualTo(304);
  }

  @Test
  void shouldAnswerGoneForAWithdrawnInputAndNotFoundForAHeldOne() throws Exception {
    final HttpResponse<byte[]> withdrawn = send("GET", "c/oewg8/OEWG8-2026-000003");
    final HttpResponse<byte[]> byId = send("GET", "c/oewg8/w1");
    final HttpResponse<byte[]> head = send("HEAD", "c/oewg8/OEWG8-2026-000003");

    assertThat(withdrawn.statusCode()).isEqualTo(410);
    assertThat(new String(withdrawn.body(), StandardCharsets.UTF_8))
        .contains("OEWG8-2026-000003")
        .contains("withdrawn");
    assertThat(byId.statusCode()).isEqualTo(410);
    assertThat(head.statusCode()).isEqualTo(410);
    assertThat(head.body()).isEmpty();
    assertThat(send("GET", "c/oewg8/OEWG8-2026-000004").statusCode()).isEqualTo(404);
    assertThat(send("GET", "c/oewg8/OEWG8-2026-999999").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
  void shouldRefuseOtherMethodsWith405AndAllow(final String method) throws Exception {
    for (final String path : ROUTES) {
      final HttpResponse<byte[]> response = send(method, path);

      assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
      assertThat(header(response, "Allow")).as(path).isEqualTo("GET, HEAD, OPTIONS");
    }
  }

  @Test
  void shouldAnswerHeadOfAnUnknownAddressWith404AndNoBody() throws Exception {
    final HttpResponse<byte[]> head = send("HEAD", "nothing/here");

    assertThat(head.statusCode()).isEqualTo(404);
    assertThat(head.body()).isEmpty();
  }
}
