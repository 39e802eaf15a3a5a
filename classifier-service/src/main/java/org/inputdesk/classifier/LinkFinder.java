package org.inputdesk.classifier;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
final class LinkFinder implements Processor<String, LinkKeys, String, String> {

  static final String DUPLICATES_STORE = "duplicate-keys-store";
  static final String SIGNATURES_STORE = "minhash-signatures-store";
  static final String BUCKETS_STORE = "lsh-buckets-store";
  static final String CAMPAIGNS_STORE = "campaigns-store";

  // a bucket of a form letter can grow large; comparing against its first members is enough
  private static final int MAX_BUCKET = 200;

  private final CampaignDetector detector;
  private ProcessorContext<String, String> context;
  private KeyValueStore<String, String> duplicates;
  private KeyValueStore<String, byte[]> signatures;
  private KeyValueStore<String, String> buckets;
  private KeyValueStore<String, String> campaigns;

  // A stored signature never changes, and the candidates of a consultation are mostly the same
  // early members of its buckets, asked for by input after input: the latest ones read or written
  // are kept decoded here, so most comparisons need no store read. Bounded, so the heap stays flat
  // (about 20,000 x 0.4 KB per task). In order of insertion, not of access: a look-up then only
  // reads the map (an early member falls out after 20,000 newer ones and is read back once).
  static final int CACHED_SIGNATURES = 20_000;
  private final Map<String, long[]> recentSignatures;

  LinkFinder(final CampaignDetector detector) {
    this(detector, CACHED_SIGNATURES);
  }

  /** With at most {@code cachedSignatures} decoded signatures kept in memory. */
  LinkFinder(final CampaignDetector detector, final int cachedSignatures) {
    this.detector = detector;
    this.recentSignatures =
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(final Map.Entry<String, long[]> eldest) {
            return size() > cachedSignatures;
          }
        };
  }

  @Override
  public void init(final ProcessorContext<String, String> context) {
    this.context = context;
    this.duplicates = context.getStateStore(DUPLICATES_STORE);
    this.signatures = context.getStateStore(SIGNATURES_STORE);
    this.buckets = context.getStateStore(BUCKETS_STORE);
    this.campaigns = context.getStateStore(CAMPAIGNS_STORE);
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
    final Set<String> candidates = new LinkedHashSet<>();
    signatures.put(id, CampaignDetector.encode(signature));
    recentSignatures.put(id, signature);
    // each bucket is read once: its members are the candidates, and this input joins it
    for (final String band : bandKeys) {
      final String key = consultation + "|" + band;
      final String members = buckets.get(key);
      if (members == null) {
        buckets.put(key, id);
        continue;
      }
      final String[] ids = members.split(",");
      candidates.addAll(Arrays.asList(ids));
      if (ids.length <= MAX_BUCKET) {
        buckets.put(key, members + "," + id);
      }
    }
    for (final String candidate : candidates) {
      if (!candidate.equals(id) && detector.similar(signature, signatureOf(candidate))) {
        return join(candidate, id);
      }
    }
    return null;
  }

  private long[] signatureOf(final String id) {
    final long[] cached = recentSignatures.get(id);
    if (cached != null) {
      return cached;
    }
    final byte[] stored = signatures.get(id);
    if (stored == null) {
      return null;
    }
    final long[] decoded = CampaignDetector.decode(stored);
    recentSignatures.put(id, decoded);
    return decoded;
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
