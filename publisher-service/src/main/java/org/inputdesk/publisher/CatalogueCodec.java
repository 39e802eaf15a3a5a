package org.inputdesk.publisher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue's keys and values as bytes. Keys are a one-letter kind followed by parts separated
 * by a zero byte, so that the store's key order is the order lists are read in; times in keys are
 * fixed-width big-endian, inverted where the newest comes first. Values are compact binary records
 * prefixed with a format byte; a store written in another format is rebuilt from the topics.
 */
final class CatalogueCodec {

  /** Bump when any value or key layout changes: the catalogue is then rebuilt from the topics. */
  static final int FORMAT = 5;

  private static final byte SEP = 0;
  private static final byte LISTED_END = (byte) 0xFF;

  private CatalogueCodec() {}

  /** What filters, counts and the since-index need of a posted input, kept in its list key. */
  record Facets(
      Instant modifiedAt,
      String senderType,
      String language,
      boolean late,
      String campaignId,
      List<PublicEntry.Tag> themes,
      List<String> paragraphRefs) {

    static Facets of(final PublicEntry e) {
      return new Facets(
          e.modifiedAt(),
          e.senderType(),
          e.language(),
          e.late(),
          e.campaignId(),
          e.themes(),
          e.paragraphRefs());
    }
  }

  // ---- keys

