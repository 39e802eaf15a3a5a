package org.inputdesk.classifier.topology;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.inputdesk.classifier.links.CampaignDetector;
import org.inputdesk.ops.OpsConfig;
import org.inputdesk.schemas.Settings;

/**
 * The classifier's settings, parsed once from dotted keys (or INPUTDESK_* environment variables).
 *
 * @param kafka Kafka client settings from {@code kafka.*} keys, prefix removed
 * @param applicationId Streams application id (consumer group, internal topic prefix)
 * @param stateDir directory of the RocksDB stores
 * @param numStreamThreads stream threads per instance
 * @param commitIntervalMs transaction commit interval
 * @param maxThreadReplacements how many times a dead stream thread is replaced before shutdown
 * @param campaignThreshold estimated similarity from which two inputs belong to one campaign
 * @param instanceId this instance's static group membership id, stable across its restarts
 * @param sessionTimeoutMs how long the group waits for a member that stopped answering
 * @param numStandbyReplicas warm copies of each task's state kept on other instances
 * @param ops where the operator endpoints listen
 */
public record ClassifierConfig(
    Map<String, Object> kafka,
    String applicationId,
    String stateDir,
    int numStreamThreads,
    long commitIntervalMs,
    int maxThreadReplacements,
    double campaignThreshold,
    String instanceId,
    int sessionTimeoutMs,
    int numStandbyReplicas,
    OpsConfig ops) {

  public static final String APPLICATION_ID = "classifier.application.id";
  public static final String STATE_DIR = "classifier.state.dir";
  public static final String NUM_STREAM_THREADS = "classifier.num.stream.threads";
  public static final String COMMIT_INTERVAL_MS = "classifier.commit.interval.ms";
  public static final String MAX_THREAD_REPLACEMENTS = "classifier.max.thread.replacements";
  public static final String CAMPAIGN_THRESHOLD = "classifier.campaign.threshold";
  public static final String INSTANCE_ID = "classifier.instance.id";
  public static final String SESSION_TIMEOUT_MS = "classifier.session.timeout.ms";
  public static final String NUM_STANDBY_REPLICAS = "classifier.num.standby.replicas";

  public ClassifierConfig {
    kafka = Map.copyOf(kafka);
  }

  /** Every key with type, default, validator and doc. */
  public static ConfigDef definition() {
    return OpsConfig.define(Settings.withKafka(new ConfigDef()), 9402)
        .define(
            APPLICATION_ID,
            Type.STRING,
            "inputdesk-classifier",
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            "Kafka Streams application id: consumer group and prefix of internal topics.")
        .define(
            STATE_DIR,
            Type.STRING,
            System.getProperty("java.io.tmpdir") + "/inputdesk-classifier",
            new ConfigDef.NonEmptyString(),
            Importance.MEDIUM,
            "Directory of the local state stores (RocksDB).")
        .define(
            NUM_STREAM_THREADS,
            Type.INT,
            // classifying is CPU work: one thread per core, while partitions last
            Math.min(64, Runtime.getRuntime().availableProcessors()),
            Range.between(1, 64),
            Importance.MEDIUM,
            "Stream threads in this instance; by default one per available processor.")
        .define(
            COMMIT_INTERVAL_MS,
            Type.LONG,
            100L,
            Range.atLeast(1),
            Importance.MEDIUM,
            "How often transactions commit; bounds the delay before output is visible.")
        .define(
            MAX_THREAD_REPLACEMENTS,
            Type.INT,
            3,
            Range.between(0, 100),
            Importance.LOW,
            "How many times a stream thread that died of an unexpected error is replaced before"
                + " the application shuts down.")
        .define(
            CAMPAIGN_THRESHOLD,
            Type.DOUBLE,
            CampaignDetector.DEFAULT_THRESHOLD,
            Range.between(0.3, 1.0),
            Importance.LOW,
            "Estimated Jaccard similarity of word shingles (MinHash) from which two inputs of a"
                + " consultation are one form-letter campaign.")
        .define(
            INSTANCE_ID,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Static group membership id of this instance (group.instance.id): an instance that"
                + " restarts under the same id within the session timeout gets its partitions back"
                + " without a rebalance. Empty: the host name and the state directory, which are"
                + " stable across restarts and differ between instances.")
        .define(
            SESSION_TIMEOUT_MS,
            Type.INT,
            15_000,
            Range.between(6_000, 300_000),
            Importance.MEDIUM,
            "How long the group waits for an instance that stopped answering before its partitions"
                + " move to another one.")
        .define(
            NUM_STANDBY_REPLICAS,
            Type.INT,
            0,
            Range.between(0, 3),
            Importance.LOW,
            "Warm copies of each task's state kept on other instances, so that a task moving"
                + " after a crash need not restore its state from the changelog. Set 1 when two or"
                + " more instances run (with one, Kafka Streams warns that it has nowhere to put"
                + " them).");
  }

  /** Parses and validates the values; fails naming the key and its environment variable. */
  public static ClassifierConfig from(final Map<String, ?> values) {
    final AbstractConfig c = Settings.parse(definition(), values);
    final Map<String, Object> kafka = Settings.kafkaClientProps(values);
    kafka.put("bootstrap.servers", c.getString(Settings.BOOTSTRAP_SERVERS));
    return new ClassifierConfig(
        kafka,
        c.getString(APPLICATION_ID),
        c.getString(STATE_DIR),
        c.getInt(NUM_STREAM_THREADS),
        c.getLong(COMMIT_INTERVAL_MS),
        c.getInt(MAX_THREAD_REPLACEMENTS),
        c.getDouble(CAMPAIGN_THRESHOLD),
        instanceId(c.getString(INSTANCE_ID), c.getString(STATE_DIR)),
        c.getInt(SESSION_TIMEOUT_MS),
        c.getInt(NUM_STANDBY_REPLICAS),
        OpsConfig.from(c));
  }

  /**
   * The given id, or one made of the host name and the state directory: the same after a restart of
   * this instance, different for two instances on one host (each has its own state directory).
   */
  static String instanceId(final String given, final String stateDir) {
    if (!given.isBlank()) {
      return given.strip();
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    final String dir = java.nio.file.Path.of(stateDir).toAbsolutePath().normalize().toString();
    return "classifier-" + host + "-" + Integer.toHexString(dir.hashCode());
  }

  /** The bootstrap servers. */
  public String bootstrapServers() {
    return String.valueOf(kafka.get("bootstrap.servers"));
  }
}
