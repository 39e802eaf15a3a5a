package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for browser tests, from Debian's chromium and chromium-driver (the tests skip
 * naming the packages when they are missing), with axe-core's accessibility check and full-page
 * screenshots under target/browser-artefacts.
 */
final class Chromium {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path ARTEFACTS = Path.of("target", "browser-artefacts");
  private static final String AXE = axeSource();

  private Chromium() {}

  /** Skips the calling test class when Chromium or its driver is not installed. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(
        Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
        "browser tests need Debian's chromium and chromium-driver packages"
            + " (/usr/bin/chromium, /usr/bin/chromedriver)");
  }

  /** A new headless browser with its own profile directory. */
  static ChromeDriver start(final Path profile) {
    // Explicit paths: Selenium Manager is never asked to find or download anything.
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    final ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    final ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
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
    final ChromeDriver browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return browser;
  }

  /** axe-core's violations on the current page, one line each (rule, impact, where). */
  static List<String> axeViolations(final ChromeDriver browser) {
    browser.executeScript(AXE);
    final Object result =
        browser.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)))"
                + ".catch(e => done('axe failed: ' + e));");
    final String json = String.valueOf(result);
    assertThat(json).as("axe-core's answer").startsWith("[");
    final List<String> out = new ArrayList<>();
    try {
      for (final JsonNode v : Json.MAPPER.readTree(json)) {
        final List<String> where = new ArrayList<>();
        v.path("nodes").forEach(n -> where.add(n.path("target").toString()));
        out.add(
            v.path("id").asText()
                + " ("
                + v.path("impact").asText()
                + "): "
                + v.path("help").asText()
                + " at "
                + where);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A full-page PNG of the current page under target/browser-artefacts. */
  @SuppressWarnings("unchecked")
  static Path screenshot(final ChromeDriver browser, final String name) {
    final Map<String, Object> metrics =
        browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    final Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    final Map<String, Object> shot =
        browser.executeCdpCommand(
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
    try {
      Files.createDirectories(ARTEFACTS);
      final Path out = ARTEFACTS.resolve(name + ".png");
      Files.write(out, png);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String axeSource() {
    try (InputStream in = Chromium.class.getResourceAsStream("/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe.min.js is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
