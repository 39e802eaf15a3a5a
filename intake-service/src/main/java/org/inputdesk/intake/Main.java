package org.inputdesk.intake;

import java.util.HashMap;
import java.util.Map;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.schemas.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the intake service with settings from INPUTDESK_* environment variables and stops it at
 * JVM shutdown. Reads the environment; writes nothing itself.
 */
public final class Main {

  static {
    // before the first logger: the module's own logging setup, not whichever logback.xml is first
    // on a shared classpath
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "org/inputdesk/intake/logback-intake.xml");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(final String[] args) throws InterruptedException {
    System.setProperty(
        "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    final Map<String, Object> values = new HashMap<>();
    values.putAll(Settings.fromEnvironment(System.getenv()));
    final IntakeConfig config = IntakeConfig.from(values);
    final IntakeService service = IntakeService.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "intake-shutdown"));
    service.awaitTermination();
    if (service.failure().isPresent()) {
      LOG.error("Intake stopped after a fatal error");
      System.exit(1);
    }
  }
}
