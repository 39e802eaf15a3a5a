package org.inputdesk.classifier.links;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * What duplicate and campaign detection needs of one submission: its id, its duplicate keys and the
 * MinHash signature of its text (null when the text is too short). Computed where the submission is
 * read, so that only this, a few hundred bytes, crosses the link topics ({@link LinkTopology})
 * instead of the whole submission (about 5 KB for a short letter, far more with attachments).
 */
public record LinkKeys(String id, List<String> duplicateKeys, long[] signature) {

  /** The keys and signature of a received submission. */
  public static LinkKeys of(final SubmissionReceived received, final CampaignDetector detector) {
    return new LinkKeys(
        received.getId(), DuplicateKeys.of(received), detector.signature(joined(texts(received))));
  }

  // what String.join("\n", texts) gives, without copying a text that stands alone (most inputs)
  private static String joined(final List<String> texts) {
    return texts.size() == 1 ? texts.get(0) : String.join("\n", texts);
  }

  // the first text part (an HTML part repeats the plain one) and each attachment's text
  private static List<String> texts(final SubmissionReceived received) {
    final List<String> out = new ArrayList<>();
    received.getTextParts().stream().limit(1).forEach(p -> out.add(p.getText()));
    received.getAttachments().forEach(a -> out.add(a.getText() == null ? "" : a.getText()));
    return out;
  }

  private static final byte VERSION = 1;

  /** Serde for the internal topic: a version byte, the id, the keys, the signature. */
  public static final Serde<LinkKeys> SERDE =
      Serdes.serdeFrom(
          (Serializer<LinkKeys>) (topic, keys) -> keys == null ? null : keys.encode(),
          (Deserializer<LinkKeys>) (topic, bytes) -> bytes == null ? null : decode(bytes));

  byte[] encode() {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 8 * length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeString(out, id);
      out.writeShort(duplicateKeys.size());
      for (final String key : duplicateKeys) {
        writeString(out, key);
      }
      out.writeShort(signature == null ? -1 : signature.length);
      if (signature != null) {
        for (final long l : signature) {
          out.writeLong(l);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static LinkKeys decode(final byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      final byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown link keys version " + version);
      }
      final String id = readString(in);
      final int count = in.readShort();
      final List<String> keys = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        keys.add(readString(in));
      }
      final int length = in.readShort();
      long[] signature = null;
      if (length >= 0) {
        signature = new long[length];
        for (int i = 0; i < length; i++) {
          signature[i] = in.readLong();
        }
      }
      return new LinkKeys(id, List.copyOf(keys), signature);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated link keys record", e);
    }
  }

  private int length() {
    return signature == null ? 0 : signature.length;
  }

  // a Message-ID has no length limit a mail server must keep, so not writeUTF (64 KB at most)
  private static void writeString(final DataOutputStream out, final String s) throws IOException {
    final byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(final DataInputStream in) throws IOException {
    final byte[] utf8 = new byte[in.readInt()];
    in.readFully(utf8);
    return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
  }
}
