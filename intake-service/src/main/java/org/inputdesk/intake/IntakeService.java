package org.inputdesk.intake;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.inputdesk.ops.OpsEndpoints;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.SourceKind;
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
          Topics.INTAKE_CHECKPOINTS);

  /** Most message bytes fetched in one batch (one message at least), to bound memory. */
  static final long BATCH_BYTES = 64L * 1024 * 1024;

  /** Largest encoded submission, below the 1 MB brokers accept by default. */
  static final int MAX_SUBMISSION_BYTES = 900_000;

  private static final String UNMATCHED = "";
  private static final String UNMATCHED_PREFIX = "IN";

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
  private final Receipts receipts;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Thread worker;
  private final ScheduledExecutorService ticker;
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private final Object sleepLock = new Object();
  private final AtomicLong submissions = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong receiptsSent = new AtomicLong();

  private volatile boolean running = true;
  private volatile boolean connected;
  private volatile boolean idling;
  private volatile Store store;
  private volatile IMAPFolder folder;
  private volatile Throwable failure;
  private MailboxCheckpoint checkpoint;
  // Message-IDs and content keys already submitted, while re-reading after a UIDVALIDITY change.
  private Set<String> resyncSeen;

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
            new LanguageGuess());
    this.receipts =
        config.receiptsOn()
            ? new Receipts(
                config.smtpHost(),
                config.smtpPort(),
                config.smtpFrom(),
                config.smtpUser(),
                config.smtpPassword().value())
            : null;
    this.producer = producer(config, clientProps);
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
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 52_000_000);
    props.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  // ---------------------------------------------------------------- checkpoint

  private MailboxCheckpoint readCheckpoint() {
    final List<MailboxCheckpoint> found = new ArrayList<>();
    scan(
        Topics.INTAKE_CHECKPOINTS,
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

  /** Reads a topic from the beginning to its current end, read_committed. */
  private <V> void scan(
      final TopicSpec<String, V> spec,
      final Deserializer<V> values,
      final java.util.function.Consumer<ConsumerRecord<String, V>> each) {
    final Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      final List<TopicPartition> partitions =
          consumer.partitionsFor(spec.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reached(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + spec.name() + " to its end in 60 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }

  private static boolean reached(
      final KafkaConsumer<?, ?> consumer, final Map<TopicPartition, Long> ends) {
    for (final var e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
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
    if (config.imapAuth().equals("xoauth2")) {
      props.setProperty(p + "auth.mechanisms", "XOAUTH2");
    }
    final Session session = Session.getInstance(props);
    final Store s = session.getStore(protocol);
    s.connect(
        config.imapHost(), config.imapPort(), config.imapUser(), config.imapPassword().value());
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
      while (running && syncBatch(f)) {
        // more than one batch waiting: keep going before waiting
      }
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

  /** Processes up to one batch of new messages; true when more messages are waiting. */
  private boolean syncBatch(final IMAPFolder f) throws MessagingException {
    final long uidValidity = f.getUIDValidity();
    long lastUid = 0;
    if (checkpoint != null && checkpoint.getUidValidity() == uidValidity) {
      lastUid = checkpoint.getLastUid();
    } else if (checkpoint != null && resyncSeen == null) {
      LOG.warn(
          "Mailbox {}: UIDVALIDITY changed from {} to {}; re-reading the folder, skipping messages"
              + " already submitted (by Message-ID and content)",
          config.mailboxLabel(),
          checkpoint.getUidValidity(),
          uidValidity);
      resyncSeen = alreadySubmitted();
    }
    final List<Candidate> batch = nextBatch(f, lastUid);
    if (batch.isEmpty()) {
      if (resyncSeen != null && checkpoint != null && checkpoint.getUidValidity() == uidValidity) {
        resyncSeen = null;
      }
      if (checkpoint == null || checkpoint.getUidValidity() != uidValidity) {
        // remember the new UIDVALIDITY even for an empty folder
        process(f, uidValidity, List.of());
      }
      return false;
    }
    process(f, uidValidity, batch);
    return batch.size() >= config.batchSize() || batch.size() < candidatesSeen;
  }

  /** A message waiting in the folder: its UID and size, before its bytes are fetched. */
  private record Candidate(long uid, long size) {}

  // how many candidates the last nextBatch saw: more than it took means a batch is waiting
  private int candidatesSeen;

  /**
   * The next messages after {@code lastUid}, in UID order, at most intake.batch.size of them and at
   * most {@link #BATCH_BYTES} together (at least one). Looks in a window of UIDs first, so a large
   * backlog costs one short answer per batch rather than one line per waiting message.
   */
  private List<Candidate> nextBatch(final IMAPFolder f, final long lastUid)
      throws MessagingException {
    final long window = Math.max(1_000L, 4L * config.batchSize());
    List<Candidate> found = uidsAndSizes(f, (lastUid + 1) + ":" + (lastUid + window), lastUid);
    if (found.size() < config.batchSize()) {
      // near the end, or a gap of expunged UIDs: ask for everything newer
      found = uidsAndSizes(f, (lastUid + 1) + ":*", lastUid);
    }
    candidatesSeen = found.size();
    final List<Candidate> batch = new ArrayList<>();
    long bytes = 0;
    for (final Candidate c : found) {
      if (!batch.isEmpty()
          && (batch.size() >= config.batchSize() || bytes + c.size() > BATCH_BYTES)) {
        break;
      }
      batch.add(c);
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
    scan(
        Topics.SUBMISSIONS_RECEIVED,
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

  private void process(final IMAPFolder f, final long uidValidity, final List<Candidate> batch)
      throws MessagingException {
    final long begin = System.nanoTime();
    final Map<Long, Fetched> fetched = batch.isEmpty() ? Map.of() : fetchBatch(f, batch);
    final long afterFetch = System.nanoTime();
    final List<Item> items = new ArrayList<>();
    for (final Candidate c : batch) {
      final Fetched raw = fetched.get(c.uid());
      if (raw == null) {
        // expunged by another client between the two commands: nothing left to read
        LOG.warn("Message uid {} vanished before it could be fetched", c.uid());
        continue;
      }
      items.add(read(uidValidity, c.uid(), raw));
    }
    final long afterRead = System.nanoTime();
    feed.awaitCaughtUp(config.consultationsWait());
    final long lastUid = batch.isEmpty() ? 0 : batch.get(batch.size() - 1).uid();
    final MailboxCheckpoint next = commitWithFallback(uidValidity, items, lastUid);
    final long afterCommitted = System.nanoTime();
    checkpoint = next;
    afterCommit(f, items);
    LOG.info(
        "Mailbox {}: {} messages up to uid {} (uidvalidity {}) committed; fetch {} ms, read {} ms,"
            + " commit {} ms, {} {} ms",
        config.mailboxLabel(),
        items.size(),
        next.getLastUid(),
        uidValidity,
        (afterFetch - begin) / 1_000_000,
        (afterRead - afterFetch) / 1_000_000,
        (afterCommitted - afterRead) / 1_000_000,
        config.afterCommit(),
        (System.nanoTime() - afterCommitted) / 1_000_000);
    for (final Item item : items) {
      if (item.result() != null && !item.duplicate()) {
        receipt(item.result().submission());
      }
    }
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
      } catch (FatalException e) {
        throw e;
      } catch (KafkaException e) {
        LOG.warn("Message uid {} refused by Kafka, sent to the dead-letter topic", item.uid(), e);
        last = commit(uidValidity, List.of(item), "kafka refused the records: " + e, to);
      }
    }
    return last;
  }

  /** One transaction: the items' records and the checkpoint at max(their UIDs, upTo). */
  private MailboxCheckpoint commit(
      final long uidValidity, final List<Item> items, final String forcedError, final long upTo) {
    final MailboxCheckpoint base = checkpoint;
    final Map<String, Long> sequences =
        base == null ? new HashMap<>() : new HashMap<>(base.getTrackingSequences());
    long lastUid = base != null && base.getUidValidity() == uidValidity ? base.getLastUid() : 0;
    lastUid = Math.max(lastUid, upTo);
    try {
      producer.beginTransaction();
      for (final Item item : items) {
        if (forcedError != null || item.result() == null) {
          sendDeadLetter(uidValidity, item, forcedError != null ? forcedError : item.rejection());
        } else if (!item.duplicate()) {
          sendSubmission(item.result(), sequences);
        } else {
          LOG.info(
              "Message uid {} already submitted before the UIDVALIDITY change: skipped",
              item.uid());
        }
        lastUid = Math.max(lastUid, item.uid());
      }
      final MailboxCheckpoint next =
          MailboxCheckpoint.newBuilder()
              .setMailbox(config.mailboxName())
              .setUidValidity(uidValidity)
              .setLastUid(lastUid)
              .setTrackingSequences(sequences)
              .setUpdatedAt(Instant.now())
              .build();
      producer.send(
          new ProducerRecord<>(
              Topics.INTAKE_CHECKPOINTS.name(),
              utf8(config.mailboxName()),
              Topics.INTAKE_CHECKPOINTS
                  .valueSerde()
                  .serializer()
                  .serialize(Topics.INTAKE_CHECKPOINTS.name(), next)));
      producer.commitTransaction();
      for (final Item item : items) {
        if (forcedError != null || item.result() == null) {
          deadLetters.incrementAndGet();
        } else if (!item.duplicate()) {
          submissions.incrementAndGet();
        }
      }
      LOG.debug(
          "Mailbox {}: committed {} messages up to uid {} (uidvalidity {})",
          config.mailboxLabel(),
          items.size(),
          lastUid,
          uidValidity);
      return next;
    } catch (ProducerFencedException
        | OutOfOrderSequenceException
        | AuthorizationException
        | UnsupportedVersionException e) {
      throw new FatalException("the Kafka producer cannot go on: " + e.getMessage(), e);
    } catch (KafkaException e) {
      try {
        producer.abortTransaction();
      } catch (KafkaException abort) {
        throw new FatalException(
            "cannot abort the Kafka transaction: " + abort.getMessage(), abort);
      }
      throw e;
    }
  }

  private void sendSubmission(final MimeReader.Result result, final Map<String, Long> sequences) {
    final SubmissionReceived s = result.submission();
    final Optional<Consultation> consultation = matcher.match(s);
    final String consultationId =
        consultation.map(Consultation::getId).orElse(matcher.defaultId().orElse(null));
    final String prefix =
        consultation
            .map(Consultation::getTrackingPrefix)
            .orElse(consultationId != null ? consultationId : UNMATCHED_PREFIX);
    final String sequenceKey = consultationId != null ? consultationId : UNMATCHED;
    final long sequence = sequences.getOrDefault(sequenceKey, 0L) + 1;
    sequences.put(sequenceKey, sequence);
    s.setConsultationId(consultationId);
    s.setLate(
        consultation.map(c -> ConsultationMatcher.isLate(c, s.getReceivedAt())).orElse(false));
    s.setTrackingNumber(ConsultationMatcher.trackingNumber(prefix, sequence));
    for (final MimeReader.AttachmentContent a : result.attachments()) {
      final var record =
          org.inputdesk.schemas.Attachment.newBuilder()
              .setSha256(a.sha256())
              .setFilename(a.filename())
              .setContentType(a.contentType())
              .setSize(a.bytes().length)
              .setBytes(java.nio.ByteBuffer.wrap(a.bytes()))
              .setFirstSubmissionId(s.getId())
              .setReceivedAt(s.getReceivedAt())
              .build();
      producer.send(
          new ProducerRecord<>(
              Topics.SUBMISSION_ATTACHMENTS.name(),
              utf8(a.sha256()),
              Topics.SUBMISSION_ATTACHMENTS
                  .valueSerde()
                  .serializer()
                  .serialize(Topics.SUBMISSION_ATTACHMENTS.name(), record)));
    }
    producer.send(
        new ProducerRecord<>(
            Topics.SUBMISSIONS_RECEIVED.name(), utf8(s.getId()), serializeToFit(s)));
    LOG.debug(
        "Submission {} from uid {} ({})", s.getId(), s.getSource().getUid(), s.getTrackingNumber());
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

  private void sendDeadLetter(final long uidValidity, final Item item, final String error) {
    final String id = SubmissionIds.of(config.mailboxName(), uidValidity, item.uid());
    final ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(Topics.SUBMISSIONS_DLQ.name(), utf8(id), item.raw());
    record.headers().add(new RecordHeader("stage", utf8("intake")));
    record.headers().add(new RecordHeader("error", utf8(error == null ? "unknown" : error)));
    record.headers().add(new RecordHeader("mailbox", utf8(config.mailboxName())));
    record.headers().add(new RecordHeader("uidvalidity", utf8(String.valueOf(uidValidity))));
    record.headers().add(new RecordHeader("uid", utf8(String.valueOf(item.uid()))));
    producer.send(record);
    LOG.warn("Message uid {} to {}: {}", item.uid(), Topics.SUBMISSIONS_DLQ.name(), error);
  }

  private static byte[] utf8(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
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

  private void receipt(final SubmissionReceived s) {
    if (receipts == null) {
      return;
    }
    final String refusal = Receipts.refusal(s);
    if (refusal != null) {
      LOG.info("No receipt for submission {}: {}", s.getId(), refusal);
      return;
    }
    try {
      receipts.send(s, matcher.get(s.getConsultationId()).map(Consultation::getTitle).orElse(null));
      receiptsSent.incrementAndGet();
      LOG.info("Receipt sent for submission {} ({})", s.getId(), s.getTrackingNumber());
    } catch (MessagingException | RuntimeException e) {
      LOG.warn("Receipt for submission {} not sent: {}", s.getId(), e.toString());
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
    return receiptsSent.get();
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
