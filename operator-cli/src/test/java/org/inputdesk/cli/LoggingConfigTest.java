package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The logging setups the shipped programs start with (tests run with logback-test.xml instead, so
 * nothing else would notice a broken one): each loads without an error, and the command's terminal
 * log goes to standard error, never into what a command prints on standard output.
 */
class LoggingConfigTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "logback.xml",
        "org/inputdesk/intake/logback-intake.xml",
        "org/inputdesk/classifier/logback-classifier.xml",
        "org/inputdesk/publisher/logback-publisher.xml"
      })
  void shouldLoadWithoutErrors(final String resource) throws Exception {
    load(resource).stop();
  }

  @Test
  void shouldKeepTheCommandsLogOffStandardOutput() throws Exception {
    final LoggerContext context = load("logback.xml");
    final var console =
        (ConsoleAppender<?>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
    assertThat(console.getTarget()).isEqualTo("System.err");
    context.stop();
  }

  private LoggerContext load(final String resource) throws Exception {
    final URL url = getClass().getClassLoader().getResource(resource);
    assertThat(url).as(resource + " on the classpath").isNotNull();
    final LoggerContext context = new LoggerContext();
    final JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(url);
    final List<Status> errors =
        context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() >= Status.WARN)
            .toList();
    assertThat(errors).as(resource + " loads cleanly").isEmpty();
    return context;
  }
}
