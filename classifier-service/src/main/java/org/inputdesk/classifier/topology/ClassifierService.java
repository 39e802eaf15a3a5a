package org.inputdesk.classifier.topology;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.inputdesk.classifier.Classifier;
import org.inputdesk.classifier.links.CampaignDetector;
import org.inputdesk.classifier.links.LinkTopology;
import org.inputdesk.ops.OpsEndpoints;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.TopicSpec;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the classifier: creates its topics, then a Kafka Streams application (exactly_once_v2) that
 * reads submissions-received, submission-corrections, consultations and sender-directory and writes
 * submissions-classified, with failing records sent to submissions-dlq.
 */
public final class ClassifierService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClassifierService.class);
  private static final Duration START_WAIT = Duration.ofSeconds(60);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** The topics this service reads and writes. */
  public static final List<TopicSpec<?, ?>> TOPICS =
      List.of(
          Topics.SUBMISSIONS_RECEIVED,
          Topics.SUBMISSIONS_REPLAY,
          Topics.CONSULTATIONS,
          Topics.SENDER_DIRECTORY,
          Topics.SUBMISSION_CORRECTIONS,
          Topics.SUBMISSIONS_CLASSIFIED,
          Topics.SUBMISSIONS_DLQ,
          Topics.THEME_MODELS);

  static final int PRODUCER_BATCH_BYTES = 256 * 1024;

  private final KafkaStreams streams;

  private final OpsEndpoints ops;

  private ClassifierService(final KafkaStreams streams, final OpsEndpoints ops) {
    this.streams = streams;
    this.ops = ops;
  }

  /**
   * Creates missing topics and starts the application; returns once it is RUNNING or after a
   * bounded wait (it keeps starting in the background then).
   */
  public static ClassifierService start(final ClassifierConfig config) {
    return start(config, new Classifier());
  }

  /** As {@link #start(ClassifierConfig)}, around the given classifier. */
  static ClassifierService start(final ClassifierConfig config, final Classifier classifier) {
    // the first input a fresh JVM classifies paid for loading the sender knowledge base, the
    // analyzers and the JIT (about 2 s); classify one now, while Kafka Streams restores its state
    final Thread warmUp = new Thread(() -> warmUp(classifier), "classifier-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    try (Admin admin = Admin.create(config.kafka())) {
      Topics.ensure(admin, TOPICS, (short) 1);
      ensureHops(admin, LinkTopology.hopsTopic(config.applicationId()));
    }
    final KafkaStreams streams =
        new KafkaStreams(
            ClassifierTopology.build(
                classifier,
                new CampaignDetector(config.campaignThreshold()),
                config.applicationId()),
            properties(config));
    streams.setUncaughtExceptionHandler(new ThreadReplacement(config.maxThreadReplacements()));
    final PrometheusMeterRegistry registry = OpsEndpoints.registry("classifier");
    new KafkaStreamsMetrics(streams).bindTo(registry);
    final OpsEndpoints ops =
        OpsEndpoints.start(
            config.ops(), registry, () -> streams.state() == KafkaStreams.State.RUNNING);
    final CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          LOG.info("classifier state {} -> {}", before, now);
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          }
        });
    streams.start();
    try {
      if (!running.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("classifier not RUNNING after {}; still starting", START_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info(
        "classifier {} reading {} writing {}",
        config.applicationId(),
        Topics.SUBMISSIONS_RECEIVED.name(),
        Topics.SUBMISSIONS_CLASSIFIED.name());
    return new ClassifierService(streams, ops);
  }

  /**
   * Creates the link hops topic when it is missing, with as many partitions as submissions-received
   * (so campaign hops spread as far as the inputs) and the broker's default replication, as Kafka
   * Streams creates its internal topics. Its records are read within seconds; a week's retention is
   * ample.
   */
  static void ensureHops(final Admin admin, final String topic) {
    try {
      if (admin.listTopics().names().get().contains(topic)) {
        return;
      }
      final int partitions = partitions(admin, Topics.SUBMISSIONS_RECEIVED.name());
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, Optional.of(partitions), Optional.empty())
                      .configs(
                          Map.of(
                              "cleanup.policy",
                              "delete",
                              "retention.ms",
                              String.valueOf(7L * 24 * 3600 * 1000)))))
          .all()
          .get();
      LOG.info("created link hops topic {} with {} partitions", topic, partitions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + topic, e);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
      }
    }
  }

  // a topic created a moment ago may not be known yet to the broker that answers
  private static int partitions(final Admin admin, final String topic)
      throws InterruptedException, ExecutionException {
    final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get()
            .get(topic)
            .partitions()
            .size();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void warmUp(final Classifier classifier) {
    final long begin = System.nanoTime();
    try {
      final SubmissionReceived sample =
          SubmissionReceived.newBuilder()
              .setId("warm-up")
              .setSource(
                  MailSource.newBuilder()
                      .setKind(SourceKind.IMAP)
                      .setMailbox("warm-up")
                      .setUid(0L)
                      .setUidValidity(0L)
                      .build())
              .setReceivedAt(Instant.now())
              .setFrom(Address.newBuilder().setAddress("desk@example.org").build())
              .setSubject("Warm-up")
              .setContentSha256("warm-up")
              .setTextParts(
                  List.of(
                      TextPart.newBuilder()
                          .setKind(TextKind.PLAIN)
                          .setText(
                              "Dear Chair,\n\nConfidence-building measures and points of contact"
                                  + " matter to capacity-building.\n\nRegards,\nCivic Network\n")
                          .build()))
              .build();
      classifier.classify(sample, null, key -> Optional.empty(), null, Instant.now());
      LOG.debug("classifier warmed up in {} ms", (System.nanoTime() - begin) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.debug("warm-up classification failed, no matter: {}", e.toString());
    }
  }

  /** The Streams settings for a config. */
  public static Properties properties(final ClassifierConfig config) {
    final Properties props = new Properties();
    props.putAll(config.kafka());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Recovery in seconds: a killed instance restarted under the same static id takes its tasks
    // back without a rebalance; one that does not come back is replaced after the session timeout
    // (15 s, not Kafka's 45 s); a standby on another instance holds the state warm meanwhile.
    props.put(
        StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
        config.instanceId());
    if (!props.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
      // a deployment's own kafka.session.timeout.ms still wins
      props.put(
          StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
          config.sessionTimeoutMs());
    }
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.numStandbyReplicas());
    // A classified input, and a received one on its changelog, is 5 KB or more: the producer's
    // default 16 KB batch holds two or three, so each commit interval sent hundreds of small
    // requests. Larger batches cut the broker's and the stream threads' CPU per input by about a
    // fifth in the benchmark; a deployment's own kafka.batch.size or kafka.producer.batch.size
    // still wins.
    final String batch = StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG);
    if (!props.containsKey(ProducerConfig.BATCH_SIZE_CONFIG) && !props.containsKey(batch)) {
      props.put(batch, PRODUCER_BATCH_BYTES);
    }
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandler.class.getName());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
    return props;
  }

  /** The Streams state, for health checks. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * The active tasks of each stream thread of this instance (ids such as {@code 0_1}: sub-topology
   * and partition), by thread name: which thread carries which partitions' work.
   */
  public java.util.SortedMap<String, List<String>> activeTasks() {
    final java.util.SortedMap<String, List<String>> out = new java.util.TreeMap<>();
    for (final org.apache.kafka.streams.ThreadMetadata thread : streams.metadataForLocalThreads()) {
      out.put(
          thread.threadName(),
          thread.activeTasks().stream().map(t -> t.taskId().toString()).sorted().toList());
    }
    return out;
  }

  /**
   * Kafka Streams' own metrics of this instance (threads, tasks, stores, clients), as {@link
   * KafkaStreams#metrics()} gives them; the operator endpoints serve the same through Micrometer.
   */
  public java.util.Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric>
      metrics() {
    return streams.metrics();
  }

  /**
   * The consultation as this instance's global table holds it now (an Interactive Query of {@link
   * ClassifierTopology#CONSULTATIONS_STORE}); empty while the store cannot be queried. The global
   * table is read by its own thread, so a consultation just written is not there at once.
   */
  Optional<Consultation> consultation(final String id) {
    try {
      return Optional.ofNullable(
          streams
              .store(
                  StoreQueryParameters.fromNameAndType(
                      ClassifierTopology.CONSULTATIONS_STORE,
                      QueryableStoreTypes.<String, Consultation>keyValueStore()))
              .get(id));
    } catch (InvalidStateStoreException e) {
      return Optional.empty(); // starting or rebalancing: not there yet
    }
  }

  /** The port of the operator endpoints; -1 when none are served. */
  public int opsPort() {
    return ops == null ? -1 : ops.port();
  }

  /**
   * Stops the streams and leaves the consumer group, so that an instance started again (a local run
   * resumed, a rolling restart) gets its partitions at once rather than after the session timeout
   * of the one that left.
   */
  @Override
  public void close() {
    streams.close(
        org.apache.kafka.streams.CloseOptions.timeout(CLOSE_WAIT)
            .withGroupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (ops != null) {
      ops.close();
    }
  }
}
