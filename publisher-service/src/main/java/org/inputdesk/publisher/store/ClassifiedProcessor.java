package org.inputdesk.publisher.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.store.Keys.ChangeKey;
import org.inputdesk.publisher.store.Keys.FacetKey;
import org.inputdesk.publisher.store.Keys.ListKey;
import org.inputdesk.publisher.store.Keys.ScopedKey;
import org.inputdesk.publisher.store.Values.CampaignIndex;
import org.inputdesk.publisher.store.Values.ConsultationState;
import org.inputdesk.publisher.store.Values.Count;
import org.inputdesk.publisher.store.Values.Listed;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SubmissionClassified;

/**
 * Applies the latest state of each submission (submissions-classified) to the publisher's stores of
 * its partition: a posted input is listed (replacing any earlier state of the same id), others are
 * not; a tombstone removes it; one taken down after it was posted is remembered as removed so that
 * feeds can say so. Keeps each consultation's counts, content digest and last change. Writes only
 * its stores.
 */
final class ClassifiedProcessor implements Processor<String, SubmissionClassified, Void, Void> {

  private final Runnable onChange;
  private KeyValueStore<String, PublicEntry> entries;
  private KeyValueStore<String, Values.Body> bodies;
  private KeyValueStore<ListKey, Listed> listed;
  private KeyValueStore<ChangeKey, ListKey> changes;
  private KeyValueStore<ScopedKey, String> slugs;
  private KeyValueStore<FacetKey, Count> facets;
  private KeyValueStore<String, ConsultationState> states;
  private KeyValueStore<ScopedKey, CampaignIndex> campaigns;
  private KeyValueStore<ScopedKey, Catalogue.Removed> removed;
  private KeyValueStore<String, String> removedIn;
  private KeyValueStore<String, Long> links;

  /** Per consultation touched by the record at hand: the change of its posted count and digest. */
  private final Map<String, long[]> delta = new LinkedHashMap<>();

  ClassifiedProcessor(final Runnable onChange) {
    this.onChange = onChange;
  }

  @Override
  public void init(final ProcessorContext<Void, Void> context) {
    entries = context.getStateStore(PublisherTopology.ENTRIES);
    bodies = context.getStateStore(PublisherTopology.BODIES);
    listed = context.getStateStore(PublisherTopology.NEWEST_FIRST);
    changes = context.getStateStore(PublisherTopology.CHANGED_SINCE);
    slugs = context.getStateStore(PublisherTopology.SLUGS);
    facets = context.getStateStore(PublisherTopology.FACET_COUNTS);
    states = context.getStateStore(PublisherTopology.CONSULTATION_STATE);
    campaigns = context.getStateStore(PublisherTopology.CAMPAIGNS);
    removed = context.getStateStore(PublisherTopology.REMOVED);
    removedIn = context.getStateStore(PublisherTopology.REMOVED_IN);
    links = context.getStateStore(PublisherTopology.ATTACHMENT_LINKS);
  }

  @Override
  public void process(final Record<String, SubmissionClassified> record) {
    final String id = record.key();
    if (id == null) {
      throw new IllegalArgumentException("record has no key");
    }
    final SubmissionClassified classified = record.value();
    final PublicEntry full = classified == null ? null : PublicEntry.from(classified);
    // Keys are checked before anything is written: a record that cannot be stored changes nothing.
    Keys.parts(id);
    if (full != null && full.consultationId() != null) {
      Keys.parts(full.consultationId(), full.slug());
    }
    delta.clear();
    apply(id, classified, full);
    commitStates();
    onChange.run();
  }

  private void apply(
      final String id, final SubmissionClassified classified, final PublicEntry full) {
    final PublicEntry before = unlist(id);
    if (classified == null) {
      if (before != null) {
        markRemoved(id, before.consultationId(), before.trackingNumber(), null, false);
      }
      return;
    }
    final PublicationStatus status = classified.getPublication().getStatus();
    if (status == PublicationStatus.POSTED && full.consultationId() != null) {
      unmarkRemoved(id);
      list(full);
    } else if (before != null || status == PublicationStatus.WITHDRAWN) {
      // Feed readers that saw it posted must learn it is gone.
      final String consultation =
          full.consultationId() != null
              ? full.consultationId()
              : before == null ? null : before.consultationId();
      if (consultation != null) {
        markRemoved(
            id,
            consultation,
            full.trackingNumber(),
            full.modifiedAt(),
            status == PublicationStatus.WITHDRAWN);
      }
    }
  }

