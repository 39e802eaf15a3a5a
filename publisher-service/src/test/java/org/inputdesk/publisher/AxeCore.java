package org.inputdesk.publisher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Runs Deque's axe-core (from its webjar on the test classpath) in the page a browser has open and
 * returns its violations, one readable line each: the rule, its impact and the elements at fault.
 */
final class AxeCore {

  private static final String WEBJAR = "META-INF/resources/webjars/axe-core/";
  private static final String SOURCE = load();

  private AxeCore() {}

  /** The violations of every rule axe runs by default (WCAG 2.x A and AA, best practices). */
  @SuppressWarnings("unchecked")
  static List<String> violations(final JavascriptExecutor browser) {
    // Injected through WebDriver, not a <script> tag: the page's CSP allows no script at all.
    browser.executeScript(SOURCE);
    final Object result =
        browser.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document).then(r => done(r.passes.length === 0"
                + " ? [{id: 'axe-no-rule', impact: 'error', help: 'no rule passed', targets: []}]"
                + " : r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                + " targets: v.nodes.map(n => n.target.join(' '))}))),"
                + " e => done([{id: 'axe-error', impact: 'error', help: String(e), targets: []}]));");
    final List<String> out = new ArrayList<>();
    for (final Map<String, Object> v : (List<Map<String, Object>>) result) {
      out.add(
          v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " at " + v.get("targets"));
    }
    return out;
  }

  private static String load() {
    final Properties pom = new Properties();
    try (InputStream in =
        AxeCore.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      pom.load(in);
      try (InputStream js =
          AxeCore.class
              .getClassLoader()
              .getResourceAsStream(WEBJAR + pom.getProperty("version") + "/axe.min.js")) {
        return new String(js.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(
          "axe-core is not on the test classpath (org.webjars.npm:axe-core)",
          e instanceof IOException io ? io : new IOException(e));
    }
  }
}
