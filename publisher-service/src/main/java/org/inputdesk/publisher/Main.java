package org.inputdesk.publisher;

import java.util.concurrent.CountDownLatch;
import org.inputdesk.schemas.Settings;

/**
 * Starts the publisher with settings from {@code INPUTDESK_*} environment variables and stops it at
 * shutdown; reads nothing else and writes nothing itself (see {@link PublisherService}).
 */
public final class Main {

  static {
    // before the first logger: the service's own logging setup, not whichever logback.xml comes
    // first on a shared classpath (logback's default would log Kafka at DEBUG)
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty(
          "logback.configurationFile", "org/inputdesk/publisher/logback-publisher.xml");
    }
  }

  private Main() {}

  public static void main(final String[] args) throws InterruptedException {
    final PublisherConfig config = PublisherConfig.from(Settings.fromEnvironment(System.getenv()));
    final PublisherService service = PublisherService.start(config);
    final CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "publisher-shutdown"));
    stopped.await();
  }
}