  static byte[] key(final char kind, final String... parts) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(kind);
    for (final String part : parts) {
      out.write(SEP);
      final byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
      for (final byte b : utf8) {
        if (b == SEP) {
          throw new IllegalArgumentException("a key part contains a NUL character");
        }
      }
      out.write(utf8, 0, utf8.length);
    }
    return out.toByteArray();
  }

  /** {@code key(kind, parts)} followed by a separator: the prefix of everything below it. */
  static byte[] prefix(final char kind, final String... parts) {
    final byte[] k = key(kind, parts);
    final byte[] out = java.util.Arrays.copyOf(k, k.length + 1);
    out[k.length] = SEP;
    return out;
  }

  /** prefix, then a time (inverted when {@code newestFirst}), then the id. */
  static byte[] timed(
      final byte[] prefix, final Instant at, final boolean newestFirst, final String id) {
    final byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    final ByteBuffer b = ByteBuffer.allocate(prefix.length + 12 + idBytes.length);
    b.put(prefix);
    b.put(time(at, newestFirst));
    b.put(idBytes);
    return b.array();
  }

  /** prefix, then a time: where a scan from that time on starts. */
  static byte[] timed(final byte[] prefix, final Instant at, final boolean newestFirst) {
    final ByteBuffer b = ByteBuffer.allocate(prefix.length + 12);
    b.put(prefix);
    b.put(time(at, newestFirst));
    return b.array();
  }

  private static byte[] time(final Instant at, final boolean newestFirst) {
    // Sign bit flipped so that unsigned byte order is numeric order, negative seconds included.
    long seconds = at.getEpochSecond() ^ Long.MIN_VALUE;
    int nanos = at.getNano();
    if (newestFirst) {
      seconds = ~seconds;
      nanos = ~nanos;
    }
    return ByteBuffer.allocate(12).putLong(seconds).putInt(nanos ^ Integer.MIN_VALUE).array();
  }

  /**
   * A posted input's key in its consultation's list: the newest second first, within a second the
   * highest tracking number first (mail received in one second is numbered in the order the mailbox
   * holds it, which milliseconds and ids do not tell), then the id.
   */
  static byte[] listed(
      final byte[] prefix, final Instant receivedAt, final String trackingNumber, final String id) {
    final byte[] tracking =
        trackingNumber == null || trackingNumber.indexOf('\0') >= 0
            ? new byte[0]
            : trackingNumber.getBytes(StandardCharsets.UTF_8);
    final byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    final ByteBuffer b =
        ByteBuffer.allocate(prefix.length + 12 + tracking.length + 1 + idBytes.length);
    b.put(prefix);
    b.put(time(receivedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), true));
    // Complemented bytes sort in descending order; no complement of UTF-8 without NUL is 0xFF,
    // so 0xFF ends the number and sorts a shorter number after a longer one that extends it.
    for (final byte t : tracking) {
      b.put((byte) ~t);
    }
    b.put(LISTED_END);
    b.put(idBytes);
    return b.array();
  }

  /** The id at the end of a {@link #listed} key. */
  static String listedId(final byte[] key, final int prefixLength) {
    int i = prefixLength + 12;
    while (key[i] != LISTED_END) {
      i++;
    }
    return new String(key, i + 1, key.length - i - 1, StandardCharsets.UTF_8);
  }

  /** The id at the end of a {@link #timed} key. */
  static String timedId(final byte[] key, final int prefixLength) {
    final int from = prefixLength + 12;
    return new String(key, from, key.length - from, StandardCharsets.UTF_8);
  }

  /** The last part of a key made by {@link #key}. */
  static String lastPart(final byte[] key) {
    int i = key.length - 1;
    while (i >= 0 && key[i] != SEP) {
      i--;
    }
    return new String(key, i + 1, key.length - i - 1, StandardCharsets.UTF_8);
  }

  static byte[] longValue(final long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  static long longOf(final byte[] value) {
    return value == null ? 0 : ByteBuffer.wrap(value).getLong();
  }

  static byte[] text(final String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  static String textOf(final byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  // ---- values

  static byte[] entry(final PublicEntry e) {
    return write(
        out -> {
          string(out, e.id());
          string(out, e.consultationId());
          string(out, e.trackingNumber());
          instant(out, e.receivedAt());
          instant(out, e.modifiedAt());
          string(out, e.senderType());
          string(out, e.organisation());
          string(out, e.personName());
          string(out, e.country());
          string(out, e.subject());
          string(out, e.excerpt());
          tags(out, e.themes());
          string(out, e.language());
          out.writeBoolean(e.late());
          string(out, e.campaignId());
          out.writeInt(e.campaignSize());
          string(out, e.campaignRepresentativeId());
          out.writeInt(e.attachments().size());
          for (final PublicEntry.FileRef f : e.attachments()) {
            string(out, f.sha256());
            string(out, f.name());
            string(out, f.urlName());
            string(out, f.contentType());
            out.writeLong(f.size());
          }
          out.writeInt(e.notPublished().size());
          for (final PublicEntry.NotPublished n : e.notPublished()) {
            string(out, n.name());
            out.writeLong(n.size());
            string(out, n.reason());
          }
          strings(out, e.paragraphRefs());
          out.writeBoolean(e.redacted() != null);
          if (e.redacted() != null) {
            string(out, e.redacted().subject());
            string(out, e.redacted().excerpt());
          }
        });
  }

  static PublicEntry entryOf(final byte[] bytes) {
    return read(
        bytes,
        in -> {
          final String id = string(in);
          final String consultation = string(in);
          final String tracking = string(in);
          final Instant received = instant(in);
          final Instant modified = instant(in);
          final String senderType = string(in);
          final String organisation = string(in);
          final String person = string(in);
          final String country = string(in);
          final String subject = string(in);
          final String excerpt = string(in);
          final List<PublicEntry.Tag> themes = tags(in);
          final String language = string(in);
          final boolean late = in.readBoolean();
          final String campaign = string(in);
          final int campaignSize = in.readInt();
          final String representative = string(in);
          final int files = in.readInt();
          final List<PublicEntry.FileRef> attachments = new ArrayList<>(files);
          for (int i = 0; i < files; i++) {
            attachments.add(
                new PublicEntry.FileRef(
                    string(in), string(in), string(in), string(in), in.readLong()));
          }
          final int missing = in.readInt();
          final List<PublicEntry.NotPublished> notPublished = new ArrayList<>(missing);
          for (int i = 0; i < missing; i++) {
            notPublished.add(new PublicEntry.NotPublished(string(in), in.readLong(), string(in)));
          }
          return new PublicEntry(
              id,
              consultation,
              tracking,
              received,
              modified,
              senderType,
              organisation,
              person,
              country,
              subject,
              null,
              null,
              excerpt,
              themes,
              language,
              late,
              campaign,
              campaignSize,
              representative,
              attachments,
              notPublished,
              strings(in),
              in.readBoolean()
                  ? new PublicEntry.Redacted(string(in), string(in), null, null)
                  : null);
        });
  }

  static byte[] facets(final Facets f) {
    return write(
        out -> {
          instant(out, f.modifiedAt());
          string(out, f.senderType());
          string(out, f.language());
          out.writeBoolean(f.late());
          string(out, f.campaignId());
          tags(out, f.themes());
          strings(out, f.paragraphRefs());
        });
  }

  static Facets facetsOf(final byte[] bytes) {
    return read(
        bytes,
        in ->
            new Facets(
                instant(in),
                string(in),
                string(in),
                in.readBoolean(),
                string(in),
                tags(in),
                strings(in)));
  }

  /** Text and HTML as published, then with personal data removed (nulls when none was). */
  static byte[] body(final PublicEntry e) {
    return write(
        out -> {
          string(out, e.text());
          string(out, e.html());
          string(out, e.redacted() == null ? null : e.redacted().text());
          string(out, e.redacted() == null ? null : e.redacted().html());
        });
  }

  static String[] bodyOf(final byte[] bytes) {
    return read(bytes, in -> new String[] {string(in), string(in), string(in), string(in)});
  }

  static byte[] removed(final Catalogue.Removed r) {
    return write(
        out -> {
          string(out, r.id());
          string(out, r.consultationId());
          string(out, r.trackingNumber());
          instant(out, r.at());
          out.writeBoolean(r.withdrawn());
        });
  }

  static Catalogue.Removed removedOf(final byte[] bytes) {
    return read(
        bytes,
        in ->
            new Catalogue.Removed(
                string(in), string(in), string(in), instant(in), in.readBoolean()));
  }

  /** A campaign's index: its representative, its largest known size, a member that names it. */
  record CampaignIndex(String representativeId, int size, String namedBy) {}

  static byte[] campaign(final CampaignIndex c) {
    return write(
        out -> {
          string(out, c.representativeId());
          out.writeInt(c.size());
          string(out, c.namedBy());
        });
  }

  static CampaignIndex campaignOf(final byte[] bytes) {
    return read(bytes, in -> new CampaignIndex(string(in), in.readInt(), string(in)));
  }

  /** A count with an optional label (a theme's). */
  static byte[] count(final long count, final String label) {
    return write(
        out -> {
          out.writeLong(count);
          string(out, label);
        });
  }

  static long countOf(final byte[] bytes) {
    return bytes == null ? 0 : read(bytes, DataInputStream::readLong);
  }

  static String countLabelOf(final byte[] bytes) {
    return read(
        bytes,
        in -> {
          in.readLong();
          return string(in);
        });
  }

  // ---- plumbing

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(final Writer writer) {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(final byte[] bytes, final Reader<T> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      final int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IllegalStateException("catalogue value in unknown format " + format);
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt catalogue value", e);
    }
  }

  /** Length-prefixed UTF-8, -1 for null: writeUTF stops at 64 KB and texts can be longer. */
  private static void string(final DataOutputStream out, final String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String string(final DataInputStream in) throws IOException {
    final int length = in.readInt();
    return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void instant(final DataOutputStream out, final Instant at) throws IOException {
    out.writeBoolean(at != null);
    if (at != null) {
      out.writeLong(at.getEpochSecond());
      out.writeInt(at.getNano());
    }
  }

  private static Instant instant(final DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  private static void tags(final DataOutputStream out, final List<PublicEntry.Tag> tags)
      throws IOException {
    out.writeInt(tags.size());
    for (final PublicEntry.Tag t : tags) {
      string(out, t.id());
      string(out, t.label());
    }
  }

  private static List<PublicEntry.Tag> tags(final DataInputStream in) throws IOException {
    final int n = in.readInt();
    final List<PublicEntry.Tag> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new PublicEntry.Tag(string(in), string(in)));
    }
    return out;
  }

  private static void strings(final DataOutputStream out, final List<String> values)
      throws IOException {
    out.writeInt(values.size());
    for (final String v : values) {
      string(out, v);
    }
  }

  private static List<String> strings(final DataInputStream in) throws IOException {
    final int n = in.readInt();
    final List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(string(in));
    }
    return out;
  }
}
