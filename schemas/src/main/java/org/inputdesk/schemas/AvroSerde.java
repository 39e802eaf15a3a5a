package org.inputdesk.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record in Avro single-object encoding: a two-byte marker and the
 * writer schema's 64-bit fingerprint, then the binary body. Decoding resolves every past version
 * kept in {@link SchemaHistory}, so old records stay readable after a schema change. Null stays
 * null (tombstones on compacted topics).
 */
public final class AvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  // a little more than the last record's size: records of one type are alike, so the stream
  // rarely grows (read and written unsynchronised: only a hint)
  private int lastSize = 1024;

  public AvroSerde(final Class<T> type) {
    this.type = type;
    final SpecificData model = SpecificData.getForClass(type);
    final Schema schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
    for (final Schema past : SchemaHistory.versions(schema.getName())) {
      decoder.addSchema(past);
    }
  }

  public Class<T> type() {
    return type;
  }

  @Override
  public byte[] serialize(final String topic, final T data) {
    if (data == null) {
      return null;
    }
    try {
      // straight into one stream: encode(data) would copy its buffer, and the copy be copied
      final ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize);
      encoder.encode(data, out);
      lastSize = Math.max(256, out.size() + (out.size() >> 3));
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public T deserialize(final String topic, final byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return decoder.decode(data);
    } catch (MissingSchemaException e) {
      throw new SerializationException(
          "record on "
              + topic
              + " was written with a "
              + type.getSimpleName()
              + " schema this reader does not know (not in the schema history)",
          e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot decode " + type.getSimpleName() + " from topic " + topic + ": " + e.getMessage(),
          e);
    }
  }

  /** Encodes without a topic, for tools and tests. */
  public byte[] encode(final T data) {
    return serialize("", data);
  }

  /** Decodes without a topic, for tools and tests. */
  public T decode(final byte[] data) {
    return deserialize("", data);
  }

  @Override
  public void configure(final java.util.Map<String, ?> configs, final boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }
}