  /** Adds a posted entry to the lists, counts and indexes of its consultation. */
  private void list(final PublicEntry full) {
    final PublicEntry entry = full.withoutBody();
    final String cid = entry.consultationId();
    final Values.Body body = Values.Body.of(full);
    final byte[] entryBytes = Values.ENTRY.serializer().serialize("", entry);
    final byte[] bodyBytes = Values.BODY.serializer().serialize("", body);
    final byte[] both = new byte[entryBytes.length + bodyBytes.length];
    System.arraycopy(entryBytes, 0, both, 0, entryBytes.length);
    System.arraycopy(bodyBytes, 0, both, entryBytes.length, bodyBytes.length);
    final long hash = Values.hash(both);
    final ListKey listKey = listKey(entry);
    entries.put(entry.id(), entry);
    bodies.put(entry.id(), body);
    listed.put(listKey, Listed.of(entry, hash));
    changes.put(new ChangeKey(cid, entry.modifiedAt(), entry.id()), listKey);
    slugs.put(new ScopedKey(cid, entry.slug()), entry.id());
    change(cid, 1, hash);
    facetKeys(entry).forEach((k, label) -> count(new FacetKey(cid, k.get(0), k.get(1)), 1, label));
    for (final PublicEntry.FileRef f : entry.attachments()) {
      link(f.sha256(), 1);
    }
    if (entry.campaignId() != null) {
      indexCampaign(entry);
    }
  }

  /** Takes a submission off every list; returns what was listed, or null. */
  private PublicEntry unlist(final String id) {
    final PublicEntry before = entries.get(id);
    if (before == null) {
      // A body is written only with its entry, in the same transaction: none to delete. Deleting
      // an absent key would still send a tombstone to the changelog for every new input.
      return null;
    }
    bodies.delete(id);
    final String cid = before.consultationId();
    entries.delete(id);
    final Listed was = listed.delete(listKey(before));
    changes.delete(new ChangeKey(cid, before.modifiedAt(), id));
    final ScopedKey slug = new ScopedKey(cid, before.slug());
    if (id.equals(slugs.get(slug))) {
      slugs.delete(slug);
    }
    change(cid, -1, was == null ? 0 : -was.contentHash());
    facetKeys(before)
        .forEach((k, label) -> count(new FacetKey(cid, k.get(0), k.get(1)), -1, label));
    for (final PublicEntry.FileRef f : before.attachments()) {
      link(f.sha256(), -1);
    }
    return before;
  }

  /**
   * Keeps a campaign's representative, size and naming member. The representative's record carries
   * the current size; a member's carries the size when it joined, which can be newer than the
   * representative's last re-emission (every hundredth member past 100), so the largest is kept.
   * The naming member changes only when the one named before is no longer posted.
   */
  private void indexCampaign(final PublicEntry entry) {
    final ScopedKey key = new ScopedKey(entry.consultationId(), entry.campaignId());
    final CampaignIndex before = campaigns.get(key);
    final boolean representative = entry.id().equals(entry.campaignRepresentativeId());
    final String rep =
        entry.campaignRepresentativeId() != null
            ? entry.campaignRepresentativeId()
            : before == null ? entry.id() : before.representativeId();
    final int size =
        representative || before == null
            ? entry.campaignSize()
            : Math.max(before.size(), entry.campaignSize());
    final String namedBy =
        before != null && before.namedBy() != null && entries.get(before.namedBy()) != null
            ? before.namedBy()
            : entry.id();
    final CampaignIndex now = new CampaignIndex(rep, size, namedBy);
    campaigns.put(key, now);
    change(
        entry.consultationId(),
        0,
        hashOf(key, now, Keys.SCOPED, Values.CAMPAIGN)
            - (before == null ? 0 : hashOf(key, before, Keys.SCOPED, Values.CAMPAIGN)));
  }

