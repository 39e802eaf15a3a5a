package org.inputdesk.classifier.links;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finds exact duplicates and form-letter campaigns within a consultation: reads the {@link
 * LinkKeys} of received submissions keyed by consultation id, keeps duplicate keys, MinHash
 * signatures, LSH buckets and campaign membership in named stores, and writes {@link Links} keyed
 * by submission id.
 */
public final class LinkFinder implements Processor<String, LinkKeys, String, String> {

  public static final String DUPLICATES_STORE = "duplicate-keys-store";
  public static final String SIGNATURES_STORE = "minhash-signatures-store";
  public static final String BUCKETS_STORE = "lsh-buckets-store";
  public static final String CAMPAIGNS_STORE = "campaigns-store";

  // a bucket of a form letter can grow large; comparing against its first members is enough
  private static final int MAX_BUCKET = 200;

  private final CampaignDetector detector;
  private ProcessorContext<String, String> context;
  private KeyValueStore<String, String> duplicates;
  private KeyValueStore<String, byte[]> signatures;
  private KeyValueStore<String, String> buckets;
  private KeyValueStore<String, String> campaigns;

  // The members of the buckets read or written lately, with their signatures side by side in one
  // array per bucket: a form letter's buckets fill up to MAX_BUCKET, and each new input of the
  // consultation is compared with the members of its six buckets, hundreds of comparisons that
  // would otherwise each take a map look-up and a signature somewhere else on the heap. Bounded by
  // the number of members held (about 0.3 KB each), so the heap stays flat; a bucket not held is
  // read back from the stores. In order of access, so the full buckets of a campaign stay.
  static final int CACHED_MEMBERS = 50_000;
  private final int cachedMembers;
  private int heldMembers;
  private final Map<String, Bucket> recentBuckets = new LinkedHashMap<>(1024, 0.75f, true);

  public LinkFinder(final CampaignDetector detector) {
    this(detector, CACHED_MEMBERS);
  }

  /** With at most {@code cachedMembers} bucket members and their signatures kept in memory. */
  LinkFinder(final CampaignDetector detector, final int cachedMembers) {
    this.detector = detector;
    this.cachedMembers = cachedMembers;
  }

  @Override
  public void init(final ProcessorContext<String, String> context) {
    this.context = context;
    this.duplicates = context.getStateStore(DUPLICATES_STORE);
    this.signatures = context.getStateStore(SIGNATURES_STORE);
    this.buckets = context.getStateStore(BUCKETS_STORE);
    this.campaigns = context.getStateStore(CAMPAIGNS_STORE);
    // a task set up again after a failed transaction reads its stores as last committed
    recentBuckets.clear();
    heldMembers = 0;
  }

  @Override
  public void process(final Record<String, LinkKeys> record) {
    final LinkKeys received = record.value();
    final String id = received.id();
    final String duplicateOf = duplicateOf(received);
    if (duplicateOf != null) {
      forward(record, id, new Links(duplicateOf, null, 0, null));
      return;
    }
    final Links campaign = campaign(record.key(), received);
    if (campaign != null) {
      forward(record, id, campaign);
    }
  }

  private String duplicateOf(final LinkKeys received) {
    String first = null;
    for (final String key : received.duplicateKeys()) {
      final String seen = duplicates.get(key);
      if (seen == null) {
        duplicates.put(key, received.id());
      } else if (!seen.equals(received.id()) && first == null) {
        first = seen;
      }
    }
    return first;
  }

  private Links campaign(final String consultation, final LinkKeys received) {
    final String id = received.id();
    if (signatures.get(id) != null) {
      return known(id); // seen before: a re-read
    }
    final long[] signature = received.signature();
    if (signature == null) {
      return null;
    }
    final List<String> bandKeys = detector.bandKeys(signature);
    signatures.put(id, CampaignDetector.encode(signature));
    // each bucket is read once: its members are the candidates, and this input joins it
    final Bucket[] met = new Bucket[bandKeys.size()];
    final int[] candidates = new int[met.length];
    for (int b = 0; b < met.length; b++) {
      final String key = consultation + "|" + bandKeys.get(b);
      final Bucket bucket = bucket(key, signature.length);
      if (bucket == null) {
        buckets.put(key, id);
        hold(key, new Bucket(id, signature));
        continue;
      }
      met[b] = bucket;
      candidates[b] = bucket.size;
      if (bucket.size <= MAX_BUCKET) {
        buckets.put(key, bucket.add(id, signature));
        if (bucket.held) {
          heldMembers++;
          shrink();
        }
      }
    }
    // in the order the buckets gave them, first bucket first; a member met again in a later
    // bucket was not similar the first time and is not now
    for (int b = 0; b < met.length; b++) {
      final Bucket bucket = met[b];
      for (int i = 0; i < candidates[b]; i++) {
        if (bucket.similar(i, signature, detector) && !bucket.ids[i].equals(id)) {
          return join(bucket.ids[i], id);
        }
      }
    }
    return null;
  }

