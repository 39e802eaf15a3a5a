package org.inputdesk.classifier.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.inputdesk.schemas.Settings;

/** Starts the classifier with settings from INPUTDESK_* environment variables; stops on SIGTERM. */
public final class Main {

  static {
    // before the first logger: the service's own logging setup, not whichever logback.xml comes
    // first on a shared classpath (logback's default would log Kafka at DEBUG)
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty(
          "logback.configurationFile", "org/inputdesk/classifier/logback-classifier.xml");
    }
  }

  private Main() {}

  public static void main(final String[] args) throws InterruptedException {
    final Map<String, String> values = new HashMap<>(Settings.fromEnvironment(System.getenv()));
    final ClassifierService service = ClassifierService.start(ClassifierConfig.from(values));
    final CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "classifier-shutdown"));
    stopped.await();
  }
}
