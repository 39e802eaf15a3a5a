package org.inputdesk.publisher.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.store.Keys.ChangeKey;
import org.inputdesk.publisher.store.Keys.ListKey;
import org.inputdesk.publisher.store.Values.ConsultationState;
import org.inputdesk.publisher.store.Values.Listed;

/**
 * The lists of the {@link Catalogue}: a page of a consultation's posted inputs with its counts, the
 * walk through a whole list, the inputs per paragraph. Reads the list, since-index and facet-count
 * stores; writes nothing.
 */
final class Lists {

  private static final List<String> FACETS =
      List.of("theme", "sender-type", "language", "late", "campaign");

  private final StoreAccess stores;
  private final Catalogue catalogue;

  Lists(final StoreAccess stores, final Catalogue catalogue) {
    this.stores = stores;
    this.catalogue = catalogue;
  }

  /** A page of nothing: what an id that cannot be stored lists. */
  static Catalogue.Page empty() {
    return new Catalogue.Page(List.of(), 0, 1, 1, new FacetCounter().result(), Map.of(), Map.of());
  }

  private List<ReadOnlyKeyValueStore<ListKey, Listed>> listPartitions() {
    return stores.partitions(PublisherTopology.NEWEST_FIRST);
  }

  Catalogue.Page page(
      final String cid, final Catalogue.Query query, final ConsultationState state) {
    final int size = Math.max(1, query.pageSize());
    if (query.unfiltered()) {
      final int total = (int) state.posted();
      final int pageCount = Math.max(1, (total + size - 1) / size);
      final int page = Math.min(Math.max(1, query.page()), pageCount);
      final List<PublicEntry> slice = new ArrayList<>();
      try (NewestFirst list = NewestFirst.of(listPartitions(), cid, null)) {
        list.skip((long) (page - 1) * size);
        while (slice.size() < size && list.hasNext()) {
          slice.add(catalogue.entry(list.next().key.id()));
        }
      }
      final Map<String, Map<String, Integer>> facets = new LinkedHashMap<>();
      final Map<String, String> labels = new HashMap<>();
      final ReadOnlyKeyValueStore<Keys.FacetKey, Values.Count> counts =
          stores.all(PublisherTopology.FACET_COUNTS);
      for (final String facet : FACETS) {
        final Map<String, Integer> byValue = new HashMap<>();
        try (KeyValueIterator<Keys.FacetKey, Values.Count> it =
            counts.prefixScan(List.of(cid, facet), Keys.PREFIX)) {
          it.forEachRemaining(
              kv -> {
                byValue.merge(kv.key.value(), (int) kv.value.count(), Integer::sum);
                if (facet.equals("theme") && kv.value.label() != null) {
                  labels.put(kv.key.value(), kv.value.label());
                }
              });
        }
        facets.put(facet, mostFrequentFirst(byValue));
      }
      return new Catalogue.Page(
          List.copyOf(slice),
          total,
          page,
          pageCount,
          facets,
          labels,
          catalogue.campaigns(cid, slice, facets));
    }
    // Filtered: the matching list keys, newest first, from the list or the since-index.
    final FacetCounter counter = new FacetCounter();
    final List<ListKey> matching = new ArrayList<>();
    if (query.since() != null) {
      final ReadOnlyKeyValueStore<ListKey, Listed> listed =
          stores.all(PublisherTopology.NEWEST_FIRST);
      try (KeyValueIterator<ChangeKey, ListKey> it =
          stores
              .<ChangeKey, ListKey>all(PublisherTopology.CHANGED_SINCE)
              .range(
                  new ChangeKey(cid, query.since(), ""), new ChangeKey(cid, Instant.MAX, null))) {
        while (it.hasNext()) {
          final ListKey key = it.next().value;
          final Listed f = listed.get(key);
          if (f != null && query.test(f)) {
            matching.add(key);
            counter.add(f);
          }
        }
      }
      matching.sort(Keys::compare);
    } else {
      try (NewestFirst list = NewestFirst.of(listPartitions(), cid, null)) {
        while (list.hasNext()) {
          final KeyValue<ListKey, Listed> kv = list.next();
          if (query.test(kv.value)) {
            matching.add(kv.key);
            counter.add(kv.value);
          }
        }
      }
    }
    final int pageCount = Math.max(1, (matching.size() + size - 1) / size);
    final int page = Math.min(Math.max(1, query.page()), pageCount);
    final int from = (page - 1) * size;
    final List<PublicEntry> slice = new ArrayList<>();
    for (final ListKey k : matching.subList(from, Math.min(matching.size(), from + size))) {
      slice.add(catalogue.entry(k.id()));
    }
    final Map<String, Map<String, Integer>> facets = counter.result();
    return new Catalogue.Page(
        List.copyOf(slice),
        matching.size(),
        page,
        pageCount,
        facets,
        counter.labels,
        catalogue.campaigns(cid, slice, facets));
  }

