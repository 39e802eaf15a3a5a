package org.inputdesk.intake;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.inputdesk.common.Languages;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.intake.consultations.ConsultationFeed;
import org.inputdesk.intake.consultations.ConsultationMatcher;
import org.inputdesk.intake.mailbox.ImapMailbox;
import org.inputdesk.intake.mailbox.MailboxWatcher;
import org.inputdesk.intake.mime.AttachmentExtractor;
import org.inputdesk.intake.mime.MimeReader;
import org.inputdesk.intake.pipeline.AfterCommit;
import org.inputdesk.intake.pipeline.CheckpointStore;
import org.inputdesk.intake.pipeline.IntakePipeline;
import org.inputdesk.intake.pipeline.SubmissionKeys;
import org.inputdesk.intake.pipeline.SubmissionWriter;
import org.inputdesk.intake.pipeline.TrackingNumbers;
import org.inputdesk.intake.receipts.ReceiptGate;
import org.inputdesk.intake.receipts.ReceiptSender;
import org.inputdesk.intake.receipts.Receipts;
import org.inputdesk.ops.OpsEndpoints;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.TopicSpec;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one IMAP folder and turns each new message into a {@code submissions-received} record,
 * its attachments into {@code submission-attachments} records, or a {@code submissions-dlq} record,
 * together with the folder's {@code intake-checkpoints} record, in one Kafka transaction; only
 * after the commit is the message flagged \Seen (or moved, or left) and the sender receipted. Reads
 * {@code consultations}, {@code intake-checkpoints} and {@code submission-keys}.
 *
 * <p>This class wires the rooms and owns their life cycle and metrics: the IMAP session ({@link
 * ImapMailbox}) and its reader thread ({@link MailboxWatcher}), the reader and committer threads
 * ({@link IntakePipeline}), the checkpoint ({@link CheckpointStore}), and what follows a commit
 * ({@link AfterCommit}).
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

  private final IntakeConfig config;
  private final ConsultationFeed feed;
  private final AttachmentExtractor extractor;
  private final ReceiptSender receipts;
  private final KafkaProducer<byte[], byte[]> producer;
  private final SubmissionKeys keys;
  private final CheckpointStore checkpoints;
  private final ImapMailbox mailbox;
  private final AfterCommit afterCommit;
  private final IntakePipeline pipeline;
  private final MailboxWatcher watcher;
  private volatile OpsEndpoints ops;

  private IntakeService(final IntakeConfig config) {
    this.config = config;
    final Map<String, Object> clientProps = new HashMap<>(config.kafkaClientProps());
    clientProps.put("bootstrap.servers", config.bootstrapServers());
    final ConsultationMatcher matcher = new ConsultationMatcher(config.defaultConsultation());
    this.feed = new ConsultationFeed(clientProps, matcher);
    this.extractor = new AttachmentExtractor(config.tikaTimeout(), config.tikaMaxChars());
    final MimeReader.Limits limits =
        new MimeReader.Limits(config.attachmentMaxBytes(), config.messageMaxBytes());
    final MimeReader reader =
        new MimeReader(limits, extractor, Languages::detect, config.authTrust());
    this.receipts =
        config.receiptsOn()
            ? new ReceiptSender(
                new Receipts(
                    config.smtpHost(),
                    config.smtpPort(),
                    config.smtpFrom(),
                    config.smtpUser(),
                    config.smtpPassword().value(),
                    limits),
                config.receiptMaxPerAddressPerHour())
            : null;
    this.producer = producer(config, clientProps);
    this.keys = new SubmissionKeys(clientProps);
    this.checkpoints =
        new CheckpointStore(clientProps, config.mailboxName(), config.mailboxLabel());
    final SubmissionWriter writer =
        new SubmissionWriter(
            producer,
            matcher,
            config.mailboxName(),
            new TrackingNumbers(
                config.mailboxName(),
                config.trackingCode(),
                () -> CheckpointStore.othersKeys(clientProps, config.mailboxName())),
            keys);
    this.mailbox = new ImapMailbox(config);
    this.afterCommit = AfterCommit.inBackground(mailbox::markProcessed, receipts, matcher);
    this.watcher = new MailboxWatcher(config, mailbox, this::syncAll);
    this.pipeline =
        new IntakePipeline(
            config, mailbox, feed, reader, writer, checkpoints, afterCommit, watcher::running);
  }

  private void syncAll() throws jakarta.mail.MessagingException {
    pipeline.syncAll();
  }

  /**
   * Creates the topics, resumes from the committed checkpoint, starts reading consultations and the
   * mailbox, and returns once the first connection to the mailbox was tried (the first sync is then
   * under way in the background).
   */
  public static IntakeService start(final IntakeConfig config) {
    final long begin = System.nanoTime();
    // the first message read by a fresh JVM took 1.5 s of class loading and JIT (MIME, HTML,
    // Tika, language profiles); read one now, while Kafka is being set up, so that a restarted
    // intake is back to its pace at once
    final Thread warmUp = new Thread(() -> warmUp(config), "intake-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    try (Admin admin = Admin.create(adminProps(config))) {
      Topics.ensure(admin, TOPICS, config.replicationFactor());
    }
    final long topics = System.nanoTime();
    final IntakeService service = new IntakeService(config);
    final long built = System.nanoTime();
    try {
      // initTransactions aborts what a crashed predecessor left open, so the checkpoint read
      // next is the last committed one.
      service.producer.initTransactions();
      final long transactions = System.nanoTime();
      service.checkpoints.load();
      final long checkpoint = System.nanoTime();
      // read the first inputs now, not while the first mail waits for its transaction
      final int keys = service.keys.caughtUp().size();
      final long read = System.nanoTime();
      LOG.info(
          "{} duplicate keys of earlier inputs read; start-up so far: topics {} ms, services {} ms,"
              + " transactions {} ms, checkpoint {} ms, keys {} ms",
          keys,
          (topics - begin) / 1_000_000,
          (built - topics) / 1_000_000,
          (transactions - built) / 1_000_000,
          (checkpoint - transactions) / 1_000_000,
          (read - checkpoint) / 1_000_000);
      service.feed.start();
      service.watcher.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      service.close();
      throw new IllegalStateException("interrupted while starting intake", e);
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    service.ops = OpsEndpoints.start(config.ops(), service.metrics(), service::isConnected);
    final MailboxCheckpoint at = service.checkpoints.current();
    LOG.info(
        "Intake started for mailbox {} (connected: {}, resumed at uidvalidity {} uid {})",
        config.mailboxLabel(),
        service.isConnected(),
        at == null ? "-" : at.getUidValidity(),
        at == null ? "-" : at.getLastUid());
    return service;
  }

  /**
   * Reads a small message of every common shape (plain, HTML, CSV, a one-page PDF) once, its result
   * thrown away.
   */
  private static void warmUp(final IntakeConfig config) {
    final long begin = System.nanoTime();
    try (AttachmentExtractor extractor =
        new AttachmentExtractor(config.tikaTimeout(), config.tikaMaxChars())) {
      final MimeReader reader =
          new MimeReader(
              new MimeReader.Limits(config.attachmentMaxBytes(), config.messageMaxBytes()),
              extractor,
              Languages::detect,
              config.authTrust());
      final String pdfText = reader.warmUp();
      LOG.debug(
          "Reader warmed up in {} ms{}",
          (System.nanoTime() - begin) / 1_000_000,
          pdfText == null ? " (its PDF gave no text)" : "");
    } catch (RuntimeException e) {
      LOG.debug("Warm-up read failed, no matter: {}", e.toString());
    }
  }

  private PrometheusMeterRegistry metrics() {
    final PrometheusMeterRegistry registry = OpsEndpoints.registry("intake");
    FunctionCounter.builder("inputdesk_intake_submissions", this, IntakeService::submissionCount)
        .description("Messages turned into submissions")
        .register(registry);
    FunctionCounter.builder("inputdesk_intake_dead_letters", this, IntakeService::deadLetterCount)
        .description("Messages sent to the dead-letter topic")
        .register(registry);
    FunctionCounter.builder("inputdesk_intake_receipts", this, IntakeService::receiptCount)
        .description("Receipts sent to senders")
        .register(registry);
    for (final ReceiptGate.Skip skip : ReceiptGate.Skip.values()) {
      FunctionCounter.builder(
              "inputdesk_intake_receipts_skipped", this, s -> s.receiptsSkipped(skip))
          .description("Receipts not sent: automatic mail, DMARC fail, unverified, rate limit")
          .tag("reason", skip.tag())
          .register(registry);
    }
    Gauge.builder("inputdesk_intake_connected", this, s -> s.isConnected() ? 1 : 0)
        .description("1 while the mailbox is connected")
        .register(registry);
    return registry;
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

  // ---------------------------------------------------------------- state and metrics

  /** Whether the mailbox connection is up. */
  public boolean isConnected() {
    return mailbox.isConnected();
  }

  /** Whether the mailbox reader waits for new mail in IDLE now (not reading, not polling). */
  public boolean isIdling() {
    return mailbox.isIdling();
  }

  /** Whether the service still runs (false after a fatal error or close). */
  public boolean isRunning() {
    return watcher.isAlive();
  }

  /**
   * Why the IMAP server refused the last login (an expired OAuth2 token, a wrong password), naming
   * the setting to fix; empty once a login succeeded.
   */
  public Optional<String> loginRefusal() {
    return mailbox.loginRefusal();
  }

  /** The error that stopped the service, if any. */
  public Optional<Throwable> failure() {
    return watcher.failure();
  }

  /** Submissions committed since start. */
  public long submissionCount() {
    return pipeline.submissionCount();
  }

  /** Dead letters committed since start. */
  public long deadLetterCount() {
    return pipeline.deadLetterCount();
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
    watcher.awaitTermination();
  }

  /** The port of the operator endpoints; -1 when none are served. */
  public int opsPort() {
    return ops == null ? -1 : ops.port();
  }

  /** Stops reading: ends IDLE, lets the current batch finish, closes the mailbox and Kafka. */
  @Override
  public void close() {
    watcher.requestStop();
    if (ops != null) {
      ops.close();
    }
    watcher.stop();
    pipeline.close();
    afterCommit.close(); // the receipts of what was committed still go out
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
}
