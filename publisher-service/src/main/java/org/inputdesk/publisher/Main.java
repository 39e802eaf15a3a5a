package org.inputdesk.publisher;

import java.util.concurrent.CountDownLatch;
import org.inputdesk.schemas.Settings;

/** Starts the publisher with settings from {@code INPUTDESK_*} environment variables. */
public final class Main {

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
