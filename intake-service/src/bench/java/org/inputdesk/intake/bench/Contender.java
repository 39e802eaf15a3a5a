package org.inputdesk.intake.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.inputdesk.intake.IntakeService;
import org.inputdesk.intake.config.IntakeConfig;
import org.slf4j.LoggerFactory;

/**
 * One contender of the intake benchmark, run in a JVM of its own by {@link IntakeBenchmark}: the raw
 * jakarta.mail fetch loop, the Camel imap→kafka route or the intake service reads a whole folder.
 * Times it from its first login (connection up) until the last message is fetched, sent or
 * committed, and prints {@code RESULT <messages> <nanoseconds>}. Reads the IMAP folder; writes to
 * Kafka (Camel, intake).
 */
public final class Contender {

  private static final Duration LIMIT = Duration.ofMinutes(15);
  private static final int RAW_BATCH = 200;

  private final String host = System.getProperty("bench.host");
  private final int port = Integer.getInteger("bench.port");
  private final String user = System.getProperty("bench.user");
  private final String password = System.getProperty("bench.password");
  private final String folder = System.getProperty("bench.folder");
  private final String bootstrap = System.getProperty("bench.bootstrap");
  private final int expected = Integer.getInteger("bench.expected");
  // set by the first login of the contender, seen in its own log where it has no hook of ours
  private final AtomicLong loggedIn = new AtomicLong();

  private Contender() {}

  public static void main(final String[] args) throws Exception {
    final Contender c = new Contender();
    final long[] result =
        switch (args[0]) {
          case "raw" -> c.raw();
          case "camel" -> c.camel();
          case "intake" -> c.intake(args[1]);
          default -> throw new IllegalArgumentException("unknown contender " + args[0]);
        };
    // and the JVM's age: what the run cost from the process's start, start-up included
    System.out.println(
        "RESULT "
            + result[0]
            + " "
            + result[1]
            + " "
            + ManagementFactory.getRuntimeMXBean().getUptime());
    System.out.flush();
    System.exit(0); // Camel and Kafka leave non-daemon threads behind
  }

  // ------------------------------------------------------------------ raw fetch

  /** UID FETCH lo:hi (UID BODY.PEEK[]) in batches of 200, the bytes copied out, nothing else. */
  private long[] raw() throws Exception {
    final Properties props = new Properties();
    props.setProperty("mail.imap.partialfetch", "false");
    final Store store = Session.getInstance(props).getStore("imap");
    final long begin = System.nanoTime();
    store.connect(host, port, user, password);
    try {
      final IMAPFolder f = (IMAPFolder) store.getFolder(folder);
      f.open(Folder.READ_ONLY);
      final long uidNext = f.getUIDNext();
      long count = 0;
      for (long lo = 1; lo < uidNext; lo += RAW_BATCH) {
        final String range = lo + ":" + Math.min(lo + RAW_BATCH - 1, uidNext - 1);
        final Response[] responses =
            (Response[])
                f.doCommand(p -> p.command("UID FETCH " + range + " (UID BODY.PEEK[])", null));
        for (final Response r : responses) {
          if (r instanceof FetchResponse fr && fr.getItem(BODY.class) != null) {
            fr.getItem(BODY.class).getByteArray().getNewBytes();
            count++;
          }
        }
      }
      final long nanos = System.nanoTime() - begin;
      f.close(false);
      return new long[] {count, nanos};
    } finally {
      store.close();
    }
  }

  // ------------------------------------------------------------------ Camel

