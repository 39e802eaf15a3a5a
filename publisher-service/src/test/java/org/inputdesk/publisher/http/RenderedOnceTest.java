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
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.render.SiteLinks;
import org.inputdesk.publisher.store.TestCatalogue;
import org.inputdesk.schemas.IndividualDisplay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pages and feeds are rendered once per change of what they show, not once per request. */
class RenderedOnceTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
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

  private HttpResponse<String> get(final String path, final String... headers) throws Exception {
    final HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/" + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldRenderTheFeedOnceUntilAnInputItShowsChanges() throws Exception {
    final HttpResponse<String> first = get("c/oewg8/feed.json");
    final HttpResponse<String> second = get("c/oewg8/feed.json");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Content-Length"))
        .contains(
            String.valueOf(first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    assertThat(site.renders()).as("rendered for the first request only").isEqualTo(1);

    catalogue.putClassified(
        "r2", sub("r2").tracking("OEWG8-2026-000002").received(T0.plusSeconds(20)).build());
    final HttpResponse<String> changed = get("c/oewg8/feed.json");
    assertThat(changed.body()).contains("OEWG8-2026-000002").isNotEqualTo(first.body());
    assertThat(changed.headers().firstValue("ETag"))
        .isNotEqualTo(first.headers().firstValue("ETag"));
    assertThat(site.renders()).isEqualTo(2);
  }

  @Test
  void shouldKeepEachUrlAndEncodingApart() throws Exception {
    final HttpResponse<String> feed = get("c/oewg8/feed.json");
    final HttpResponse<String> page = get("c/oewg8/");
    final HttpResponse<String> gzipped = get("c/oewg8/feed.json", "Accept-Encoding", "gzip");
    assertThat(page.body()).isNotEqualTo(feed.body());
    assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(get("c/oewg8/feed.json").body()).isEqualTo(feed.body());
    assertThat(site.renders()).isEqualTo(3);
  }
}
