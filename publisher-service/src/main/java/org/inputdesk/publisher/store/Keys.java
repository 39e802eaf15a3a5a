package org.inputdesk.publisher.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The keys of the publisher's state stores and their byte-ordered serdes: RocksDB keeps keys in
 * unsigned byte order, so a key's bytes are laid out for the scans the pages make. Parts are UTF-8
 * separated by a zero byte (a part holding NUL cannot be stored); times are fixed-width big-endian,
 * inverted where the newest comes first. Reads and writes nothing.
 */
public final class Keys {

  private static final byte SEP = 0;
  private static final byte LISTED_END = (byte) 0xFF;
  private static final int TIME = 12;

  private Keys() {}

  /**
   * A posted input's place in its consultation's list: the newest second first, within a second the
   * highest tracking number first (mail received in one second is numbered in the order the mailbox
   * holds it, which milliseconds and ids do not tell), then the id.
   */
  public record ListKey(
      String consultationId, Instant receivedAt, String trackingNumber, String id) {

    /** The key after every key of a consultation's list: the end of a range. */
    static ListKey end(final String consultationId) {
      return new ListKey(consultationId, null, null, null);
    }
  }

  /** An input's place in its consultation's since-index: by modification time, oldest first. */
  public record ChangeKey(String consultationId, Instant modifiedAt, String id) {}

  /** Something named within a consultation: a path segment, a campaign, a removed input. */
  public record ScopedKey(String consultationId, String name) {}

  /** A value an input counts under in a facet of its consultation (theme, language...). */
  public record FacetKey(String consultationId, String facet, String value) {}

  /** Orders list keys exactly as the store does. */
  public static int compare(final ListKey a, final ListKey b) {
    return Arrays.compareUnsigned(listed(a), listed(b));
  }

  static final Serde<ListKey> LIST = serde(Keys::listed, Keys::listKey);
  static final Serde<ChangeKey> CHANGE = serde(Keys::changed, Keys::changeKey);
  static final Serde<ScopedKey> SCOPED =
      serde(k -> parts(k.consultationId(), k.name()), b -> scopedKey(split(b, 2)));
  static final Serde<FacetKey> FACET =
      serde(
          k -> parts(k.consultationId(), k.facet(), k.value()),
          b -> {
            final String[] p = split(b, 3);
            return new FacetKey(p[0], p[1], p[2]);
          });

  /** Serialises a prefix of parts: the bytes every key beginning with these parts starts with. */
  static final Serializer<List<String>> PREFIX =
      (topic, parts) -> {
        final byte[] whole = parts(parts.toArray(new String[0]));
        final byte[] out = Arrays.copyOf(whole, whole.length + 1);
        out[whole.length] = SEP;
        return out;
      };

  private static ScopedKey scopedKey(final String[] p) {
    return new ScopedKey(p[0], p[1]);
  }