  /**
   * The posted inputs of a consultation after {@code after} (null: from the newest), newest first,
   * at most {@code limit}: a walk through the whole list a slice at a time, for exports.
   */
  List<PublicEntry> posted(final String consultationId, final PublicEntry after, final int limit) {
    final List<PublicEntry> out = new ArrayList<>();
    final ListKey from = after == null ? null : ClassifiedProcessor.listKey(after);
    try (NewestFirst list = NewestFirst.of(listPartitions(), consultationId, from)) {
      while (out.size() < limit && list.hasNext()) {
        final ListKey k = list.next().key;
        if (!k.equals(from)) {
          out.add(catalogue.entry(k.id()));
        }
      }
    }
    return out;
  }

  /** Posted inputs of a consultation per paragraph reference, paragraphs in natural order. */
  Map<String, List<PublicEntry>> byParagraph(final String consultationId) {
    final Map<String, List<PublicEntry>> out = new TreeMap<>(Lists::naturalOrder);
    final Map<String, PublicEntry> loaded = new HashMap<>();
    try (NewestFirst list = NewestFirst.of(listPartitions(), consultationId, null)) {
      while (list.hasNext()) {
        final KeyValue<ListKey, Listed> kv = list.next();
        final List<String> refs = kv.value.paragraphRefs();
        if (!refs.isEmpty()) {
          final PublicEntry e = loaded.computeIfAbsent(kv.key.id(), catalogue::entry);
          for (final String ref : new LinkedHashSet<>(refs)) {
            out.computeIfAbsent(ref, x -> new ArrayList<>()).add(e);
          }
        }
      }
    }
    return out;
  }

  /** Counts every facet of the matching inputs in one pass. */
  private static final class FacetCounter {
    private final Map<String, Integer> themes = new HashMap<>();
    private final Map<String, Integer> senders = new HashMap<>();
    private final Map<String, Integer> languages = new HashMap<>();
    private final Map<String, Integer> late = new HashMap<>();
    private final Map<String, Integer> campaigns = new HashMap<>();
    private final Map<String, String> labels = new HashMap<>();

    void add(final Listed e) {
      for (final String theme : ClassifiedProcessor.themeIds(e.themes())) {
        themes.merge(theme, 1, Integer::sum);
      }
      e.themes().forEach(t -> labels.putIfAbsent(t.id(), t.label()));
      senders.merge(e.senderType(), 1, Integer::sum);
      if (e.language() != null) {
        languages.merge(e.language(), 1, Integer::sum);
      }
      late.merge(e.late() ? "true" : "false", 1, Integer::sum);
      if (e.campaignId() != null) {
        campaigns.merge(e.campaignId(), 1, Integer::sum);
      }
    }

    Map<String, Map<String, Integer>> result() {
      final Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
      out.put("theme", mostFrequentFirst(themes));
      out.put("sender-type", mostFrequentFirst(senders));
      out.put("language", mostFrequentFirst(languages));
      out.put("late", mostFrequentFirst(late));
      out.put("campaign", mostFrequentFirst(campaigns));
      return out;
    }
  }

  private static Map<String, Integer> mostFrequentFirst(final Map<String, Integer> counts) {
    final Map<String, Integer> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(en -> sorted.put(en.getKey(), en.getValue()));
    return sorted;
  }

  /** Compares "10" after "9" and "2.a" after "2". */
  static int naturalOrder(final String a, final String b) {
    final String[] pa = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
    final String[] pb = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      final boolean na = pa[i].matches("\\d+");
      final boolean nb = pb[i].matches("\\d+");
      final int c =
          na && nb
              ? new java.math.BigInteger(pa[i]).compareTo(new java.math.BigInteger(pb[i]))
              : pa[i].compareTo(pb[i]);
      if (c != 0) {
        return c;
      }
    }
    final int byLength = Integer.compare(pa.length, pb.length);
    return byLength != 0 ? byLength : a.compareTo(b);
  }
}
