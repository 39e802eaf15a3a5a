package org.inputdesk.intake;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inputdesk.common.kafka.TopicScanner;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits imported messages through intake's own commit path ({@link SubmissionWriter}): the same
 * consultation matching, late flag, tracking numbers, attachment records and dead letters, in Kafka
 * transactions under the transactional id {@code inputdesk-import-NAME}, with the checkpoint {@code
 * import:NAME} holding the import's tracking sequences. Reads {@code consultations}, {@code
 * intake-checkpoints} and the ids already on {@code submissions-received} and {@code
 * submissions-dlq} (so an import run twice submits nothing twice); writes what intake writes.
 */
public final class ImportSubmitter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ImportSubmitter.class);

  /** What an import needs besides the Kafka client settings. */
  public record Settings(
      String name,
      String trackingCode,
      String defaultConsultation,
      Duration consultationsWait,
      short replicationFactor,
      Receipts receipts,
      int receiptsPerAddressPerHour) {

    /** With the default limit of receipts per address and hour. */
    public Settings(
        final String name,
        final String trackingCode,
        final String defaultConsultation,
        final Duration consultationsWait,
        final short replicationFactor,
        final Receipts receipts) {
      this(
          name,
          trackingCode,
          defaultConsultation,
          consultationsWait,
          replicationFactor,
          receipts,
          ReceiptLimiter.DEFAULT_PER_HOUR);
    }
  }

  private final String source;
  private final ConsultationMatcher matcher;
  private final ConsultationFeed feed;
  private final KafkaProducer<byte[], byte[]> producer;
  private final SubmissionWriter writer;
  private final ReceiptSender receipts;
  private final SubmissionKeys keys;
  private final Set<String> known = new HashSet<>();
  private MailboxCheckpoint checkpoint;

  private ImportSubmitter(
      final Map<String, Object> clientProps,
      final Settings settings,
      final KafkaProducer<byte[], byte[]> producer) {
    this.source = checkpointKey(settings.name());
    this.matcher = new ConsultationMatcher(settings.defaultConsultation());
    this.feed = new ConsultationFeed(clientProps, matcher);
    this.producer = producer;
    this.receipts =
        settings.receipts() == null
            ? null
            : new ReceiptSender(settings.receipts(), settings.receiptsPerAddressPerHour());
    this.keys = new SubmissionKeys(clientProps);
    this.writer =
        new SubmissionWriter(
            producer,
            matcher,
            source,
            new TrackingNumbers(
                source,
                settings.trackingCode(),
                () -> SubmissionWriter.othersKeys(clientProps, source)),
            keys);
  }

  /** The checkpoint key of an import: {@code import:NAME}. */
  public static String checkpointKey(final String name) {
    return "import:" + name;
  }

  /**
   * Checks the broker answers, creates missing topics, takes over the import's transactional id
   * (fencing a still running import of the same name), and reads the import's checkpoint, the ids
   * already submitted and the consultations.
   *
   * @throws IllegalStateException naming the brokers when Kafka cannot be reached
   */
  public static ImportSubmitter open(
      final Map<String, Object> clientProps, final Settings settings) {
    final Map<String, Object> adminProps = new HashMap<>(clientProps);
    adminProps.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    final long wait =
        Long.parseLong(
            String.valueOf(adminProps.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)));
    adminProps.putIfAbsent(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(wait, Integer.MAX_VALUE));
    try (Admin admin = Admin.create(adminProps)) {
      try {
        admin.describeCluster().clusterId().get(wait, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "cannot reach Kafka at "
                + clientProps.get("bootstrap.servers")
                + " (set --bootstrap-servers or INPUTDESK_KAFKA_BOOTSTRAP_SERVERS): "
                + (e.getCause() != null
                    ? e.getCause().getMessage()
                    : "no answer in " + wait + " ms"),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reaching Kafka", e);
      }
      Topics.ensure(admin, IntakeService.TOPICS, settings.replicationFactor());
    }
    final KafkaProducer<byte[], byte[]> producer =
        SubmissionWriter.producer(clientProps, "inputdesk-import-" + settings.name());
    final ImportSubmitter submitter = new ImportSubmitter(clientProps, settings, producer);
    try {
      producer.initTransactions();
      submitter.checkpoint = SubmissionWriter.checkpoints(clientProps).get(submitter.source);
      final ByteArrayDeserializer bytes = new ByteArrayDeserializer();
      final StringDeserializer keys = new StringDeserializer();
      TopicScanner.scan(
          clientProps,
          Topics.SUBMISSIONS_RECEIVED.name(),
          keys,
          bytes,
          r -> submitter.known.add(r.key()));
      TopicScanner.scan(
          clientProps, Topics.SUBMISSIONS_DLQ.name(), keys, bytes, r -> submitter.known.add(r.key()));
      submitter.keys.caughtUp();
      submitter.feed.start();
      if (!submitter.feed.awaitCaughtUp(settings.consultationsWait())) {
        LOG.warn("Consultations not read to their end in {}", settings.consultationsWait());
      }
    } catch (RuntimeException e) {
      submitter.close();
      throw e;
    }
    LOG.info(
        "Import {} ready: {} ids already on the topics, {} consultations",
        settings.name(),
        submitter.known.size(),
        submitter.matcher.all().size());
    return submitter;
  }

  /** Whether a submission or dead letter with this id is already on the topics. */
  public boolean isKnown(final String id) {
    return known.contains(id);
  }

  /**
   * Commits the entries in one transaction (one by one, and a refused one as a dead letter, when
   * Kafka refuses the whole), then sends the receipts if asked to.
   */
  public SubmissionWriter.Committed submit(final List<SubmissionWriter.Entry> entries) {
    SubmissionWriter.Committed done;
    try {
      done = writer.commit(checkpoint, 0, 0, entries, null);
    } catch (SubmissionWriter.FatalException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("Transaction for {} messages failed, retrying one by one: {}", entries.size(), e);
      final List<SubmissionReceived> submitted = new java.util.ArrayList<>();
      final Map<String, org.inputdesk.schemas.SubmissionKey> duplicates = new HashMap<>();
      int dead = 0;
      MailboxCheckpoint last = checkpoint;
      for (final SubmissionWriter.Entry entry : entries) {
        SubmissionWriter.Committed one;
        try {
          one = writer.commit(last, 0, 0, List.of(entry), null);
        } catch (SubmissionWriter.FatalException fatal) {
          throw fatal;
        } catch (KafkaException refused) {
          one = writer.commit(last, 0, 0, List.of(entry), "kafka refused the records: " + refused);
        }
        last = one.checkpoint();
        submitted.addAll(one.submitted());
        duplicates.putAll(one.duplicates());
        dead += one.deadLetters();
      }
      done = new SubmissionWriter.Committed(last, submitted, dead, duplicates);
    }
    checkpoint = done.checkpoint();
    entries.forEach(e -> known.add(e.id()));
    if (receipts != null) {
      for (final SubmissionReceived s : done.submitted()) {
        receipts.receipt(s, matcher.get(s.getConsultationId()), done.duplicates().get(s.getId()));
      }
    }
    return done;
  }

  /** Receipts sent so far. */
  public int receiptsSent() {
    return receipts == null ? 0 : (int) receipts.sent();
  }

  @Override
  public void close() {
    keys.close();
    feed.close();
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (KafkaException e) {
      LOG.warn("Closing the Kafka producer failed: {}", e.toString());
    }
  }
}
