package org.inputdesk.publisher.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.inputdesk.publisher.PublicEntry;

/**
 * The values of the publisher's state stores and their serdes: compact binary records prefixed with
 * a format byte, read back exactly as written. Reads and writes nothing.
 */
public final class Values {

  /**
   * Bump when any value or key layout changes: local state in another format is then rebuilt from
   * the topics under a new application id ({@link PublisherStreams}).
   */
  static final int FORMAT = 6;

  private Values() {}

  /** An input's text and HTML as published, then with personal data removed (nulls when none). */
  public record Body(String text, String html, String redactedText, String redactedHtml) {

    static Body of(final PublicEntry e) {
      return new Body(
          e.text(),
          e.html(),
          e.redacted() == null ? null : e.redacted().text(),
          e.redacted() == null ? null : e.redacted().html());
    }

    /** The entry with this text and HTML. */
    PublicEntry fill(final PublicEntry entry) {
      return entry.withBody(
          text == null ? "" : text, html, redactedText == null ? "" : redactedText, redactedHtml);
    }
  }

  /**
   * What filters, counts and the since-index need of a posted input, kept in its list entry; and
   * {@code contentHash}, its share of its consultation's content digest (entry and body).
   */
  public record Listed(
      Instant modifiedAt,
      String senderType,
      String language,
      boolean late,
      String campaignId,
      List<PublicEntry.Tag> themes,
      List<String> paragraphRefs,
      long contentHash) {

    static Listed of(final PublicEntry e, final long contentHash) {
      return new Listed(
          e.modifiedAt(),
          e.senderType(),
          e.language(),
          e.late(),
          e.campaignId(),
          e.themes(),
          e.paragraphRefs(),
          contentHash);
    }
  }

  /** A campaign's index in one partition: its representative, largest known size, a namer. */
  public record CampaignIndex(String representativeId, int size, String namedBy) {}

  /** A count with an optional label (a theme's). */
  public record Count(long count, String label) {}

  /**
   * A consultation's state in one partition: its posted inputs, the digest of its public content (a
   * sum of hashes, the same for the same content whatever order it came in) and when that content
   * last changed, in nanoseconds since the epoch.
   */
  public record ConsultationState(long posted, long digest, long lastModifiedNanos) {

    static final ConsultationState EMPTY = new ConsultationState(0, 0, 0);
  }

  /** An input no longer public, as {@link Catalogue.Removed}. */
  static final Serde<Catalogue.Removed> REMOVED =
      serde(
          r ->
              write(
                  out -> {
                    string(out, r.id());
                    string(out, r.consultationId());
                    string(out, r.trackingNumber());
                    instant(out, r.at());
                    out.writeBoolean(r.withdrawn());
                  }),
          b ->
              read(
                  b,
                  in ->
                      new Catalogue.Removed(
                          string(in), string(in), string(in), instant(in), in.readBoolean())));

  static final Serde<PublicEntry> ENTRY = serde(Values::entry, Values::entryOf);

  static final Serde<Body> BODY =
      serde(
          v ->
              write(
                  out -> {
                    string(out, v.text());
                    string(out, v.html());
                    string(out, v.redactedText());
                    string(out, v.redactedHtml());
                  }),
          b -> read(b, in -> new Body(string(in), string(in), string(in), string(in))));

  static final Serde<Listed> LISTED =
      serde(
          f ->
              write(
                  out -> {
                    instant(out, f.modifiedAt());
                    string(out, f.senderType());
                    string(out, f.language());
                    out.writeBoolean(f.late());
                    string(out, f.campaignId());
                    tags(out, f.themes());
                    strings(out, f.paragraphRefs());
                    out.writeLong(f.contentHash());
                  }),
          b ->
              read(
                  b,
                  in ->
                      new Listed(
                          instant(in),
                          string(in),
                          string(in),
                          in.readBoolean(),
                          string(in),
                          tags(in),
                          strings(in),
                          in.readLong())));

  static final Serde<CampaignIndex> CAMPAIGN =
      serde(
          c ->
              write(
                  out -> {
                    string(out, c.representativeId());
                    out.writeInt(c.size());
                    string(out, c.namedBy());
                  }),
          b -> read(b, in -> new CampaignIndex(string(in), in.readInt(), string(in))));

  static final Serde<Count> COUNT =
      serde(
          c ->
              write(
                  out -> {
                    out.writeLong(c.count());
                    string(out, c.label());
                  }),
          b -> read(b, in -> new Count(in.readLong(), string(in))));

  static final Serde<ConsultationState> CONSULTATION_STATE =
      serde(
          s ->
              write(
                  out -> {
                    out.writeLong(s.posted());
                    out.writeLong(s.digest());
                    out.writeLong(s.lastModifiedNanos());
                  }),
          b -> read(b, in -> new ConsultationState(in.readLong(), in.readLong(), in.readLong())));

  /** A 64-bit hash of a value's bytes, for content digests. */
  static long hash(final byte[] bytes) {
    try {
      final byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
      return java.nio.ByteBuffer.wrap(d).getLong();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static <T> Serde<T> serde(
      final java.util.function.Function<T, byte[]> write,
      final java.util.function.Function<byte[], T> read) {
    final Serializer<T> serializer = (topic, value) -> value == null ? null : write.apply(value);
    final Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : read.apply(bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private static byte[] entry(final PublicEntry e) {
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

  private static PublicEntry entryOf(final byte[] bytes) {
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
        throw new IllegalStateException("store value in unknown format " + format);
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt store value", e);
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
