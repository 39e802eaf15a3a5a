package org.inputdesk.classifier.topology;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a stream thread that died of an unexpected error, a bounded number of times over the
 * life of the application, then shuts the client down so an orchestrator restarts it cleanly.
 */
public final class ThreadReplacement implements StreamsUncaughtExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacement.class);

  private final int max;
  private final AtomicInteger used = new AtomicInteger();

  public ThreadReplacement(final int max) {
    this.max = max;
  }

  @Override
  public StreamThreadExceptionResponse handle(final Throwable error) {
    final int n = used.incrementAndGet();
    if (n <= max) {
      LOG.error("stream thread died, replacing it ({} of {})", n, max, error);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    LOG.error("stream thread died {} times, shutting the classifier down", n, error);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }
}
