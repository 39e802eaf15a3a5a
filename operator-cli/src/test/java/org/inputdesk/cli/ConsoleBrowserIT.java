package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in real headless Chromium on the whole local stack: an operator logs in with
 * the token, holds an input and posts it again with a reason from one window while the held queue,
 * open in another, follows without a reload; a refused action says why; sender text stays text;
 * axe-core finds no violation on any console page.
 */
class ConsoleBrowserIT {

  /** Each payload would set this flag if it ran. */
  private static final String RUN = "window.__pwned=1";

  private static final String SUBJECT =
      "[OEWG] Training needs <img src=x onerror=\"" + RUN + "\"><script>" + RUN + "</script>";

  @TempDir static Path dir;
  private static LocalStack stack;
  private static String inputId;

  @TempDir Path profile;
  private ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Chromium.assumeInstalled();
    stack = LocalStack.start(new LocalStack.Options(dir.resolve("stack"), 0, Map.of()), s -> {});
    final MimeMessage m = new MimeMessage(stack.mail().smtpSession());
    m.setFrom(new InternetAddress("policy@digitalrights-watch.org", "Digital Rights Watch"));
    m.setRecipients(MimeMessage.RecipientType.TO, LocalStack.ADDRESS);
    m.setSubject(SUBJECT, "UTF-8");
    m.setText(
        "We ask for training of national CERT staff and for capacity-building programmes on"
            + " incident response, funded through the proposed global mechanism.",
        "UTF-8");
    stack.mail().send(m);
    inputId = awaitClassified(PublicationStatus.POSTED).getId();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    browser = Chromium.start(profile);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private static Map<String, Object> kafka() {
    return Map.of("bootstrap.servers", stack.kafka().bootstrapServers());
  }

  /** The test input once the classifier has given it {@code status}. */
  private static SubmissionClassified awaitClassified(final PublicationStatus status) {
    return await("the test input classified " + status)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                TopicReader.latest(kafka(), Topics.SUBMISSIONS_CLASSIFIED).values().stream()
                    .filter(s -> s.getSubmission().getSubject().startsWith("[OEWG] Training needs"))
                    .findFirst()
                    .orElse(null),
            c -> c != null && c.getPublication().getStatus() == status);
  }

  private String url(final String path) {
    return stack.consoleUrl().resolve(path).toString();
  }

  private WebDriverWait waiting(final int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private void logIn(final String name) {
    browser.get(url("login"));
    browser.findElement(By.id("user")).sendKeys(name);
    browser.findElement(By.id("token")).sendKeys(stack.opsToken());
    browser.findElement(By.cssSelector("form.login button[type=submit]")).click();
    waiting(10).until(d -> d.getCurrentUrl().endsWith("/ops/"));
  }

  private By row() {
    return By.cssSelector("tr[data-key='" + inputId + "']");
  }

  private void assertNoScriptRan() {
    assertThat(browser.executeScript("return window.__pwned === undefined")).isEqualTo(true);
  }

  @Test
  void shouldHoldThenPostAnInputWithAReasonWhileTheHeldQueueFollowsLive() throws Exception {
    logIn("ana");
    // Window 1: the held queue, never reloaded from here on.
    browser.get(url("held"));
    final String queue = browser.getWindowHandle();
    assertThat(browser.findElements(row())).isEmpty();
    browser.executeScript("window.__sameDocument = true");

    // Window 2: the input's page; hold it.
    browser.switchTo().newWindow(WindowType.WINDOW);
    final String actions = browser.getWindowHandle();
    browser.get(url("inputs/" + inputId));
    assertNoScriptRan();
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains(SUBJECT);
    browser.findElement(By.id("status-reason")).sendKeys("attribution to be checked");
    browser.findElement(By.cssSelector("form.status button[value=hold]")).click();
    waiting(10).until(d -> !d.findElements(By.cssSelector("p.flash")).isEmpty());
    assertThat(browser.findElement(By.cssSelector("p.flash")).getText()).contains("Done: held");

    browser.switchTo().window(queue);
    waiting(10).until(d -> !d.findElements(row()).isEmpty());
    assertThat(browser.findElement(row()).getText()).contains("held", "Training needs");
    assertNoScriptRan();
    Chromium.screenshot(browser, "console-held-queue");

    // Post it again from the input's page; the queue drops it by itself.
    browser.switchTo().window(actions);
    browser.get(url("inputs/" + inputId));
    waiting(10)
        .until(d -> d.findElement(By.cssSelector("dl.details dd")).getText().startsWith("held"));
    browser.findElement(By.id("status-reason")).sendKeys("sender confirmed by phone");
    browser.findElement(By.cssSelector("form.status button[value=post]")).click();
    waiting(10).until(d -> !d.findElements(By.cssSelector("p.flash")).isEmpty());
    final long posted = System.nanoTime();

    browser.switchTo().window(queue);
    new WebDriverWait(browser, Duration.ofSeconds(4), Duration.ofMillis(50))
        .until(d -> d.findElements(row()).isEmpty());
    final long ms = Duration.ofNanos(System.nanoTime() - posted).toMillis();
    System.out.printf("held queue dropped the posted input %d ms after post%n", ms);
    assertThat(browser.executeScript("return window.__sameDocument === true"))
        .as("the queue changed without a reload")
        .isEqualTo(true);

    final SubmissionCorrection standing =
        TopicReader.latest(kafka(), Topics.SUBMISSION_CORRECTIONS).get(inputId);
    assertThat(standing.getStatus()).isEqualTo(StatusOverride.POSTED);
    assertThat(standing.getBy()).isEqualTo("ana");
    assertThat(standing.getReason()).isEqualTo("sender confirmed by phone");
    assertThat(awaitClassified(PublicationStatus.POSTED).getPublication().getStatus())
        .isEqualTo(PublicationStatus.POSTED);
  }

  @Test
  void shouldShowWhyAnActionWasRefused() {
    logIn("ana");
    browser.get(url("inputs/" + inputId));
    // The browser asks for a reason itself; without that check the console still refuses.
    browser.executeScript("document.getElementById('status-reason').removeAttribute('required')");
    browser.findElement(By.cssSelector("form.status button[value=withdraw]")).click();
    final WebElement alert =
        waiting(10).until(d -> d.findElement(By.cssSelector(".errors[role=alert]")));
    assertThat(alert.getText()).contains("Not done", "reason: give one");
    assertThat(TopicReader.latest(kafka(), Topics.SUBMISSION_CORRECTIONS).get(inputId))
        .satisfiesAnyOf(
            c -> assertThat(c).isNull(),
            c -> assertThat(c.getStatus()).isNotEqualTo(StatusOverride.WITHDRAWN));
    Chromium.screenshot(browser, "console-refused");
  }

  @Test
  void shouldHaveNoAccessibilityViolationsOnAnyConsolePage() {
    browser.get(url("login"));
    final List<String> found = new java.util.ArrayList<>();
    found.addAll(prefixed("login", Chromium.axeViolations(browser)));
    logIn("ana");
    for (final String page :
        List.of(
            "",
            "held",
            "unrouted",
            "dlq",
            "desks/" + stack.consultation().getId() + "/capacity",
            "inputs/" + inputId)) {
      browser.get(url(page));
      assertNoScriptRan();
      found.addAll(prefixed(page.isEmpty() ? "status" : page, Chromium.axeViolations(browser)));
    }
    Chromium.screenshot(browser, "console-input");
    assertThat(found).as("axe-core violations").isEmpty();
  }

  private static List<String> prefixed(final String page, final List<String> violations) {
    return violations.stream().map(v -> page + ": " + v).toList();
  }
}
