package org.inputdesk.publisher.store;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Kafka Streams application this publisher's state directory belongs to. Every publisher
 * instance serves the whole site, so each runs an application of its own ({@code
 * inputdesk-publisher-} and a random suffix) holding every partition; the id is kept in {@code
 * instance.properties} in the state directory with the store format and the cluster and topic ids
 * the state was read from. A restart on the same directory resumes that application; state in
 * another format, or read from another cluster or from topics since deleted and created again, is
 * set aside and rebuilt from the topics under a new id. Reads and writes that file.
 */
final class InstanceState {

  static final String PREFIX = "inputdesk-publisher-";
  private static final Logger LOG = LoggerFactory.getLogger(InstanceState.class);
  private static final String FILE = "instance.properties";

  private final String applicationId;
  private final boolean resumed;

  private InstanceState(final String applicationId, final boolean resumed) {
    this.applicationId = applicationId;
    this.resumed = resumed;
  }

  String applicationId() {
    return applicationId;
  }

  /** Whether the local state was kept from an earlier run, rather than rebuilt. */
  boolean resumed() {
    return resumed;
  }

  /**
   * The application of {@code dir}: the one kept there when it fits the cluster ({@code source},
   * from {@link #source}; null when unknown, which keeps it), else a new one with the Streams state
   * under {@code dir} removed.
   */
  static InstanceState open(final Path dir, final String source) {
    final Path file = dir.resolve(FILE);
    final Properties kept = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        kept.load(in);
      } catch (IOException e) {
        LOG.warn("cannot read {}: {}", file, e.getMessage());
      }
    }
    final String id = kept.getProperty("application.id");
    final String reason;
    if (id == null) {
      reason = "no local state";
    } else if (!String.valueOf(Values.FORMAT).equals(kept.getProperty("format"))) {
      reason = "the local state is in another format";
    } else if (source != null && !source.equals(kept.getProperty("source"))) {
      reason = "the cluster or its topics are not those the local state was read from";
    } else {
      return new InstanceState(id, true);
    }
    final String fresh = PREFIX + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
    LOG.info("publisher state rebuilt from the topics as {}: {}", fresh, reason);
    deleteTree(dir.resolve("streams"));
    final Properties now = new Properties();
    now.setProperty("application.id", fresh);
    now.setProperty("format", String.valueOf(Values.FORMAT));
    if (source != null) {
      now.setProperty("source", source);
    }
    try {
      Files.createDirectories(dir);
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        now.store(out, "the Kafka Streams application this publisher state belongs to");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new InstanceState(fresh, false);
  }

  /**
   * The cluster id and the ids of the topics read: a topic deleted and created again, or another
   * cluster at the same address, must not be resumed from state read from the old one. Null when
   * the cluster does not say.
   */
  static String source(final Map<String, Object> kafka, final java.util.List<String> topics) {
    try (Admin admin = Admin.create(kafka)) {
      final StringBuilder out =
          new StringBuilder(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
      final Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      for (final String topic : topics) {
        out.append(' ').append(topic).append('=').append(described.get(topic).topicId());
      }
      return out.toString();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("cannot tell which cluster and topics these are: {}", e.getMessage());
      return null;
    }
  }

  /** Removes a directory tree; what cannot be removed is left to the OS's temp cleanup. */
  static void deleteTree(final Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", dir, e.getMessage());
    }
  }
}
