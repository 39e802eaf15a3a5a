package org.inputdesk.publisher.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.inputdesk.publisher.attachments.AttachmentStore;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.Topics;

/**
 * A {@link Catalogue} fed through the real {@link PublisherTopology} in a {@link
 * TopologyTestDriver} configured by the production {@link PublisherStreams#properties}: what a test
 * puts goes in as records on the input topics, what it reads comes out of the stores. On the heap
 * by default (render and HTTP tests, never closed); {@link #onDisk} keeps RocksDB stores under a
 * directory, to be closed.
 */
public final class TestCatalogue extends Catalogue implements AutoCloseable {

  private final Harness harness;

  private static final class Harness implements StoreAccess {
    final TopologyTestDriver driver;
    final AtomicLong applied = new AtomicLong();
    final AttachmentStore attachments;
    final TestInputTopic<String, Consultation> consultations;
    final TestInputTopic<String, SubmissionClassified> classified;
    final TestInputTopic<String, Attachment> files;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    Harness(final AttachmentStore attachments, final Path dir, final boolean onDisk) {
      this.attachments = attachments;
      driver =
          new TopologyTestDriver(
              onDisk
                  ? PublisherTopology.build(attachments, applied::incrementAndGet)
                  : PublisherTopology.build(
                      attachments, applied::incrementAndGet, Stores::inMemoryKeyValueStore),
              PublisherStreams.properties(
                  Map.of("bootstrap.servers", "unused:9092"), "publisher-test", dir));
      final StringSerializer keys = new StringSerializer();
      consultations =
          driver.createInputTopic(
              Topics.CONSULTATIONS.name(), keys, Topics.CONSULTATIONS.valueSerde().serializer());
      classified =
          driver.createInputTopic(
              Topics.SUBMISSIONS_CLASSIFIED.name(),
              keys,
              Topics.SUBMISSIONS_CLASSIFIED.valueSerde().serializer());
      files =
          driver.createInputTopic(
              Topics.SUBMISSION_ATTACHMENTS.name(),
              keys,
              Topics.SUBMISSION_ATTACHMENTS.valueSerde().serializer());
      deadLetters =
          driver.createOutputTopic(
              Topics.SUBMISSIONS_DLQ.name(),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
    }

    @Override
    public <K, V> ReadOnlyKeyValueStore<K, V> all(final String name) {
      return driver.getKeyValueStore(name);
    }

    @Override
    public <K, V> List<ReadOnlyKeyValueStore<K, V>> partitions(final String name) {
      return List.of(driver.<K, V>getKeyValueStore(name));
    }
  }

  private TestCatalogue(final Harness harness) {
    super(harness, harness.attachments, harness.applied::get);
    this.harness = harness;
  }

  /** Stores and attachments on the heap. */
  public TestCatalogue() {
    this(AttachmentStore.inMemory());
  }

  /** Stores on the heap, attachment bytes in the given store. */
  public TestCatalogue(final AttachmentStore attachments) {
    this(new Harness(attachments, temp(), false));
  }

  /** RocksDB stores under {@code dir}; close it. */
  public static TestCatalogue onDisk(final Path dir) {
    return new TestCatalogue(new Harness(AttachmentStore.inMemory(), dir, true));
  }

  private static Path temp() {
    try {
      final Path dir = Files.createTempDirectory("publisher-test-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A consultation record; null is a tombstone. */
  public void putConsultation(final String id, final Consultation consultation) {
    harness.consultations.pipeInput(id, consultation);
  }

  /** A submissions-classified record; null is a tombstone. */
  public void putClassified(final String id, final SubmissionClassified classified) {
    harness.classified.pipeInput(id, classified);
  }

  /** A submission-attachments record; null is a tombstone. */
  public void putAttachment(final String sha256, final Attachment attachment) {
    harness.files.pipeInput(sha256, attachment);
  }

  /** A record of raw bytes on a topic, as a broken producer might write it. */
  public void putRaw(final String topic, final String key, final byte[] value) {
    harness
        .driver
        .createInputTopic(
            topic,
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())
        .pipeInput(key, value);
  }

  /** The keys of the dead letters written so far (read once). */
  public List<String> deadLetterKeys() {
    return harness.deadLetters.readRecordsToList().stream()
        .map(r -> new StringDeserializer().deserialize("", r.key()))
        .toList();
  }

  /** The driver, for tests of the topology itself. */
  public TopologyTestDriver driver() {
    return harness.driver;
  }

  @Override
  public void close() {
    harness.driver.close();
  }
}
