package org.inputdesk.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.javalin.Javalin;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.attachments.AttachmentHeaders;
import org.inputdesk.publisher.render.AtomWriter;
import org.inputdesk.publisher.render.SiteLinks;
import org.inputdesk.publisher.store.TestCatalogue;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.PublicationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The routes over real HTTP, with a catalogue filled directly (no Kafka). */
class SiteTest {

  private static final String HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>";
  private static final Attachment HTML_FILE =
      Fixtures.attachment("../../evil<script>.html", "text/html", "<script>alert(1)</script>");
  private static final Attachment PDF =
      Fixtures.attachment("Position paper.pdf", "application/pdf", "%PDF-1.7 paper");

  private static TestCatalogue catalogue;
  private static Javalin app;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    catalogue = new TestCatalogue();
    catalogue.putConsultation(OEWG, Fixtures.consultation(OEWG, IndividualDisplay.INITIALS));
    catalogue.putAttachment(HTML_FILE.getSha256(), HTML_FILE);
    catalogue.putAttachment(PDF.getSha256(), PDF);
    catalogue.putClassified(
        "m1",
        sub("m1")
            .tracking("OEWG8-2026-000001")
            .subject("Views of Examplia on threats")
            .theme("threats", "Threats")
            .received(T0.plusSeconds(10))
            .paragraphs("12")
            .attachment(PDF)
            .build());
    catalogue.putClassified(
        "h1",
        sub("h1")
            .tracking("OEWG8-2026-000002")
            .subject("Hostile " + HOSTILE)
            .body("Body " + HOSTILE + " write to jane@home.example")
            .html(
                "<p>Formatted <b>text</b><script>alert(3)</script>"
                    + "<a href=\"javascript:alert(4)\">click</a></p>")
            .sender("individual", null)
            .from("jane@home.example", "Jane Quinn")
            .language("fr")
            .attachment(HTML_FILE)
            .build());
    catalogue.putClassified(
        "w1", sub("w1").tracking("OEWG8-2026-000003").status(PublicationStatus.WITHDRAWN).build());
    app = new Site(catalogue, new SiteLinks(URI.create("https://example.org/")), 50).create();
    app.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port() + "/";
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static HttpResponse<String> get(final String path, final String... headers)
      throws Exception {
    final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldListConsultationsWithCounts() throws Exception {
    final HttpResponse<String> home = get("");

    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("href=\"c/oewg8/\"").contains("2 inputs");
  }

  @Test
  void shouldListPostedInputsWithoutAddressesAndWithStrictCsp() throws Exception {
    final HttpResponse<String> page = get("c/oewg8/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).contains(Site.PAGE_CSP);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.body())
        .contains("OEWG8-2026-000001")
        .contains("Permanent Mission of Examplia")
        .contains("Member State")
        .contains("Existing and potential threats")
        .contains("J.Q.")
        .contains("Position paper.pdf")
        .contains("application/pdf")
        .doesNotContain("OEWG8-2026-000003")
        .doesNotContain("@")
        .doesNotContain("Jane Quinn");
  }

  @Test
  void shouldRenderHostileSubjectBodyAndFileNameAsText() throws Exception {
    final String list = get("c/oewg8/").body();
    final String entry = get("c/oewg8/OEWG8-2026-000002").body();

    for (final String html : List.of(list, entry)) {
      assertThat(html)
          .doesNotContain("<script")
          .doesNotContain("<img")
          .doesNotContain("javascript:")
          .contains("&lt;script&gt;");
    }
    assertThat(entry).contains("<b>text</b>").contains("[address removed]");
    assertThat(list).contains("Hostile &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  }

  @Test
  void shouldFilterByQueryParameters() throws Exception {
    final String french = get("c/oewg8/?language=fr").body();

    assertThat(french).contains("OEWG8-2026-000002").doesNotContain("OEWG8-2026-000001");
    assertThat(french).contains("1 input");
  }

  @Test
  void shouldServeAttachmentWithStoredTypeAndDownloadWhenItCouldRun() throws Exception {
    final HttpResponse<String> html =
        get(
            "attachments/"
                + HTML_FILE.getSha256()
                + "/"
                + AttachmentHeaders.urlName(HTML_FILE.getFilename()));
    final HttpResponse<String> pdf = get("attachments/" + PDF.getSha256() + "/Position_paper.pdf");

    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(html.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(html.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(
            v -> assertThat(v).startsWith("attachment; filename=\"evil_script_.html\""));
    assertThat(html.headers().firstValue("Content-Security-Policy")).contains(Site.ATTACHMENT_CSP);
    assertThat(pdf.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("inline;"));
    assertThat(pdf.body()).isEqualTo("%PDF-1.7 paper");
  }

  @Test
  void shouldNotServeUnlinkedOrMalformedAttachments() throws Exception {
    final Attachment stray = Fixtures.attachment("x.txt", "text/plain", "stray");
    catalogue.putAttachment(stray.getSha256(), stray);

    assertThat(get("attachments/" + stray.getSha256() + "/x.txt").statusCode()).isEqualTo(404);
    assertThat(get("attachments/..%2F..%2Fetc%2Fpasswd/x").statusCode()).isIn(400, 404);
    assertThat(get("attachments/" + "0".repeat(64) + "/x").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldAnswer304WhenClientCopyIsCurrent() throws Exception {
    final HttpResponse<String> first = get("c/oewg8/feed.json");
    final String etag = first.headers().firstValue("ETag").orElseThrow();
    final String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

    assertThat(get("c/oewg8/feed.json", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(get("c/oewg8/feed.json", "If-Modified-Since", lastModified).statusCode())
        .isEqualTo(304);
    assertThat(get("c/oewg8/feed.json", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    assertThat(get("c/oewg8/feed.json?page=1", "If-None-Match", etag).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRedirectConsultationWithoutSlashAndServeStylesheet() throws Exception {
    final HttpResponse<String> redirect = get("c/oewg8");
    final HttpResponse<String> css = get("static/style.css");

    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(
            URI.create(base + "c/oewg8")
                .resolve(redirect.headers().firstValue("Location").orElseThrow()))
        .isEqualTo(URI.create(base + "c/oewg8/"));
    assertThat(css.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
  }

  @Test
  void shouldServeJsonFeedWithItsMediaType() throws Exception {
    assertThat(get("c/oewg8/feed.json").headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/feed+json"));
  }

  @Test
  void shouldRejectMalformedSince() throws Exception {
    assertThat(get("c/oewg8/feed.json?since=yesterday").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldAnswer404ForUnknownConsultationOrInputAnd410ForAWithdrawnOne() throws Exception {
    assertThat(get("c/nope/").statusCode()).isEqualTo(404);
    assertThat(get("c/oewg8/OEWG8-2026-000099").statusCode()).isEqualTo(404);
    assertThat(get("c/oewg8/OEWG8-2026-000003").statusCode()).isEqualTo(410);
  }

  @Test
  void shouldListInputsPerParagraph() throws Exception {
    final String page = get("c/oewg8/paragraphs").body();

    assertThat(page).contains("Paragraph 12").contains("OEWG8-2026-000001");
  }

  @Test
  void shouldWriteAtomThatRomeParsesWithCategoriesAndDeletedEntries() throws Exception {
    final HttpResponse<String> atom = get("c/oewg8/feed.atom");

    assertThat(atom.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/atom+xml"));
    final SyndFeed feed = new SyndFeedInput().build(new StringReader(atom.body()));
    assertThat(feed.getTitle()).startsWith("OEWG");
    assertThat(feed.getEntries()).hasSize(2);
    final SyndEntry first = feed.getEntries().get(0);
    assertThat(first.getUri()).isEqualTo(AtomWriter.entryId("m1"));
    assertThat(first.getCategories())
        .extracting(SyndCategory::getName)
        .contains("theme:threats", "sender-type:member-state", "language:en");
    assertThat(feed.getLinks()).extracting(l -> l.getRel()).contains("self", "first", "last");
    assertThat(atom.body())
        .contains("<at:deleted-entry ref=\"" + AtomWriter.entryId("w1") + "\"")
        .doesNotContain("@home.example");
  }
}
