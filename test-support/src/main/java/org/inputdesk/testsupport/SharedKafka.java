package org.inputdesk.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.inputdesk.embedded.EmbeddedKafka;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker ({@link EmbeddedKafka}, KRaft) for all the integration tests of a module:
 * started the first time a test asks for it, closed when the module's test JVM is done. Writes its
 * log in a temporary directory it deletes at close.
 *
 * <p>Usage, in any {@code *IT} class:
 *
 * <pre>{@code
 * @ExtendWith(SharedKafka.class)
 * class SomethingIT {
 *   @Test
 *   void shouldDoIt(final EmbeddedKafka kafka) {        // injected, or:
 *     String servers = SharedKafka.broker().bootstrapServers();
 *     String topic = SharedKafka.unique("probe");        // "probe-7": no other test's topic
 *   }
 * }
 * }</pre>
 *
 * <p>{@code @BeforeAll static void start() { kafka = SharedKafka.broker(); }} works too; never
 * close the shared broker yourself. Every test class of the module sees the same topics, so a test
 * names its own (topics, consultation ids, mailbox names, application ids, consumer groups: {@link
 * #unique}) and asserts only on what it wrote. A test that stops, restarts or kills the broker
 * keeps its own {@code EmbeddedKafka.start(dir)}.
 *
 * <p>Without the extension, {@link #broker()} still works; the broker then stops at JVM exit.
 */
public final class SharedKafka implements BeforeAllCallback, ParameterResolver {

  private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static Holder holder;

  /** The module's broker, started on first call (2 s or so) and reused by every later caller. */
  public static synchronized EmbeddedKafka broker() {
    if (holder == null || holder.closed) {
      holder = new Holder();
      final Holder started = holder;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-stop"));
    }
    return holder.kafka;
  }

  /**
   * A name no other caller in this JVM gets, {@code prefix-N} (lower case), for a topic, a
   * consultation, a group or an application id that must not meet another test's on the broker.
   */
  public static String unique(final String prefix) {
    return prefix.toLowerCase(Locale.ROOT) + "-" + SEQUENCE.incrementAndGet();
  }

  /** Starts the broker before the class's tests and closes it when the whole test run ends. */
  @Override
  public void beforeAll(final ExtensionContext context) {
    final EmbeddedKafka kafka = broker();
    // the root store is closed once, after the last test class of this JVM
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(SharedKafka.class))
        .getOrComputeIfAbsent(Holder.class, k -> holder, Holder.class);
    LOG.debug("Shared broker {} for {}", kafka.bootstrapServers(), context.getDisplayName());
  }

  @Override
  public boolean supportsParameter(
      final ParameterContext parameter, final ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedKafka.class;
  }

  @Override
  public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
    return broker();
  }

  /** The started broker and its directory; closed by JUnit's root store or the shutdown hook. */
  private static final class Holder implements AutoCloseable {
    private final Path dir;
    private final EmbeddedKafka kafka;
    private volatile boolean closed;

    Holder() {
      try {
        dir = Files.createTempDirectory("inputdesk-shared-kafka-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make a directory for the shared broker", e);
      }
      kafka = EmbeddedKafka.start(dir);
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      kafka.close();
      delete(dir);
    }
  }

  private static void delete(final Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path d, final IOException e)
                throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("Could not delete the shared broker's directory {}: {}", dir, e.toString());
    }
  }
}