  /**
   * A tuned route: unseen messages, peeked, without partial fetch (one FETCH per body rather than
   * 16 KB pieces), greedy polling (the next poll at once after a full one), each message's raw
   * bytes to Kafka with linger 0 and acks=all, as the intake's transactions are.
   */
  private long[] camel() throws Exception {
    watchLog("org.apache.camel.component.mail.MailConsumer", "Connecting to MailStore");
    final AtomicLong done = new AtomicLong();
    final AtomicLong last = new AtomicLong();
    final Properties mail = new Properties();
    mail.setProperty("mail.imap.partialfetch", "false");
    mail.setProperty("mail.imap.peek", "true");
    final String imap =
        "imap://"
            + host
            + ":"
            + port
            + "?username="
            + user
            + "&password="
            + password
            + "&folderName="
            + folder
            + "&unseen=true&peek=true&delete=false&mapMailMessage=false&closeFolder=false"
            + "&maxMessagesPerPoll=0&greedy=true&initialDelay=0&delay=10"
            + "&connectionTimeout=30000&additionalJavaMailProperties=#mailProps";
    final String toKafka =
        "kafka:bench-camel?brokers="
            + bootstrap
            + "&requestRequiredAcks=all&lingerMs=0&maxRequestSize=52000000"
            + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer";
    final CamelContext context = new DefaultCamelContext();
    context.getRegistry().bind("mailProps", mail);
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(imap)
                .process(
                    e -> {
                      final Message m = e.getIn(MailMessage.class).getMessage();
                      final ByteArrayOutputStream out = new ByteArrayOutputStream();
                      m.writeTo(out);
                      e.getIn().setBody(out.toByteArray());
                      e.getIn().removeHeaders("*");
                    })
                .to(toKafka)
                .process(
                    e -> {
                      done.incrementAndGet();
                      last.set(System.nanoTime());
                    });
          }
        });
    final long started = System.nanoTime();
    context.start();
    awaitCount(done::get, () -> true);
    context.stop();
    final long from = loggedIn.get() != 0 ? loggedIn.get() : started;
    return new long[] {done.get(), last.get() - from};
  }

  // ------------------------------------------------------------------ intake

  private long[] intake(final String mailboxName) throws Exception {
    watchLog("org.inputdesk.intake.mailbox.ImapMailbox", "Connected to mailbox");
    final Map<String, Object> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", bootstrap);
    m.put("imap.host", host);
    m.put("imap.port", String.valueOf(port));
    m.put("imap.protocol", "imap");
    m.put("imap.user", user);
    m.put("imap.password", password);
    m.put("imap.folder", folder);
    m.put("intake.mailbox.name", mailboxName);
    m.put("receipt.enabled", "false");
    m.put("ops.http.port", "-1"); // another service on the machine may hold the default port
    System.getProperties()
        .forEach(
            (k, v) -> {
              // -Dbench.intake.intake.batch.size=100 passes intake.batch.size=100
              if (k.toString().startsWith("bench.intake.")) {
                m.put(k.toString().substring("bench.intake.".length()), v.toString());
              }
            });
    try (IntakeService service = IntakeService.start(IntakeConfig.from(m))) {
      awaitCount(() -> service.submissionCount() + service.deadLetterCount(), service::isRunning);
      final long end = System.nanoTime();
      if (loggedIn.get() == 0) {
        throw new IllegalStateException("the intake's login was not seen in its log");
      }
      return new long[] {service.submissionCount() + service.deadLetterCount(), end - loggedIn.get()};
    }
  }

  // ------------------------------------------------------------------ helpers

  private void awaitCount(
      final LongSupplier count, final BooleanSupplier alive)
      throws InterruptedException {
    final long deadline = System.nanoTime() + LIMIT.toNanos();
    while (count.getAsLong() < expected && System.nanoTime() < deadline && alive.getAsBoolean()) {
      Thread.sleep(2);
    }
    if (count.getAsLong() < expected) {
      throw new IllegalStateException("only " + count.getAsLong() + " of " + expected + " done");
    }
  }

  /** Notes the time of the first event of {@code logger} that starts with {@code prefix}. */
  private void watchLog(final String logger, final String prefix) {
    final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    final AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(final ILoggingEvent event) {
            if (event.getMessage() != null && event.getMessage().startsWith(prefix)) {
              loggedIn.compareAndSet(0, System.nanoTime());
            }
          }
        };
    appender.setContext(context);
    appender.start();
    final Logger l = context.getLogger(logger);
    l.setLevel(Level.DEBUG);
    l.setAdditive(false); // Camel's consumer logs every poll at DEBUG: only this appender sees it
    l.addAppender(appender);
  }
}