  private void markRemoved(
      final String id,
      final String consultationId,
      final String tracking,
      final Instant at,
      final boolean withdrawn) {
    unmarkRemoved(id);
    final ScopedKey key = new ScopedKey(consultationId, id);
    final Catalogue.Removed gone =
        new Catalogue.Removed(
            id, consultationId, tracking, at == null ? Instant.now() : at, withdrawn);
    removed.put(key, gone);
    removedIn.put(id, consultationId);
    change(consultationId, 0, hashOf(key, gone, Keys.SCOPED, Values.REMOVED));
  }

  private void unmarkRemoved(final String id) {
    final String where = removedIn.get(id);
    if (where != null) {
      final ScopedKey key = new ScopedKey(where, id);
      final Catalogue.Removed was = removed.delete(key);
      removedIn.delete(id);
      if (was != null) {
        change(where, 0, -hashOf(key, was, Keys.SCOPED, Values.REMOVED));
      }
    }
  }

  private void count(final FacetKey key, final long by, final String label) {
    final Count current = facets.get(key);
    final long now = (current == null ? 0 : current.count()) + by;
    if (now <= 0) {
      facets.delete(key);
    } else {
      // Themes keep the latest label given.
      facets.put(key, new Count(now, label != null || current == null ? label : current.label()));
    }
  }

  private void link(final String sha256, final long by) {
    final Long current = links.get(sha256);
    final long now = (current == null ? 0 : current) + by;
    if (now <= 0) {
      links.delete(sha256);
    } else {
      links.put(sha256, now);
    }
  }

  private void change(final String consultationId, final long posted, final long digest) {
    final long[] d = delta.computeIfAbsent(consultationId, k -> new long[2]);
    d[0] += posted;
    d[1] += digest;
  }

  /**
   * Records what the record changed per consultation. Last-Modified moves only when the content did
   * (a replayed record changes nothing), and by the clock, not the record's time: record times are
   * not monotonic across partitions and could hide a change that arrived later.
   */
  private void commitStates() {
    for (final Map.Entry<String, long[]> e : delta.entrySet()) {
      final long[] d = e.getValue();
      if (d[0] == 0 && d[1] == 0) {
        continue;
      }
      final ConsultationState before = states.get(e.getKey());
      final ConsultationState was = before == null ? ConsultationState.EMPTY : before;
      final Instant clock = Instant.now();
      // Nanoseconds since the epoch: a long holds them until 2262.
      final long now = clock.getEpochSecond() * 1_000_000_000L + clock.getNano();
      states.put(
          e.getKey(),
          new ConsultationState(
              was.posted() + d[0], was.digest() + d[1], Math.max(now, was.lastModifiedNanos())));
    }
  }

  static ListKey listKey(final PublicEntry e) {
    return new ListKey(e.consultationId(), e.receivedAt(), e.trackingNumber(), e.id());
  }

  private static <K, V> long hashOf(
      final K key,
      final V value,
      final org.apache.kafka.common.serialization.Serde<K> keys,
      final org.apache.kafka.common.serialization.Serde<V> values) {
    final byte[] k = keys.serializer().serialize("", key);
    final byte[] v = values.serializer().serialize("", value);
    final byte[] both = new byte[k.length + v.length];
    System.arraycopy(k, 0, both, 0, k.length);
    System.arraycopy(v, 0, both, k.length, v.length);
    return Values.hash(both);
  }

  /** Each theme once, in the order given. */
  static Set<String> themeIds(final List<PublicEntry.Tag> tags) {
    final Set<String> ids = new LinkedHashSet<>();
    tags.forEach(t -> ids.add(t.id()));
    return ids;
  }

  /** The values an input counts under in each facet, with a label for themes. */
  private static Map<List<String>, String> facetKeys(final PublicEntry e) {
    final Map<List<String>, String> out = new LinkedHashMap<>();
    final Map<String, String> labels = new HashMap<>();
    e.themes().forEach(t -> labels.putIfAbsent(t.id(), t.label()));
    for (final String theme : themeIds(e.themes())) {
      out.put(List.of("theme", theme), labels.get(theme));
    }
    out.put(List.of("sender-type", e.senderType()), null);
    if (e.language() != null) {
      out.put(List.of("language", e.language()), null);
    }
    out.put(List.of("late", e.late() ? "true" : "false"), null);
    if (e.campaignId() != null) {
      out.put(List.of("campaign", e.campaignId()), null);
    }
    return out;
  }
}