  // the bucket held in memory, or read from the stores (null when there is none)
  private Bucket bucket(final String key, final int width) {
    final Bucket held = recentBuckets.get(key);
    if (held != null) {
      return held;
    }
    final String members = buckets.get(key);
    if (members == null) {
      return null;
    }
    final Bucket read = new Bucket(members, members.split(","), width);
    for (int i = 0; i < read.size; i++) {
      final byte[] stored = signatures.get(read.ids[i]);
      if (stored != null) {
        read.set(i, CampaignDetector.decode(stored));
      }
    }
    hold(key, read);
    return read;
  }

  private void hold(final String key, final Bucket bucket) {
    recentBuckets.put(key, bucket);
    bucket.held = true;
    heldMembers += bucket.size;
    shrink();
  }

  private void shrink() {
    final var eldest = recentBuckets.values().iterator();
    while (heldMembers > cachedMembers && eldest.hasNext()) {
      final Bucket dropped = eldest.next();
      dropped.held = false;
      heldMembers -= dropped.size;
      eldest.remove();
    }
  }

  /**
   * One LSH bucket: its value in the store (member ids joined by commas) and, row by row, each
   * member's id and signature; a member whose signature is not stored, or was made with another
   * number of hashes (the threshold changed), is never similar.
   */
  static final class Bucket {
    private String members;
    private String[] ids;
    private long[] rows;
    private boolean[] known;
    private final int width;
    private int size;
    // whether recentBuckets holds it, so that a member added counts towards what is held
    private boolean held;

    Bucket(final String id, final long[] signature) {
      this.members = id;
      this.width = signature.length;
      this.ids = new String[4];
      this.rows = new long[4 * width];
      this.known = new boolean[4];
      append(id, signature);
    }

    Bucket(final String members, final String[] ids, final int width) {
      this.members = members;
      this.width = width;
      this.ids = ids;
      this.size = ids.length;
      this.rows = new long[ids.length * width];
      this.known = new boolean[ids.length];
    }

    void set(final int i, final long[] signature) {
      if (signature.length == width) {
        System.arraycopy(signature, 0, rows, i * width, width);
        known[i] = true;
      }
    }

    /** Adds a member; what the store holds now. */
    String add(final String id, final long[] signature) {
      members = members + "," + id;
      append(id, signature);
      return members;
    }

    private void append(final String id, final long[] signature) {
      if (size == ids.length) {
        final int capacity = Math.min(Math.max(4, 2 * size), MAX_BUCKET + 1);
        ids = Arrays.copyOf(ids, Math.max(capacity, size + 1));
        known = Arrays.copyOf(known, ids.length);
        rows = Arrays.copyOf(rows, ids.length * width);
      }
      ids[size] = id;
      set(size, signature);
      size++;
    }

    /** Whether member i is similar to the signature, as the detector tells. */
    boolean similar(final int i, final long[] signature, final CampaignDetector detector) {
      return known[i]
          && signature.length == width
          && detector.similarAt(signature, rows, i * width);
    }
  }

  private Links join(final String member, final String id) {
    final String existing = campaigns.get(member);
    final String representative = existing == null ? member : existing;
    final String sizeKey = "size|" + representative;
    final String size = campaigns.get(sizeKey);
    final int newSize = size == null ? 2 : Integer.parseInt(size) + 1;
    campaigns.put(sizeKey, Integer.toString(newSize));
    campaigns.put(id, representative);
    final Links links = new Links(null, "campaign-" + representative, newSize, representative);
    if (existing == null) {
      campaigns.put(member, representative);
    }
    if (refreshRepresentative(newSize)) {
      pendingRepresentative = representative;
    }
    return links;
  }

  /**
   * Whether the representative is re-emitted with the campaign's new size: at each new member up to
   * 100, then at every hundredth. Each re-emit classifies the representative again, so a campaign
   * of 10,000 costs about 200 of them, not 10,000; members keep the size they joined at.
   */
  static boolean refreshRepresentative(final int size) {
    return size <= 100 || size % 100 == 0;
  }

  private String pendingRepresentative;

  private Links known(final String id) {
    final String representative = campaigns.get(id);
    if (representative == null) {
      return null;
    }
    final String size = campaigns.get("size|" + representative);
    return new Links(
        null,
        "campaign-" + representative,
        size == null ? 2 : Integer.parseInt(size),
        representative);
  }

  private void forward(final Record<String, LinkKeys> record, final String id, final Links links) {
    context.forward(record.withKey(id).withValue(links.encode()));
    if (pendingRepresentative != null) {
      // the first member learns it leads a campaign when the second one arrives, and its size as
      // the campaign grows
      final String representative = pendingRepresentative;
      pendingRepresentative = null;
      context.forward(record.withKey(representative).withValue(links.encode()));
    }
  }
}
