package org.inputdesk.intake;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.inputdesk.common.kafka.TopicScanner;
import org.inputdesk.ops.OpsEndpoints;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionKey;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.TopicSpec;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one IMAP folder and turns each new message into a {@code submissions-received} record,
 * its attachments into {@code submission-attachments} records, or a {@code submissions-dlq} record,
 * together with the folder's {@code intake-checkpoints} record, in one Kafka transaction; only
 * after the commit is the message flagged \Seen (or moved, or left) and the sender receipted. Reads
 * {@code consultations} and {@code intake-checkpoints}.
 */
public final class IntakeService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);

  /** The topics intake writes or reads, created at start when missing. */
  public static final List<TopicSpec<?, ?>> TOPICS =
      List.of(
          Topics.SUBMISSIONS_RECEIVED,
          Topics.SUBMISSION_ATTACHMENTS,
          Topics.CONSULTATIONS,
          Topics.SUBMISSIONS_DLQ,
          Topics.INTAKE_CHECKPOINTS,
          Topics.SUBMISSION_KEYS);

  /** Most message bytes in one transaction (one message at least), to bound memory. */
  static final long BATCH_BYTES = 64L * 1024 * 1024;

  /**
   * Most message bytes fetched in one batch (one message at least): large messages come in several
   * smaller batches, so one is parsed while the one before is committed; the committer joins them
   * again into transactions of up to {@link #BATCH_BYTES}.
   */
  static final long FETCH_BYTES = 8L * 1024 * 1024;

  /** Largest encoded submission, below the 1 MB brokers accept by default. */
  static final int MAX_SUBMISSION_BYTES = 900_000;

  static {
    if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
      System.setProperty(
          "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    }
  }

  private final IntakeConfig config;
  private final Map<String, Object> clientProps;
  private final ConsultationMatcher matcher;
  private final ConsultationFeed feed;
  private final AttachmentExtractor extractor;
  private final MimeReader reader;
  private final ReceiptSender receipts;
  private final KafkaProducer<byte[], byte[]> producer;
  private final SubmissionWriter writer;
  private final SubmissionKeys keys;
  // the first input each committed copy repeats, by the copy's id, until its receipt is sent
  private final Map<String, SubmissionKey> firstOf = new java.util.concurrent.ConcurrentHashMap<>();
  private final Thread worker;
  private final ScheduledExecutorService ticker;
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private final Object sleepLock = new Object();
  private final AtomicLong submissions = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();

  private volatile boolean running = true;
  private volatile boolean connected;
  private volatile boolean idling;
  private volatile Store store;
  private volatile IMAPFolder folder;
  private volatile Throwable failure;
  private volatile String loginRefusal;
  // the last committed checkpoint; written by the committer thread, read by the reader
  private volatile MailboxCheckpoint checkpoint;
  // Message-IDs and content keys already submitted, while re-reading after a UIDVALIDITY change.
  private volatile Set<String> resyncSeen;
  // set when a batch could not be read or committed: the batches queued after it are dropped
  private volatile boolean pipelineBroken;

  /** Threads that parse the messages of a batch in parallel (MIME, attachments, Tika). */
  static final int READ_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final ExecutorService readers =
      Executors.newFixedThreadPool(READ_THREADS, daemon("intake-read"));
  // one thread: Kafka transactions one after the other, batches in UID order
  private final ExecutorService committer =
      Executors.newSingleThreadExecutor(daemon("intake-commit"));

  private static java.util.concurrent.ThreadFactory daemon(final String name) {
    final AtomicLong n = new AtomicLong();
    return r -> {
      final Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private IntakeService(final IntakeConfig config) {
    this.config = config;
    this.clientProps = new HashMap<>(config.kafkaClientProps());
    clientProps.put("bootstrap.servers", config.bootstrapServers());
    this.matcher = new ConsultationMatcher(config.defaultConsultation());
    this.feed = new ConsultationFeed(clientProps, matcher);
    this.extractor = new AttachmentExtractor(config.tikaTimeout(), config.tikaMaxChars());
    this.reader =
        new MimeReader(
            new MimeReader.Limits(config.attachmentMaxBytes(), config.messageMaxBytes()),
            extractor,
            org.inputdesk.common.Languages::detect,
            config.authTrust());
    this.receipts =
        config.receiptsOn()
            ? new ReceiptSender(
                new Receipts(
                    config.smtpHost(),
                    config.smtpPort(),
                    config.smtpFrom(),
                    config.smtpUser(),
                    config.smtpPassword().value(),
                    new MimeReader.Limits(config.attachmentMaxBytes(), config.messageMaxBytes())),
                config.receiptMaxPerAddressPerHour())
            : null;
    this.producer = producer(config, clientProps);
    final Map<String, Object> props = clientProps;
    this.keys = new SubmissionKeys(clientProps);
    this.writer =
        new SubmissionWriter(
            producer,
            matcher,
            config.mailboxName(),
            new TrackingNumbers(
                config.mailboxName(),
                config.trackingCode(),
                () -> SubmissionWriter.othersKeys(props, config.mailboxName())),
            keys);
    this.worker = new Thread(this::run, "intake-imap");
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              final Thread t = new Thread(r, "intake-idle-check");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Creates the topics, resumes from the committed checkpoint, starts reading consultations and the
   * mailbox, and returns once the first connection to the mailbox was tried (the first sync is then
   * under way in the background).
   */
  private volatile OpsEndpoints ops;

  public static IntakeService start(final IntakeConfig config) {
    try (Admin admin = Admin.create(adminProps(config))) {
      Topics.ensure(admin, TOPICS, config.replicationFactor());
    }
    final IntakeService service = new IntakeService(config);
    try {
      // initTransactions aborts what a crashed predecessor left open, so the checkpoint read
      // next is the last committed one.
      service.producer.initTransactions();
      service.checkpoint = service.readCheckpoint();
      // read the first inputs now, not while the first mail waits for its transaction
      LOG.info("{} duplicate keys of earlier inputs read", service.keys.caughtUp().size());
      service.feed.start();
      service.worker.start();
      final long tick = config.pollInterval().toMillis();
      service.ticker.scheduleWithFixedDelay(service::checkIdle, tick, tick, TimeUnit.MILLISECONDS);
      service.firstAttempt.await(config.imapTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      service.close();
      throw new IllegalStateException("interrupted while starting intake", e);
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    final PrometheusMeterRegistry registry = OpsEndpoints.registry("intake");
    FunctionCounter.builder("inputdesk_intake_submissions", service, IntakeService::submissionCount)
        .description("Messages turned into submissions")
        .register(registry);
    FunctionCounter.builder(
            "inputdesk_intake_dead_letters", service, IntakeService::deadLetterCount)
        .description("Messages sent to the dead-letter topic")
        .register(registry);
    FunctionCounter.builder("inputdesk_intake_receipts", service, IntakeService::receiptCount)
        .description("Receipts sent to senders")
        .register(registry);
    for (final ReceiptGate.Skip skip : ReceiptGate.Skip.values()) {
      FunctionCounter.builder(
              "inputdesk_intake_receipts_skipped", service, s -> s.receiptsSkipped(skip))
          .description("Receipts not sent: automatic mail, DMARC fail, unverified, rate limit")
          .tag("reason", skip.tag())
          .register(registry);
    }
    Gauge.builder("inputdesk_intake_connected", service, s -> s.isConnected() ? 1 : 0)
        .description("1 while the mailbox is connected")
        .register(registry);
    service.ops = OpsEndpoints.start(config.ops(), registry, service::isConnected);
    LOG.info(
        "Intake started for mailbox {} (connected: {}, resumed at uidvalidity {} uid {})",
        config.mailboxLabel(),
        service.connected,
        service.checkpoint == null ? "-" : service.checkpoint.getUidValidity(),
        service.checkpoint == null ? "-" : service.checkpoint.getLastUid());
    return service;
  }

  private static Map<String, Object> adminProps(final IntakeConfig config) {
    final Map<String, Object> props = new HashMap<>(config.kafkaClientProps());
    props.put("bootstrap.servers", config.bootstrapServers());
    return props;
  }

  private static KafkaProducer<byte[], byte[]> producer(
      final IntakeConfig config, final Map<String, Object> clientProps) {
    final Map<String, Object> props = new HashMap<>(clientProps);
    // submissions are 3-10 KB: Kafka's default 16 KB batches would need a request per two or
    // three of them, and a batch of messages waits for those round trips
    props.putIfAbsent("batch.size", 512 * 1024);
    return SubmissionWriter.producer(props, config.transactionalId());
  }

  // ---------------------------------------------------------------- checkpoint

  private MailboxCheckpoint readCheckpoint() {
    final List<MailboxCheckpoint> found = new ArrayList<>();
    TopicScanner.scan(
        clientProps,
        Topics.INTAKE_CHECKPOINTS.name(),
        new StringDeserializer(),
        Topics.INTAKE_CHECKPOINTS.valueSerde().deserializer(),
        r -> {
          if (config.mailboxName().equals(r.key())) {
            found.clear();
            if (r.value() != null) {
              found.add(r.value());
            }
          }
        });
    return found.isEmpty() ? null : found.get(0);
  }

  // ---------------------------------------------------------------- mailbox loop

  private void run() {
    long backoff = config.reconnectBackoffInitial().toMillis();
    while (running) {
      try {
        connect();
        backoff = config.reconnectBackoffInitial().toMillis();
        firstAttempt.countDown();
        watch();
      } catch (FatalException e) {
        failure = e.getCause();
        LOG.error(
            "Intake stops for mailbox {}: {}", config.mailboxLabel(), e.getMessage(), e.getCause());
        running = false;
      } catch (MessagingException | RuntimeException e) {
        if (!running) {
          break;
        }
        LOG.warn(
            "Mailbox {} unavailable ({}); reconnecting in {} ms",
            config.mailboxLabel(),
            AttachmentExtractor.describe(e),
            backoff);
        firstAttempt.countDown();
        disconnect();
        sleep(backoff);
        backoff = Math.min(backoff * 2, config.reconnectBackoffMax().toMillis());
      }
    }
    disconnect();
    firstAttempt.countDown();
  }

  private void connect() throws MessagingException {
    final String protocol = config.imapProtocol();
    final Properties props = new Properties();
    final String p = "mail." + protocol + ".";
    props.setProperty(p + "connectiontimeout", String.valueOf(config.imapTimeout().toMillis()));
    props.setProperty(
        p + "timeout",
        String.valueOf(config.imapTimeout().toMillis() + config.pollInterval().toMillis()));
    props.setProperty(p + "writetimeout", String.valueOf(config.imapTimeout().toMillis()));
    // Fetching must not set \Seen: the flag is set only after the Kafka commit.
    props.setProperty(p + "peek", "true");
    props.setProperty(p + "starttls.enable", "true");
    props.setProperty("mail.mime.allowutf8", "true");
    final boolean oauth = config.imapAuth().equals("xoauth2");
    if (oauth) {
      // Angus leaves XOAUTH2 off unless told, and would otherwise fall back to LOGIN with the
      // token as a password: only XOAUTH2, so a refused token is reported as such.
      props.setProperty(p + "auth.mechanisms", "XOAUTH2");
      props.setProperty(p + "auth.xoauth2.disable", "false");
      props.setProperty(p + "auth.login.disable", "true");
      props.setProperty(p + "auth.plain.disable", "true");
    }
    final Session session = Session.getInstance(props);
    final Store s = session.getStore(protocol);
    try {
      s.connect(
          config.imapHost(), config.imapPort(), config.imapUser(), OAuth2Token.secret(config));
    } catch (jakarta.mail.AuthenticationFailedException e) {
      final String why = OAuth2Token.refusal(config, e);
      loginRefusal = why;
      LOG.error("Mailbox {}: {}", config.mailboxLabel(), why);
      throw new jakarta.mail.AuthenticationFailedException(why, e);
    }
    loginRefusal = null;
    store = s;
    final IMAPFolder f = (IMAPFolder) s.getFolder(config.imapFolder());
    f.open(Folder.READ_WRITE);
    folder = f;
    connected = true;
    LOG.info(
        "Connected to mailbox {} ({} messages, uidvalidity {})",
        config.mailboxLabel(),
        f.getMessageCount(),
        f.getUIDValidity());
  }

  private void disconnect() {
    connected = false;
    idling = false;
    final Folder f = folder;
    final Store s = store;
    folder = null;
    store = null;
    try {
      if (f != null && f.isOpen()) {
        f.close(false);
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("Closing folder failed", e);
    }
    try {
      if (s != null) {
        s.close();
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("Closing store failed", e);
    }
  }

  private void watch() throws MessagingException {
    final IMAPFolder f = folder;
    final boolean idle =
        config.imapIdle() && store instanceof IMAPStore s && s.hasCapability("IDLE");
    LOG.info(
        "Mailbox {}: {}",
        config.mailboxLabel(),
        idle ? "IDLE" : "polling every " + config.pollInterval().toMillis() + " ms");
    while (running) {
      syncAll(f);
      if (!running) {
        return;
      }
      if (idle) {
        idling = true;
        try {
          f.idle(true);
        } finally {
          idling = false;
        }
      } else {
        sleep(config.pollInterval().toMillis());
        noop(f); // the server reports new messages in answer to a command
      }
    }
  }

  /** Aborts a long IDLE now and then, so a missed notification costs at most one interval. */
  private void checkIdle() {
    final IMAPFolder f = folder;
    if (idling && f != null) {
      noop(f);
    }
  }

  /**
   * Sends NOOP from this thread. Angus ends a running IDLE (DONE) before any command on the folder,
   * so this wakes the reader; cached calls such as getMessageCount would not.
   */
  private static void noop(final IMAPFolder f) {
    try {
      f.doCommand(
          protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
          });
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("NOOP failed", e);
    }
  }

  private void sleep(final long millis) {
    synchronized (sleepLock) {
      if (!running) {
        return;
      }
      try {
        sleepLock.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  /**
   * Reads every message waiting after the checkpoint, in batches, and returns once all are
   * committed (and flagged). Pipelined: while batch n is read (its messages parsed in parallel on
   * the reader threads) and committed (on the committer thread, batches strictly in UID order),
   * this thread already fetches batch n+1; a batch is flagged only after its commit. When a commit
   * fails, the batches after it are not committed: the caller reconnects and re-reads from the last
   * committed checkpoint.
   */
  private void syncAll(final IMAPFolder f) throws MessagingException {
    final long uidValidity = f.getUIDValidity();
    long cursor = 0;
    if (checkpoint != null && checkpoint.getUidValidity() == uidValidity) {
      cursor = checkpoint.getLastUid();
    } else if (checkpoint != null && resyncSeen == null) {
      LOG.warn(
          "Mailbox {}: UIDVALIDITY changed from {} to {}; re-reading the folder, skipping messages"
              + " already submitted (by Message-ID and content)",
          config.mailboxLabel(),
          checkpoint.getUidValidity(),
          uidValidity);
      resyncSeen = alreadySubmitted();
    }
    pipelineBroken = false;
    waiting.clear();
    final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    boolean any = false;
    boolean drained = false;
    try {
      while (running) {
        final long begin = System.nanoTime();
        final List<Candidate> batch = nextBatch(f, cursor);
        if (batch.isEmpty()) {
          drained = true;
          break;
        }
        final long fetchedAt = System.nanoTime();
        final Map<Long, Fetched> fetched = fetchBatch(f, batch);
        feed.hurry();
        cursor = batch.get(batch.size() - 1).uid();
        any = true;
        inFlight.add(submit(uidValidity, batch, fetched, fetchedAt, System.nanoTime() - begin));
        // up to MAX_IN_FLIGHT batches in the works (being read or committed) while the next is
        // fetched
        while (inFlight.size() > MAX_IN_FLIGHT
            || inFlight.stream().mapToLong(InFlight::bytes).sum() > 2 * BATCH_BYTES
            || inFlight.size() > 1 && inFlight.peek().future().isDone()) {
          finish(f, inFlight);
        }
      }
      while (!inFlight.isEmpty()) {
        finish(f, inFlight);
      }
    } catch (MessagingException | RuntimeException e) {
      // what is already being committed still completes (or is dropped after a failed commit)
      // before the caller reconnects, so the checkpoint it resumes from is the last committed one
      final RuntimeException fatal = drainAfterFailure(f, inFlight);
      if (fatal != null) {
        fatal.addSuppressed(e);
        throw fatal;
      }
      throw e;
    } finally {
      waiting.clear();
    }
    if (drained
        && resyncSeen != null
        && checkpoint != null
        && checkpoint.getUidValidity() == uidValidity) {
      resyncSeen = null; // the folder is read again to its end: new mail is new
    }
    if (!any) {
      if (running && (checkpoint == null || checkpoint.getUidValidity() != uidValidity)) {
        // remember the new UIDVALIDITY even for an empty folder
        inFlight.add(submit(uidValidity, List.of(), Map.of(), System.nanoTime(), 0));
        finish(f, inFlight);
      }
    }
  }

  /** A message waiting in the folder: its UID and size, before its bytes are fetched. */
  private record Candidate(long uid, long size) {}

  /**
   * Batches fetched but not yet committed and flagged, at most this many (and 128 MB of mail):
   * enough for the reader threads to stay busy while a transaction runs, and for the committer to
   * find several batches read when it finishes one.
   */
  private static final int MAX_IN_FLIGHT = 4;

  // probed (UID and size known) but not yet fetched, in UID order; lives for one syncAll
  private final ArrayDeque<Candidate> waiting = new ArrayDeque<>();

  /**
   * The next messages after {@code after}, in UID order, at most intake.batch.size of them and at
   * most {@link #FETCH_BYTES} together (at least one). Probes a window of UIDs at a time and keeps
   * what it found for the next batches, so a large backlog costs one short answer per few batches
   * rather than one line per waiting message per batch.
   */
  private List<Candidate> nextBatch(final IMAPFolder f, final long after)
      throws MessagingException {
    while (!waiting.isEmpty() && waiting.peekFirst().uid() <= after) {
      waiting.pollFirst();
    }
    if (waiting.size() < config.batchSize()) {
      final long from = Math.max(after, waiting.isEmpty() ? after : waiting.peekLast().uid());
      final long window = Math.max(1_000L, 4L * config.batchSize());
      List<Candidate> found = uidsAndSizes(f, (from + 1) + ":" + (from + window), from);
      if (waiting.size() + found.size() < config.batchSize()) {
        // near the end, or a gap of expunged UIDs: ask for everything newer
        found = uidsAndSizes(f, (from + 1) + ":*", from);
      }
      waiting.addAll(found);
    }
    final List<Candidate> batch = new ArrayList<>();
    long bytes = 0;
    while (!waiting.isEmpty()) {
      final Candidate c = waiting.peekFirst();
      if (!batch.isEmpty()
          && (batch.size() >= config.batchSize() || bytes + c.size() > FETCH_BYTES)) {
        break;
      }
      batch.add(waiting.pollFirst());
      bytes += c.size();
    }
    return batch;
  }

  /** UID FETCH set (UID RFC822.SIZE): the messages newer than {@code after}, by UID. */
  private static List<Candidate> uidsAndSizes(
      final IMAPFolder f, final String set, final long after) throws MessagingException {
    final List<Candidate> out = new ArrayList<>();
    f.doCommand(
        p -> {
          final Response[] r = p.command("UID FETCH " + set + " (UID RFC822.SIZE)", null);
          for (final Response x : r) {
            if (x instanceof FetchResponse fr) {
              final UID uid = fr.getItem(UID.class);
              final RFC822SIZE size = fr.getItem(RFC822SIZE.class);
              // "n:*" also answers the last message when none is newer than n
              if (uid != null && uid.uid > after) {
                out.add(new Candidate(uid.uid, size == null ? 0 : size.size));
              }
            }
          }
          p.notifyResponseHandlers(r);
          p.handleResult(r[r.length - 1]);
          return null;
        });
    out.sort((a, b) -> Long.compare(a.uid(), b.uid()));
    return out;
  }

  /** A message's bytes exactly as stored and its INTERNALDATE. */
  private record Fetched(byte[] raw, Instant received) {}

  /**
   * One UID FETCH first:last (UID INTERNALDATE BODY.PEEK[]) for the whole batch: one round trip
   * instead of one per message, and nothing cached in Angus' message objects.
   */
  private static Map<Long, Fetched> fetchBatch(final IMAPFolder f, final List<Candidate> batch)
      throws MessagingException {
    final Map<Long, Fetched> out = new HashMap<>();
    final String set = batch.get(0).uid() + ":" + batch.get(batch.size() - 1).uid();
    f.doCommand(
        p -> {
          final Response[] r =
              p.command("UID FETCH " + set + " (UID INTERNALDATE BODY.PEEK[])", null);
          for (final Response x : r) {
            if (x instanceof FetchResponse fr) {
              final UID uid = fr.getItem(UID.class);
              final BODY body = fr.getItem(BODY.class);
              final INTERNALDATE date = fr.getItem(INTERNALDATE.class);
              if (uid != null && body != null && body.getByteArray() != null) {
                out.put(
                    uid.uid,
                    new Fetched(
                        body.getByteArray().getNewBytes(),
                        date == null || date.getDate() == null
                            ? null
                            : date.getDate().toInstant()));
              }
            }
          }
          p.notifyResponseHandlers(r);
          p.handleResult(r[r.length - 1]);
          return null;
        });
    return out;
  }

  private Set<String> alreadySubmitted() {
    final Set<String> seen = new HashSet<>();
    TopicScanner.scan(
        clientProps,
        Topics.SUBMISSIONS_RECEIVED.name(),
        new StringDeserializer(),
        Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer(),
        r -> {
          final SubmissionReceived s = r.value();
          if (s != null && config.mailboxName().equals(s.getSource().getMailbox())) {
            seen.addAll(dedupKeys(s));
          }
        });
    LOG.info(
        "Mailbox {}: {} keys of earlier submissions loaded", config.mailboxLabel(), seen.size());
    return seen;
  }

  private static List<String> dedupKeys(final SubmissionReceived s) {
    final List<String> keys = new ArrayList<>();
    if (s.getMessageId() != null) {
      keys.add("mid:" + s.getMessageId());
    }
    keys.add(
        "sha:"
            + s.getFrom().getAddress()
            + "\u0000"
            + s.getSubject()
            + "\u0000"
            + s.getContentSha256());
    return keys;
  }

  // ---------------------------------------------------------------- one batch

  /** One message read from the mailbox, and what it became. */
  private record Item(
      long uid, byte[] raw, MimeReader.Result result, String rejection, boolean duplicate) {}

  /** A batch handed to the reader and committer threads. */
  private record InFlight(
      List<Candidate> batch,
      CompletableFuture<Committed> future,
      long bytes,
      long fetchNanos,
      long submitted) {}

  /** What the committer made of a batch. */
  private record Committed(
      List<Item> items,
      MailboxCheckpoint next,
      long readNanos,
      long parseNanos,
      long consultationsNanos,
      long commitNanos,
      int group) {}

  /**
   * Parses the batch's messages on the reader threads (in chunks, results kept in UID order) and
   * queues its commit after the batches before it.
   */
  private InFlight submit(
      final long uidValidity,
      final List<Candidate> batch,
      final Map<Long, Fetched> fetched,
      final long fetchedAt,
      final long fetchNanos) {
    final long submitted = System.nanoTime();
    final List<Candidate> present = new ArrayList<>();
    for (final Candidate c : batch) {
      if (fetched.containsKey(c.uid())) {
        present.add(c);
      } else {
        // expunged by another client between the two commands: nothing left to read
        LOG.warn("Message uid {} vanished before it could be fetched", c.uid());
      }
    }
    final List<CompletableFuture<List<Item>>> chunks = new ArrayList<>();
    final AtomicLong parseNanos = new AtomicLong();
    final int chunk = Math.max(1, (present.size() + 4 * READ_THREADS - 1) / (4 * READ_THREADS));
    for (int i = 0; i < present.size(); i += chunk) {
      final List<Candidate> part = present.subList(i, Math.min(present.size(), i + chunk));
      chunks.add(
          CompletableFuture.supplyAsync(
              () -> {
                final long start = System.nanoTime();
                final List<Item> out = new ArrayList<>(part.size());
                for (final Candidate c : part) {
                  out.add(read(uidValidity, c.uid(), fetched.get(c.uid())));
                }
                parseNanos.addAndGet(System.nanoTime() - start);
                return out;
              },
              readers));
    }
    final long upTo = batch.isEmpty() ? 0 : batch.get(batch.size() - 1).uid();
    final long bytes = batch.stream().mapToLong(Candidate::size).sum();
    final Pending pending =
        new Pending(uidValidity, chunks, upTo, bytes, fetchedAt, submitted, parseNanos);
    toCommit.add(pending);
    committer.execute(this::commitNext);
    return new InFlight(batch, pending.result, bytes, fetchNanos, submitted);
  }

  /** A batch being read, waiting for the committer. */
  private record Pending(
      long uidValidity,
      List<CompletableFuture<List<Item>>> chunks,
      long upTo,
      long bytes,
      long fetchedAt,
      long submitted,
      AtomicLong parseNanos,
      CompletableFuture<Committed> result) {

    Pending(
        final long uidValidity,
        final List<CompletableFuture<List<Item>>> chunks,
        final long upTo,
        final long bytes,
        final long fetchedAt,
        final long submitted,
        final AtomicLong parseNanos) {
      this(
          uidValidity,
          chunks,
          upTo,
          bytes,
          fetchedAt,
          submitted,
          parseNanos,
          new CompletableFuture<>());
    }

    boolean read() {
      return chunks.stream().allMatch(CompletableFuture::isDone);
    }

    List<Item> items() {
      final List<Item> items = new ArrayList<>();
      for (final CompletableFuture<List<Item>> c : chunks) {
        items.addAll(c.join());
      }
      return items;
    }
  }

  /** Most messages committed in one transaction when batches wait for the committer. */
  private static final int MAX_GROUP = 1_000;

  // batches handed to the committer, oldest first; only the committer thread takes from it
  private final java.util.concurrent.ConcurrentLinkedDeque<Pending> toCommit =
      new java.util.concurrent.ConcurrentLinkedDeque<>();

  /**
   * On the committer thread: commits the oldest waiting batch, together with the batches after it
   * that are already read (group commit: while one transaction runs, the next batches are read, and
   * one transaction for them all spares the fixed cost of each). The checkpoint, and so the flags,
   * cover the whole group; a failure fails every batch of it and drops the ones queued after.
   */
  private void commitNext() {
    final Pending first = toCommit.poll();
    if (first == null) {
      return; // committed already, in an earlier group
    }
    final List<Pending> group = new ArrayList<>();
    group.add(first);
    try {
      final List<List<Item>> parts = new ArrayList<>();
      parts.add(first.items());
      final long read = System.nanoTime();
      if (pipelineBroken) {
        throw new CancellationException("an earlier batch was not committed");
      }
      int count = parts.get(0).size();
      long bytes = first.bytes();
      for (Pending next = toCommit.peek();
          next != null
              && next.read()
              && next.uidValidity() == first.uidValidity()
              && count < MAX_GROUP
              && bytes + next.bytes() <= BATCH_BYTES;
          next = toCommit.peek()) {
        toCommit.poll();
        group.add(next);
        parts.add(next.items());
        count += parts.get(parts.size() - 1).size();
        bytes += next.bytes();
      }
      final List<Item> all = new ArrayList<>(count);
      parts.forEach(all::addAll);
      // consultations published before the messages were fetched must be known to match them;
      // the feed was asked to check at fetch time, so it usually has by now
      feed.awaitCaughtUp(config.consultationsWait(), group.get(group.size() - 1).fetchedAt());
      final long fed = System.nanoTime();
      final MailboxCheckpoint next =
          commitWithFallback(first.uidValidity(), all, group.get(group.size() - 1).upTo());
      checkpoint = next;
      final long commitNanos = System.nanoTime() - read;
      for (int i = 0; i < group.size(); i++) {
        final Pending p = group.get(i);
        p.result()
            .complete(
                new Committed(
                    parts.get(i),
                    next,
                    read - p.submitted(),
                    p.parseNanos().get(),
                    fed - read,
                    commitNanos,
                    group.size()));
      }
    } catch (RuntimeException | Error e) {
      pipelineBroken = true;
      for (final Pending p : group) {
        p.result().completeExceptionally(e);
      }
    }
  }

  /**
   * Waits for the oldest batch's commit, then flags (or moves) its messages and those of the
   * committed batches right after it in one command, and sends receipts.
   */
  private void finish(final IMAPFolder f, final ArrayDeque<InFlight> inFlight)
      throws MessagingException {
    final List<Item> done = new ArrayList<>();
    final List<Committed> committed = new ArrayList<>();
    do {
      final InFlight b = inFlight.poll();
      final Committed c;
      try {
        c = await(b);
      } catch (RuntimeException | Error e) {
        flagAndReceipt(f, done); // those before it are committed all the same
        throw e;
      }
      committed.add(c);
      done.addAll(c.items());
      LOG.info(
          "Mailbox {}: {} messages up to uid {} (uidvalidity {}) committed; fetch {} ms, read {}"
              + " ms (parsing {} ms on {} threads), commit {} ms (consultations {} ms; one"
              + " transaction for {} batches)",
          config.mailboxLabel(),
          c.items().size(),
          c.next().getLastUid(),
          c.next().getUidValidity(),
          b.fetchNanos() / 1_000_000,
          c.readNanos() / 1_000_000,
          c.parseNanos() / 1_000_000,
          READ_THREADS,
          c.commitNanos() / 1_000_000,
          c.consultationsNanos() / 1_000_000,
          c.group());
    } while (!inFlight.isEmpty() && inFlight.peek().future().isDone());
    final long beforeFlag = System.nanoTime();
    flagAndReceipt(f, done);
    LOG.debug(
        "Mailbox {}: {} {} messages in {} ms",
        config.mailboxLabel(),
        config.afterCommit(),
        done.size(),
        (System.nanoTime() - beforeFlag) / 1_000_000);
  }

  /** Only for committed messages: flags or moves them, then receipts their senders. */
  private void flagAndReceipt(final IMAPFolder f, final List<Item> committed) {
    afterCommit(f, committed);
    for (final Item item : committed) {
      if (item.result() != null && !item.duplicate()) {
        final SubmissionReceived s = item.result().submission();
        receipt(s, firstOf.remove(s.getId()));
      }
    }
  }

  private static Committed await(final InFlight b) {
    try {
      return b.future().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a batch was being committed", e);
    } catch (ExecutionException e) {
      final Throwable cause =
          e.getCause() instanceof CompletionException ce && ce.getCause() != null
              ? ce.getCause()
              : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * After a failure, waits for the batches still in the works: those committed are flagged where
   * the connection still allows; returns a fatal error among them, if any.
   */
  private RuntimeException drainAfterFailure(
      final IMAPFolder f, final ArrayDeque<InFlight> inFlight) {
    RuntimeException fatal = null;
    while (!inFlight.isEmpty()) {
      final InFlight b = inFlight.poll();
      try {
        flagAndReceipt(f, await(b).items());
      } catch (FatalException e) {
        fatal = fatal == null ? e : fatal;
      } catch (RuntimeException | Error e) {
        LOG.debug(
            "Batch up to uid {} not committed: {}",
            b.batch().isEmpty() ? 0 : b.batch().get(b.batch().size() - 1).uid(),
            e.toString());
      }
    }
    return fatal;
  }

  private Item read(final long uidValidity, final long uid, final Fetched fetched) {
    final byte[] raw = fetched.raw();
    final String id = SubmissionIds.of(config.mailboxName(), uidValidity, uid);
    try {
      final MimeReader.Result result = reader.read(raw, fetched.received());
      final SubmissionReceived s = result.submission();
      s.setId(id);
      s.setSource(new MailSource(SourceKind.IMAP, config.mailboxName(), uidValidity, uid));
      final boolean duplicate =
          resyncSeen != null && dedupKeys(s).stream().anyMatch(resyncSeen::contains);
      return new Item(uid, raw, result, null, duplicate);
    } catch (MimeReader.RejectedException e) {
      return new Item(uid, raw, null, e.getMessage(), false);
    }
  }

  /**
   * Commits the batch; when Kafka refuses it (a record too large, say), commits the messages one by
   * one, and one that still fails goes to the dead-letter topic alone, so the mailbox moves on.
   */
  private MailboxCheckpoint commitWithFallback(
      final long uidValidity, final List<Item> items, final long upTo) {
    try {
      return commit(uidValidity, items, null, upTo);
    } catch (FatalException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn(
          "Transaction for {} messages failed, retrying one by one: {}",
          items.size(),
          e.toString());
    }
    MailboxCheckpoint last = checkpoint;
    for (int i = 0; i < items.size(); i++) {
      final Item item = items.get(i);
      final long to = i == items.size() - 1 ? upTo : 0;
      try {
        last = commit(uidValidity, List.of(item), null, to);
        checkpoint = last; // the next one builds on it (last UID, tracking sequences)
      } catch (FatalException e) {
        throw e;
      } catch (KafkaException e) {
        LOG.warn("Message uid {} refused by Kafka, sent to the dead-letter topic", item.uid(), e);
        last = commit(uidValidity, List.of(item), "kafka refused the records: " + e, to);
        checkpoint = last;
      }
    }
    return last;
  }

  /** One transaction: the items' records and the checkpoint at max(their UIDs, upTo). */
  private MailboxCheckpoint commit(
      final long uidValidity, final List<Item> items, final String forcedError, final long upTo) {
    final List<SubmissionWriter.Entry> entries = new ArrayList<>(items.size());
    for (final Item item : items) {
      entries.add(
          new SubmissionWriter.Entry(
              SubmissionIds.of(config.mailboxName(), uidValidity, item.uid()),
              "uid " + item.uid(),
              item.raw(),
              item.result(),
              item.rejection(),
              item.duplicate(),
              Map.of(
                  "mailbox", config.mailboxName(),
                  "uidvalidity", String.valueOf(uidValidity),
                  "uid", String.valueOf(item.uid()))));
    }
    final SubmissionWriter.Committed done;
    try {
      done = writer.commit(checkpoint, uidValidity, upTo, entries, forcedError);
    } catch (SubmissionWriter.FatalException e) {
      throw new FatalException(e.getMessage(), e.getCause());
    }
    firstOf.putAll(done.duplicates());
    submissions.addAndGet(done.submitted().size());
    deadLetters.addAndGet(done.deadLetters());
    LOG.debug(
        "Mailbox {}: committed {} messages up to uid {} (uidvalidity {})",
        config.mailboxLabel(),
        items.size(),
        done.checkpoint().getLastUid(),
        uidValidity);
    return done.checkpoint();
  }

  /**
   * Encodes the submission, cutting the longest extracted or HTML texts until the record fits under
   * {@link #MAX_SUBMISSION_BYTES}: brokers refuse records over 1 MB by default, and the full text
   * stays recoverable from the attachment bytes.
   */
  static byte[] serializeToFit(final SubmissionReceived s) {
    final var serializer = Topics.SUBMISSIONS_RECEIVED.valueSerde().serializer();
    byte[] bytes = serializer.serialize(Topics.SUBMISSIONS_RECEIVED.name(), s);
    for (int round = 0; bytes.length > MAX_SUBMISSION_BYTES && round < 64; round++) {
      if (!cutLongestText(s)) {
        break;
      }
      bytes = serializer.serialize(Topics.SUBMISSIONS_RECEIVED.name(), s);
    }
    return bytes;
  }

  private static boolean cutLongestText(final SubmissionReceived s) {
    AttachmentRef longest = null;
    for (final AttachmentRef a : s.getAttachments()) {
      if (a.getText() != null
          && (longest == null || a.getText().length() > longest.getText().length())) {
        longest = a;
      }
    }
    TextPart html = null;
    for (final TextPart p : s.getTextParts()) {
      if (p.getHtml() != null && (html == null || p.getHtml().length() > html.getHtml().length())) {
        html = p;
      }
    }
    if (html != null
        && (longest == null || html.getHtml().length() >= longest.getText().length())) {
      html.setHtml(halve(html.getHtml()));
      return true;
    }
    if (longest != null) {
      longest.setText(halve(longest.getText()));
      longest.setStatusReason("text cut to fit the record size");
      return true;
    }
    TextPart body = null;
    for (final TextPart p : s.getTextParts()) {
      if (p.getText().length() >= 1000
          && (body == null || p.getText().length() > body.getText().length())) {
        body = p;
      }
    }
    if (body != null) {
      body.setText(halve(body.getText()));
      return true;
    }
    return false;
  }

  private static String halve(final String text) {
    return text.length() < 1000 ? null : text.substring(0, text.length() / 2);
  }

  // ---------------------------------------------------------------- after commit

  private void afterCommit(final IMAPFolder f, final List<Item> items) {
    if (items.isEmpty() || config.afterCommit().equals("leave")) {
      return;
    }
    try {
      if (config.afterCommit().equals("move")) {
        final Message[] messages =
            f.getMessagesByUID(items.stream().mapToLong(Item::uid).toArray());
        final Folder target = f.getStore().getFolder(config.processedFolder());
        if (!target.exists()) {
          target.create(Folder.HOLDS_MESSAGES);
        }
        f.moveMessages(
            java.util.Arrays.stream(messages).filter(m -> m != null).toArray(Message[]::new),
            target);
      } else {
        // One UID STORE for the batch (its UIDs are consecutive in the folder), not one per
        // message: per-message flagging costs a round trip each and grows with the folder.
        final String set = items.get(0).uid() + ":" + items.get(items.size() - 1).uid();
        f.doCommand(
            p -> {
              final Response[] r = p.command("UID STORE " + set + " +FLAGS.SILENT (\\Seen)", null);
              p.notifyResponseHandlers(r);
              p.handleResult(r[r.length - 1]);
              return null;
            });
      }
    } catch (MessagingException | RuntimeException e) {
      // The checkpoint already covers them: they are not read again, only left unflagged.
      LOG.warn(
          "Could not {} {} committed messages: {}",
          config.afterCommit(),
          items.size(),
          e.toString());
    }
  }

  private void receipt(final SubmissionReceived s, final SubmissionKey first) {
    if (receipts != null) {
      receipts.receipt(s, matcher.get(s.getConsultationId()), first);
    }
  }

  // ---------------------------------------------------------------- state and shutdown

  /** Whether the mailbox connection is up. */
  public boolean isConnected() {
    return connected;
  }

  /** Whether the service still runs (false after a fatal error or close). */
  public boolean isRunning() {
    return running && worker.isAlive();
  }

  /**
   * Why the IMAP server refused the last login (an expired OAuth2 token, a wrong password), naming
   * the setting to fix; empty once a login succeeded.
   */
  public Optional<String> loginRefusal() {
    return Optional.ofNullable(loginRefusal);
  }

  /** The error that stopped the service, if any. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Submissions committed since start. */
  public long submissionCount() {
    return submissions.get();
  }

  /** Dead letters committed since start. */
  public long deadLetterCount() {
    return deadLetters.get();
  }

  /** Receipts sent since start. */
  public long receiptCount() {
    return receipts == null ? 0 : receipts.sent();
  }

  /** Receipts not sent since start for this reason. */
  public long receiptsSkipped(final ReceiptGate.Skip reason) {
    return receipts == null ? 0 : receipts.skipped(reason);
  }

  /** Waits until the service stops by itself (a fatal error) or is closed. */
  public void awaitTermination() throws InterruptedException {
    worker.join();
  }

  /** The port of the operator endpoints; -1 when none are served. */
  public int opsPort() {
    return ops == null ? -1 : ops.port();
  }

  /** Stops reading: ends IDLE, lets the current batch finish, closes the mailbox and Kafka. */
  @Override
  public void close() {
    running = false;
    if (ops != null) {
      ops.close();
    }
    synchronized (sleepLock) {
      sleepLock.notifyAll();
    }
    ticker.shutdownNow();
    if (worker != Thread.currentThread()) {
      try {
        // the reader may enter IDLE just after the flag changed: end IDLE until it is gone
        final long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (worker.isAlive() && System.nanoTime() < deadline) {
          final IMAPFolder f = folder;
          if (f != null && idling) {
            noop(f);
          }
          worker.join(100);
        }
        if (worker.isAlive()) {
          LOG.warn("Mailbox reader did not stop in 15 s; closing the connection under it");
          disconnect();
          worker.join(5_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    committer.shutdownNow();
    readers.shutdownNow();
    try {
      // the committer thread uses it: closed once that thread is done
      committer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    keys.close();
    feed.close();
    extractor.close();
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (KafkaException e) {
      LOG.warn("Closing the Kafka producer failed: {}", e.toString());
    }
    LOG.info("Intake stopped for mailbox {}", config.mailboxLabel());
  }

  /** A failure the service cannot recover from by reconnecting. */
  private static final class FatalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FatalException(final String message, final Throwable cause) {
      super(message, cause);
    }
  }
}