  private static <T> Serde<T> serde(
      final java.util.function.Function<T, byte[]> write,
      final java.util.function.Function<byte[], T> read) {
    final Serializer<T> serializer = (topic, value) -> value == null ? null : write.apply(value);
    final Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : read.apply(bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  /** Parts separated by a zero byte; fails on a part that holds one. */
  static byte[] parts(final String... parts) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.write(SEP);
      }
      final byte[] utf8 = utf8(parts[i]);
      out.write(utf8, 0, utf8.length);
    }
    return out.toByteArray();
  }

  private static byte[] utf8(final String part) {
    final byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
    for (final byte b : utf8) {
      if (b == SEP) {
        throw new IllegalArgumentException("a key part contains a NUL character");
      }
    }
    return utf8;
  }

  private static String[] split(final byte[] bytes, final int count) {
    final String[] out = new String[count];
    int from = 0;
    for (int i = 0; i < count - 1; i++) {
      int to = from;
      while (bytes[to] != SEP) {
        to++;
      }
      out[i] = new String(bytes, from, to - from, StandardCharsets.UTF_8);
      from = to + 1;
    }
    out[count - 1] = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    return out;
  }

  /** Whether a value can be part of a key: queries for one that cannot find nothing. */
  static boolean storable(final String part) {
    return part != null && part.indexOf('\0') < 0;
  }

  private static byte[] listed(final ListKey k) {
    final byte[] prefix = prefix(k.consultationId());
    if (k.receivedAt() == null) {
      // The upper bound of a consultation's list: no real key's time is all ones.
      final byte[] end = Arrays.copyOf(prefix, prefix.length + TIME + 1);
      Arrays.fill(end, prefix.length, end.length, (byte) 0xFF);
      return end;
    }
    final byte[] tracking =
        k.trackingNumber() == null || k.trackingNumber().indexOf('\0') >= 0
            ? new byte[0]
            : k.trackingNumber().getBytes(StandardCharsets.UTF_8);
    final byte[] id = utf8(k.id());
    final ByteBuffer b =
        ByteBuffer.allocate(prefix.length + TIME + tracking.length + 1 + id.length);
    b.put(prefix);
    b.put(time(k.receivedAt().truncatedTo(ChronoUnit.SECONDS), true));
    // Complemented bytes sort in descending order; no complement of UTF-8 without NUL is 0xFF,
    // so 0xFF ends the number and sorts a shorter number after a longer one that extends it.
    for (final byte t : tracking) {
      b.put((byte) ~t);
    }
    b.put(LISTED_END);
    b.put(id);
    return b.array();
  }

  private static ListKey listKey(final byte[] bytes) {
    final int sep = indexOf(bytes, SEP, 0);
    final String consultation = new String(bytes, 0, sep, StandardCharsets.UTF_8);
    final int timeAt = sep + 1;
    final Instant received = timeOf(bytes, timeAt, true);
    int end = timeAt + TIME;
    while (bytes[end] != LISTED_END) {
      end++;
    }
    final byte[] tracking = new byte[end - timeAt - TIME];
    for (int i = 0; i < tracking.length; i++) {
      tracking[i] = (byte) ~bytes[timeAt + TIME + i];
    }
    return new ListKey(
        consultation,
        received,
        tracking.length == 0 ? null : new String(tracking, StandardCharsets.UTF_8),
        new String(bytes, end + 1, bytes.length - end - 1, StandardCharsets.UTF_8));
  }

  private static byte[] changed(final ChangeKey k) {
    final byte[] prefix = prefix(k.consultationId());
    // A null id is the upper bound of a range: 0xFF sorts after every UTF-8 byte.
    final byte[] id = k.id() == null ? new byte[] {(byte) 0xFF} : utf8(k.id());
    final ByteBuffer b = ByteBuffer.allocate(prefix.length + TIME + id.length);
    b.put(prefix);
    b.put(time(k.modifiedAt(), false));
    b.put(id);
    return b.array();
  }

  private static ChangeKey changeKey(final byte[] bytes) {
    final int sep = indexOf(bytes, SEP, 0);
    final int from = sep + 1 + TIME;
    return new ChangeKey(
        new String(bytes, 0, sep, StandardCharsets.UTF_8),
        timeOf(bytes, sep + 1, false),
        new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
  }

  private static byte[] prefix(final String consultationId) {
    final byte[] c = utf8(consultationId);
    final byte[] out = Arrays.copyOf(c, c.length + 1);
    out[c.length] = SEP;
    return out;
  }

  private static int indexOf(final byte[] bytes, final byte b, final int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a key of this store");
  }

  private static byte[] time(final Instant at, final boolean newestFirst) {
    // Sign bit flipped so that unsigned byte order is numeric order, negative seconds included.
    long seconds = at.getEpochSecond() ^ Long.MIN_VALUE;
    int nanos = at.getNano() ^ Integer.MIN_VALUE;
    if (newestFirst) {
      seconds = ~seconds;
      nanos = ~nanos;
    }
    return ByteBuffer.allocate(TIME).putLong(seconds).putInt(nanos).array();
  }

  private static Instant timeOf(final byte[] bytes, final int at, final boolean newestFirst) {
    final ByteBuffer b = ByteBuffer.wrap(bytes, at, TIME);
    long seconds = b.getLong();
    int nanos = b.getInt();
    if (newestFirst) {
      seconds = ~seconds;
      nanos = ~nanos;
    }
    return Instant.ofEpochSecond(seconds ^ Long.MIN_VALUE, nanos ^ Integer.MIN_VALUE);
  }
}
