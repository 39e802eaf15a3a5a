package org.inputdesk.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The publisher in real headless Chromium (Debian's chromium and chromium-driver): the list, a
 * filter, an input's page, an attachment download, hostile inputs that must stay text, an Arabic
 * input laid out right to left, and axe-core's accessibility rules on each kind of page.
 */
@ExtendWith(SharedKafka.class)
class PublisherBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path ARTEFACTS = Path.of("target", "browser-artefacts");

  /** Each payload would set this flag (or the title) if it ran. */
  private static final String RUN = "window.__pwned=1;document.title='pwned'";

  private static final String SCRIPT = "<script>" + RUN + "</script>";
  private static final String IMG = "<img src=x onerror=\"" + RUN + "\">";
  private static final String JS_LINK = "javascript:" + RUN;
  private static final String HOSTILE_NAME = "../../" + SCRIPT + IMG + ".html";
  private static final String HOSTILE_FILE_BODY = "<html><body>" + SCRIPT + "</body></html>";

  private static final String ARABIC_SUBJECT = "مساهمة مكتوبة بشأن بناء القدرات";
  private static final String ARABIC_BODY =
      "تود البعثة الدائمة أن تقدم الملاحظات التالية بشأن الفقرة 12 من مشروع التقرير.\n"
          + "نرحب بالمشروع ونقترح تعزيز بناء القدرات في مجال أمن تكنولوجيا المعلومات"
          + " والاتصالات، ولا سيما للبلدان النامية.";

  /** This class's own consultation on the module's shared broker. */
  private static final String SITE = SharedKafka.unique("oewg-browser");

  private static EmbeddedKafka kafka;
  private static PublisherService publisher;
  private static Attachment paper;
  private static Attachment hostileFile;

  @TempDir Path downloads;
  @TempDir Path profile;
  private WebDriver browser;

  @BeforeAll
  static void startPublisher() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests need Debian's chromium and chromium-driver packages"
            + " (/usr/bin/chromium, /usr/bin/chromedriver)");
    kafka = SharedKafka.broker();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, Topics.ALL, (short) 1);
    }
    paper = Fixtures.attachment("Paper on norms.pdf", "application/pdf", "%PDF-1.7 paper bytes");
    hostileFile = Fixtures.attachment(HOSTILE_NAME, "text/html", HOSTILE_FILE_BODY);
    produce();
    final Map<String, Object> settings = new HashMap<>();
    settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    settings.put("http.host", "127.0.0.1");
    settings.put("http.port", "0");
    // A free port: another publisher on this machine may hold the default 9403.
    settings.put("ops.http.port", "0");
    publisher = PublisherService.start(PublisherConfig.from(settings));
  }

  private static void produce() throws Exception {
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              Topics.CONSULTATIONS.name(),
              SITE,
              Topics.CONSULTATIONS
                  .valueSerde()
                  .serializer()
                  .serialize("", Fixtures.consultation(SITE, IndividualDisplay.NAME))));
      for (final Attachment a : List.of(paper, hostileFile)) {
        producer.send(
            new ProducerRecord<>(
                Topics.SUBMISSION_ATTACHMENTS.name(),
                a.getSha256(),
                Topics.SUBMISSION_ATTACHMENTS.valueSerde().serializer().serialize("", a)));
      }
      final List<SubmissionClassified> inputs =
          List.of(
              sub("b-1")
                  .consultation(SITE)
                  .tracking("OEWG8-2026-000201")
                  .subject("Views of Examplia on norms")
                  .theme("norms", "Rules, norms and principles")
                  .attachment(paper)
                  .notKept(
                      "Annex with maps.pdf",
                      "application/pdf",
                      20L * 1024 * 1024,
                      AttachmentStatus.OVERSIZED)
                  .received(T0.plusSeconds(10))
                  .build(),
              sub("b-2")
                  .consultation(SITE)
                  .tracking("OEWG8-2026-000202")
                  .subject("Threat landscape")
                  .sender("ngo", "Civil Society Network")
                  .theme("threats", "Existing and potential threats")
                  .received(T0.plusSeconds(20))
                  .build(),
              sub("b-3")
                  .consultation(SITE)
                  .tracking("OEWG8-2026-000203")
                  .subject("Hostile " + SCRIPT + IMG)
                  .body("Body " + SCRIPT + " and " + IMG + " and " + JS_LINK)
                  .html(
                      "<p>Formatted "
                          + SCRIPT
                          + "<a href=\""
                          + JS_LINK
                          + "\">click me</a>"
                          + IMG
                          + "<svg onload=\""
                          + RUN
                          + "\"></svg>"
                          + "<iframe src=\""
                          + JS_LINK
                          + "\"></iframe></p>")
                  .sender("ngo", "Attackers " + SCRIPT)
                  .theme("threats", "Existing and potential threats")
                  .attachment(hostileFile)
                  .received(T0.plusSeconds(30))
                  .build(),
              sub("b-4")
                  .consultation(SITE)
                  .tracking("OEWG8-2026-000204")
                  .subject(ARABIC_SUBJECT)
                  .body(ARABIC_BODY)
                  .html("<p>" + ARABIC_BODY + "</p>")
                  .language("ar")
                  .theme("cbm", "Confidence-building measures")
                  .received(T0.plusSeconds(5))
                  .build());
      for (final SubmissionClassified input : inputs) {
        producer.send(
            new ProducerRecord<>(
                Topics.SUBMISSIONS_CLASSIFIED.name(),
                input.getId(),
                Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer().serialize("", input)));
      }
      producer.flush();
    }
  }

  @AfterAll
  static void stopPublisher() {
    if (publisher != null) {
      publisher.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    // Explicit paths: Selenium Manager is never asked to find or download anything.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    final ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    final ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", downloads.toAbsolutePath().toString(),
            "download.prompt_for_download", false,
            "download.directory_upgrade", true,
            "safebrowsing.enabled", false,
            "plugins.always_open_pdf_externally", true));
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private String url(final String path) {
    return publisher.baseUrl().resolve(path).toString();
  }

  private List<WebElement> entries() {
    return browser.findElements(By.cssSelector("section.results article.entry"));
  }

  private String resultsHeading() {
    return browser.findElement(By.id("results-heading")).getText();
  }

  private Object js(final String script) {
    return ((ChromeDriver) browser).executeScript(script);
  }

  private void assertNoScriptRan() {
    assertThat(js("return window.__pwned === undefined")).isEqualTo(true);
    assertThat(browser.getTitle()).isNotEqualTo("pwned");
    try {
      browser.switchTo().alert();
      throw new AssertionError("an alert is open: script ran");
    } catch (NoAlertPresentException expected) {
      // No dialog: nothing ran.
    }
  }

  @Test
  void shouldListFilterAndOpenInputsAndDownloadAnAttachment() throws Exception {
    browser.get(url("c/" + SITE + "/"));
    assertThat(entries()).hasSize(4);
    assertThat(resultsHeading()).startsWith("4 inputs");
    // Newest first.
    assertThat(entries().get(0).getText()).contains("OEWG8-2026-000203");
    assertThat(entries().get(2).getText()).contains("OEWG8-2026-000201");
    assertThat(entries().get(3).getText()).contains("OEWG8-2026-000204");

    browser.findElement(By.cssSelector("nav.filters a[href*='theme=norms']")).click();
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(d -> d.getCurrentUrl().contains("theme=norms"));
    assertThat(entries()).hasSize(1);
    assertThat(resultsHeading()).startsWith("1 input");
    assertThat(browser.findElement(By.cssSelector("nav.filters [aria-current]")).getText())
        .contains("Rules, norms and principles")
        .contains("(1)");

    entries().get(0).findElement(By.cssSelector("h3 a")).click();
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(d -> d.getCurrentUrl().endsWith("/OEWG8-2026-000201"));
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("OEWG8-2026-000201 Views of Examplia on norms");
    assertThat(browser.findElement(By.cssSelector("article.input .text")).getText())
        .contains("propose changes to paragraph 12");
    assertThat(browser.getPageSource()).doesNotContain("delegate@mission.example.org");
    assertThat(browser.findElement(By.cssSelector("ul.files li.not-published")).getText())
        .isEqualTo("Annex with maps.pdf, 20 MB, not published: over the size limit");
    screenshot("input-page");

    browser.findElement(By.cssSelector("ul.files a")).click();
    final Path file = awaitDownload();
    assertThat(file.getFileName().toString()).isEqualTo("Paper on norms.pdf");
    assertThat(Files.readString(file)).isEqualTo("%PDF-1.7 paper bytes");
  }

  @Test
  void shouldShowHostileInputsAsTextWithoutRunningScript() throws Exception {
    browser.get(url("c/" + SITE + "/"));
    assertNoScriptRan();
    final String listed = entries().get(0).getText();
    assertThat(listed).contains("Hostile " + SCRIPT + IMG, "Body " + SCRIPT);
    // Organisation names lose markup characters altogether.
    assertThat(listed).contains("Attackers script window.__pwned=1");
    screenshot("list-page");

    browser.get(url("c/" + SITE + "/OEWG8-2026-000203"));
    assertNoScriptRan();
    assertThat(browser.getTitle()).contains("Hostile " + SCRIPT);
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("OEWG8-2026-000203 Hostile " + SCRIPT + IMG);
    assertThat(browser.findElement(By.cssSelector("article.input .text")).getText())
        .contains(SCRIPT, IMG, JS_LINK);
    // The sanitised HTML keeps its text but loses every script, handler, frame and javascript: URL.
    final WebElement html = browser.findElement(By.cssSelector("article.input .html"));
    assertThat(html.getText()).contains("Formatted", "click me");
    assertThat(html.findElements(By.cssSelector("script, iframe, svg, [onerror], [onload]")))
        .isEmpty();
    assertThat(
            js(
                "return Array.from(document.querySelectorAll('[href],[src]'))"
                    + ".map(e => e.getAttribute('href') || e.getAttribute('src'))"
                    + ".filter(u => /^\\s*javascript:/i.test(u)).length"))
        .isEqualTo(0L);
    for (final WebElement link : html.findElements(By.tagName("a"))) {
      link.click();
    }
    assertNoScriptRan();

    // The hostile attachment: a harmless name, linked under a safe name, downloaded, never
    // rendered.
    final WebElement file = browser.findElement(By.cssSelector("ul.files a"));
    assertThat(file.getText()).isNotBlank().doesNotContain("../", "<", ">");
    final String href = file.getAttribute("href");
    assertThat(href)
        .startsWith(url("attachments/" + hostileFile.getSha256() + "/"))
        .doesNotContain("..", "<", ">", "%2F", "%2f");
    file.click();
    final Path saved = awaitDownload();
    assertThat(saved.getParent()).isEqualTo(downloads);
    assertThat(Files.readString(saved)).isEqualTo(HOSTILE_FILE_BODY);
    assertThat(browser.getCurrentUrl()).endsWith("/OEWG8-2026-000203");
    assertNoScriptRan();
    screenshot("hostile-input-page");

    // The page's CSP forbids script from fetching anything, even from its own origin.
    assertThat(fetchFromPage(href)).containsKey("error");
    // Fetched directly, the attachment is a download under a sandboxing CSP, not a page.
    final java.net.http.HttpResponse<byte[]> direct =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(href)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(direct.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment;");
    assertThat(direct.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(direct.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("sandbox");
  }

  @Test
  void shouldLayOutAnArabicInputRightToLeft() throws Exception {
    browser.get(url("c/" + SITE + "/OEWG8-2026-000204"));

    final WebElement text = browser.findElement(By.cssSelector("article.input .text"));
    final WebElement subject = browser.findElement(By.cssSelector("h1 .subject"));
    assertThat(text.getAttribute("lang")).isEqualTo("ar");
    assertThat(text.getCssValue("direction")).isEqualTo("rtl");
    assertThat(subject.getCssValue("direction")).isEqualTo("rtl");
    assertThat(browser.findElement(By.cssSelector("article.input .html")).getCssValue("direction"))
        .isEqualTo("rtl");
    assertThat(text.getText()).startsWith("تود البعثة الدائمة");
    // Laid out, not only declared: the text's first letter sits at the right edge of its box.
    assertThat(
            (Boolean)
                js(
                    "const box = document.querySelector('article.input .text');"
                        + "const range = document.createRange();"
                        + "range.setStart(box.firstChild, 0); range.setEnd(box.firstChild, 1);"
                        + "const first = range.getBoundingClientRect();"
                        + "const edge = box.getBoundingClientRect();"
                        + "return edge.right - first.right < 4 && first.left > edge.left"
                        + " + edge.width / 2;"))
        .isTrue();
    // The site's own words stay English, left to right.
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    assertThat(browser.findElement(By.cssSelector("dl.meta")).getCssValue("direction"))
        .isEqualTo("ltr");
    screenshot("arabic-input");

    browser.get(url("c/" + SITE + "/"));
    final WebElement listed =
        browser.findElement(By.xpath("//article[contains(., 'OEWG8-2026-000204')]"));
    assertThat(listed.findElement(By.cssSelector(".excerpt")).getCssValue("direction"))
        .isEqualTo("rtl");
    assertThat(listed.findElement(By.cssSelector("h3 .subject")).getAttribute("lang"))
        .isEqualTo("ar");
  }

  @Test
  void shouldHaveNoAccessibilityViolationsOnTheListAnInputAndAnArabicInput() throws Exception {
    for (final String page :
        List.of(
            "",
            "c/" + SITE + "/",
            "c/" + SITE + "/?theme=norms",
            "c/" + SITE + "/OEWG8-2026-000201",
            "c/" + SITE + "/OEWG8-2026-000204",
            "c/" + SITE + "/paragraphs")) {
      browser.get(url(page));
      assertThat(AxeCore.violations((ChromeDriver) browser)).as("axe-core on /" + page).isEmpty();
    }
  }

  /** What a script on the page gets when it fetches a URL: headers, or the error. */
  @SuppressWarnings("unchecked")
  private Map<String, String> fetchFromPage(final String href) {
    final Object result =
        ((ChromeDriver) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0]).then(r => { const h = {};"
                    + " r.headers.forEach((v, k) => h[k] = v); done(h); },"
                    + " e => done({error: String(e)}));",
                href);
    return (Map<String, String>) result;
  }

  private Path awaitDownload() {
    final List<Path> done =
        await("a download in " + downloads)
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .until(this::downloaded, files -> !files.isEmpty());
    assertThat(done).hasSize(1);
    return done.get(0);
  }

  /** The files Chromium finished writing to the downloads folder. */
  private List<Path> downloaded() throws Exception {
    try (Stream<Path> files = Files.list(downloads)) {
      return files
          .filter(p -> !p.getFileName().toString().endsWith(".crdownload"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
  }

  /** A full-page PNG under target/browser-artefacts, through DevTools beyond the viewport. */
  @SuppressWarnings("unchecked")
  private void screenshot(final String name) throws IOException {
    final ChromeDriver chrome = (ChromeDriver) browser;
    final Map<String, Object> metrics = chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    final Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    final Map<String, Object> shot =
        chrome.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of(
                    "x",
                    0,
                    "y",
                    0,
                    "width",
                    ((Number) size.get("width")).doubleValue(),
                    "height",
                    ((Number) size.get("height")).doubleValue(),
                    "scale",
                    1)));
    final byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
    Files.createDirectories(ARTEFACTS);
    final Path out = ARTEFACTS.resolve(name + ".png");
    Files.write(out, png);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }
}
