package org.inputdesk.classifier.links;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The LSH buckets of form-letter detection: reads {@link LinkMessage.Kind#BAND_ASK}s keyed by
 * bucket ({@code consultation|band:hash}, so the buckets of one consultation spread over every
 * task), keeps each bucket's members with their signatures in {@link #STORE} (key {@code
 * bucket#NNN}, in the order they came, at most {@link #MAX_BUCKET} + 1), and writes a {@link
 * LinkMessage.Kind#BAND_ANSWER} keyed by the asking submission: the first member in bucket order
 * similar to it, or null. A submission asking again (a replay) is compared with the members that
 * came before it, as the first time, and not added twice.
 */
public final class BucketKeeper implements Processor<String, LinkMessage, String, LinkMessage> {

  public static final String STORE = "link-buckets-store";

  /** A bucket of a form letter can grow large; comparing against its first members is enough. */
  static final int MAX_BUCKET = 200;

  // The members of the buckets read or written lately: a form letter's buckets fill up to
  // MAX_BUCKET, and each new input is compared with hundreds of members. Bounded by the number of
  // members held (about 0.3 KB each), so the heap stays flat: 20,000 a task, about 6 MB, since
  // every task of the application now holds buckets (a campaign's six full buckets are 1,206
  // members); a bucket not held is read back from the store. In order of access, so the full
  // buckets of a campaign stay. Cleared in init: a task set up again after a failed transaction
  // reads its store as last committed.
  static final int CACHED_MEMBERS = 20_000;

  private final CampaignDetector detector;
  private final int cachedMembers;
  private final Map<String, Bucket> recent = new LinkedHashMap<>(1024, 0.75f, true);
  private int heldMembers;
  private ProcessorContext<String, LinkMessage> context;
  private KeyValueStore<String, byte[]> members;

  public BucketKeeper(final CampaignDetector detector) {
    this(detector, CACHED_MEMBERS);
  }

  /** With at most {@code cachedMembers} bucket members and their signatures kept in memory. */
  BucketKeeper(final CampaignDetector detector, final int cachedMembers) {
    this.detector = detector;
    this.cachedMembers = cachedMembers;
  }

  @Override
  public void init(final ProcessorContext<String, LinkMessage> context) {
    this.context = context;
    this.members = context.getStateStore(STORE);
    recent.clear();
    heldMembers = 0;
  }

  @Override
  public void process(final Record<String, LinkMessage> record) {
    final LinkMessage ask = record.value();
    final String id = ask.id();
    final long[] signature = ask.signature();
    final String key = record.key();
    final Bucket bucket = bucket(key, signature.length);
    final int position = bucket.indexOf(id);
    final int candidates = position >= 0 ? position : bucket.size();
    String similar = null;
    for (int i = 0; i < candidates; i++) {
      if (bucket.similar(i, signature, detector) && !bucket.id(i).equals(id)) {
        similar = bucket.id(i);
        break;
      }
    }
    if (position < 0 && bucket.size() <= MAX_BUCKET) {
      members.put(memberKey(key, bucket.size()), encode(id, signature));
      bucket.add(id, signature);
      heldMembers++;
      shrink();
    }
    context.forward(
        record.withKey(id).withValue(ask.answer(LinkMessage.Kind.BAND_ANSWER, similar)));
  }

  static String memberKey(final String bucket, final int index) {
    return bucket + "#" + String.format(Locale.ROOT, "%03d", index);
  }

  // the bucket held in memory, or read from the store (empty when there is none)
  private Bucket bucket(final String key, final int width) {
    final Bucket held = recent.get(key);
    if (held != null) {
      return held;
    }
    final Bucket read = new Bucket(width);
    try (KeyValueIterator<String, byte[]> stored =
        members.prefixScan(key + "#", new StringSerializer())) {
      while (stored.hasNext()) {
        final KeyValue<String, byte[]> member = stored.next();
        addDecoded(read, member.value);
      }
    }
    recent.put(key, read);
    heldMembers += read.size();
    shrink();
    return read;
  }

  private void shrink() {
    final var eldest = recent.values().iterator();
    while (heldMembers > cachedMembers && eldest.hasNext()) {
      heldMembers -= eldest.next().size();
      eldest.remove();
    }
  }

  private static byte[] encode(final String id, final long[] signature) {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 8 * signature.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      LinkMessage.writeString(out, id);
      out.writeInt(signature.length);
      for (final long l : signature) {
        out.writeLong(l);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void addDecoded(final Bucket bucket, final byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      final String id = LinkMessage.readString(in);
      final long[] signature = new long[in.readInt()];
      for (int i = 0; i < signature.length; i++) {
        signature[i] = in.readLong();
      }
      bucket.add(id, signature);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable bucket member", e);
    }
  }
}
