package org.inputdesk.classifier.links;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One message between the stages of duplicate and campaign detection (see {@link LinkTopology}):
 * what it is ({@link Kind}), the submission it is about ({@code id}), a position and how many
 * answers to expect, another submission or key it names ({@code other}), a campaign size and a
 * MinHash signature. Read and written on the link topics as bytes by {@link #SERDE}.
 *
 * @param kind what the message asks or answers
 * @param id the submission it is about (for the asks of representatives: the one asking)
 * @param index the duplicate key's or band's position among the submission's
 * @param expected how many answers of this kind the submission waits for
 * @param other the first holder of a duplicate key, the first similar member of a bucket, the
 *     consultation of a submission, the representative of a campaign; may be null
 * @param size the campaign's size when the submission joined it
 * @param signature the submission's MinHash signature; may be null
 */
public record LinkMessage(
    Kind kind, String id, int index, int expected, String other, int size, long[] signature) {

  /** What a message asks or answers, and so where it goes. */
  public enum Kind {
    /** Keyed by duplicate key: who holds this key first? */
    DUPLICATE_ASK,
    /** Keyed by submission: its consultation and signature, and how many duplicate keys it has. */
    SUBMISSION,
    /** Keyed by submission: the first holder of its duplicate key {@code index} (or null). */
    DUPLICATE_ANSWER,
    /** Keyed by LSH bucket: the first similar member of the bucket, and add the submission. */
    BAND_ASK,
    /** Keyed by submission: the first similar member of the bucket of band {@code index}. */
    BAND_ANSWER,
    /** Keyed by a similar member: whose campaign are you in? {@code id} asks. */
    REPRESENTATIVE_ASK,
    /** Keyed by a representative: {@code id} joins your campaign. */
    JOIN,
    /** Keyed by submission: it joined the campaign of {@code other}, of {@code size} then. */
    JOINED,
    /** Keyed by submission: its {@link Links}, encoded in {@code other}. */
    LINKS
  }

  static LinkMessage duplicateAsk(final String id, final int index, final int expected) {
    return new LinkMessage(Kind.DUPLICATE_ASK, id, index, expected, null, 0, null);
  }

  static LinkMessage submission(
      final String id, final int duplicateKeys, final String consultation, final long[] sig) {
    return new LinkMessage(Kind.SUBMISSION, id, -1, duplicateKeys, consultation, 0, sig);
  }

  LinkMessage answer(final Kind answer, final String found) {
    return new LinkMessage(answer, id, index, expected, found, 0, null);
  }

  static LinkMessage bandAsk(
      final String id, final int band, final int bands, final long[] signature) {
    return new LinkMessage(Kind.BAND_ASK, id, band, bands, null, 0, signature);
  }

  static LinkMessage representativeAsk(final String asker) {
    return new LinkMessage(Kind.REPRESENTATIVE_ASK, asker, -1, 0, null, 0, null);
  }

  static LinkMessage join(final String member) {
    return new LinkMessage(Kind.JOIN, member, -1, 0, null, 0, null);
  }

  static LinkMessage joined(final String member, final String representative, final int size) {
    return new LinkMessage(Kind.JOINED, member, -1, 0, representative, size, null);
  }

  static LinkMessage links(final String id, final Links links) {
    return new LinkMessage(Kind.LINKS, id, -1, 0, links.encode(), 0, null);
  }

  private static final byte VERSION = 1;
  private static final Kind[] KINDS = Kind.values();

  /** Serde for the link topics: a version byte, then the fields. */
  public static final Serde<LinkMessage> SERDE =
      Serdes.serdeFrom(
          (Serializer<LinkMessage>) (topic, m) -> m == null ? null : m.encode(),
          (Deserializer<LinkMessage>) (topic, bytes) -> bytes == null ? null : decode(bytes));

  byte[] encode() {
    final ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(48 + (signature == null ? 0 : 8 * signature.length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeByte(kind.ordinal());
      writeString(out, id);
      out.writeInt(index);
      out.writeInt(expected);
      writeString(out, other);
      out.writeInt(size);
      writeSignature(out, signature);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static LinkMessage decode(final byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      final byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown link message version " + version);
      }
      final Kind kind = KINDS[in.readByte()];
      final String id = readString(in);
      final int index = in.readInt();
      final int expected = in.readInt();
      final String other = readString(in);
      final int size = in.readInt();
      return new LinkMessage(kind, id, index, expected, other, size, readSignature(in));
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("unreadable link message", e);
    }
  }

  // a length of -1 for null
  static void writeSignature(final DataOutputStream out, final long[] signature)
      throws IOException {
    out.writeInt(signature == null ? -1 : signature.length);
    if (signature != null) {
      for (final long l : signature) {
        out.writeLong(l);
      }
    }
  }

  static long[] readSignature(final DataInputStream in) throws IOException {
    final int length = in.readInt();
    if (length < 0) {
      return null;
    }
    final long[] signature = new long[length];
    for (int i = 0; i < length; i++) {
      signature[i] = in.readLong();
    }
    return signature;
  }

  // a length of -1 for null; Message-IDs have no length limit, so not writeUTF (64 KB at most)
  static void writeString(final DataOutputStream out, final String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    final byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  static String readString(final DataInputStream in) throws IOException {
    final int length = in.readInt();
    if (length < 0) {
      return null;
    }
    final byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
