package org.inputdesk.publisher.store;

import org.inputdesk.publisher.render.Pages;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.attachments.AttachmentStore;
import org.inputdesk.publisher.privacy.PersonalData;
import org.inputdesk.publisher.store.Keys.ChangeKey;
import org.inputdesk.publisher.store.Keys.ListKey;
import org.inputdesk.publisher.store.Keys.ScopedKey;
import org.inputdesk.publisher.store.Values.CampaignIndex;
import org.inputdesk.publisher.store.Values.ConsultationState;
import org.inputdesk.publisher.store.Values.Listed;
import org.inputdesk.schemas.Consultation;

/**
 * The public state as the pages and feeds read it: consultations, the posted inputs of each, newest
 * first, with counts per filter value, inputs taken down since they were posted, and attachment
 * bytes. Reads the {@link PublisherTopology} stores through {@link StoreAccess} (Interactive
 * Queries) and the {@link AttachmentStore}; writes nothing. Lists keep the store's key order across
 * partitions by merging the partitions' scans ({@link NewestFirst}). Not final only so that tests
 * can feed it through a test driver.
 */
public class Catalogue {

  /**
   * An input no longer public: withdrawn (by an operator: gone for good, its page answers 410), or
   * held, withheld or deleted after it was posted.
   */
  public record Removed(
      String id, String consultationId, String trackingNumber, Instant at, boolean withdrawn) {

    /** The path segment its page had: the tracking number, or the id when it has none. */
    public String slug() {
      return PublicEntry.slug(trackingNumber, id);
    }
  }

  /**
   * A campaign of form letters as the public sees it: its id, its size (all members, posted or not)
   * and the posted input that names it: its representative (first input) when that is posted, else
   * another posted member; null when none is.
   */
  public record Campaign(String id, int size, PublicEntry namedBy) {

    /** The title of the input that names it, as its consultation shows it; null when none. */
    public String title(final Consultation c) {
      return namedBy == null ? null : PersonalData.shown(c, namedBy).title();
    }
  }

  /** A consultation with the number of its posted inputs. */
  public record Summary(Consultation consultation, int posted) {
    public String id() {
      return consultation.getId();
    }

    public String title() {
      return consultation.getTitle();
    }
  }

  /**
   * What to list. Null filters match everything; {@code since} keeps entries modified after it.
   * Pages count from 1.
   */
  public record Query(
      String theme,
      String senderType,
      String language,
      Boolean late,
      String campaign,
      Instant since,
      int page,
      int pageSize) {

    public static Query all(final int pageSize) {
      return new Query(null, null, null, null, null, null, 1, pageSize);
    }

    public Query withPage(final int newPage) {
      return new Query(theme, senderType, language, late, campaign, since, newPage, pageSize);
    }

    boolean unfiltered() {
      return theme == null
          && senderType == null
          && language == null
          && late == null
          && campaign == null
          && since == null;
    }

    boolean test(final Listed e) {
      return (theme == null || e.themes().stream().anyMatch(t -> t.id().equals(theme)))
          && (senderType == null || senderType.equals(e.senderType()))
          && (language == null || language.equals(e.language()))
          && (late == null || late == e.late())
          && (campaign == null || campaign.equals(e.campaignId()))
          && (since == null || e.modifiedAt().isAfter(since));
    }
  }

  /**
   * One page of results, with counts per filter value over all results (not only this page).
   *
   * @param facets facet name (theme, sender-type, language, late, campaign) to value to count, most
   *     frequent first
   * @param themeLabels theme id to the label the classifier gave it, for the matching inputs
   * @param campaigns the campaigns counted in the facets or shown on the page, by id
   */
  public record Page(
      List<PublicEntry> entries,
      int total,
      int page,
      int pageCount,
      Map<String, Map<String, Integer>> facets,
      Map<String, String> themeLabels,
      Map<String, Campaign> campaigns) {

    public boolean hasNext() {
      return page < pageCount;
    }

    public boolean hasPrevious() {
      return page > 1;
    }

    /** The campaign of an entry of this page; null when it belongs to none. */
    public Campaign campaignOf(final PublicEntry entry) {
      return entry.campaignId() == null ? null : campaigns.get(entry.campaignId());
    }
  }

  /**
   * What a consultation's pages are made of, named for ETags and Last-Modified: its content digest
   * over all partitions and its own version (updatedAt), both derived from what is stored, so they
   * are the same after a restart and for the same content after a rebuild.
   *
   * @param lastModified when its content or the consultation last changed; null when never
   */
  public record Stamp(String etag, Instant lastModified) {}

  private static final List<String> FACETS =
      List.of("theme", "sender-type", "language", "late", "campaign");

  private final StoreAccess stores;
  private final AttachmentStore attachments;
  private final LongSupplier version;
  private final PageCache pages = new PageCache(256);

  /** A consultation and its stamp as of a version: what a 304 needs, read once per change. */
  private record Known(long version, Consultation consultation, Stamp stamp) {}

  private final Map<String, Known> known = new ConcurrentHashMap<>();

  /**
   * A catalogue over these stores; {@code version} moves with every record applied and every
   * restore (the export loop re-exports when it moved; the consultations and their stamps are kept
   * until it moves).
   */
  public Catalogue(
      final StoreAccess stores, final AttachmentStore attachments, final LongSupplier version) {
    this.stores = stores;
    this.attachments = attachments;
    this.version = version;
  }

  /** Records applied since this process started; moves with every change. Not for ETags. */
  public long version() {
    return version.getAsLong();
  }

  /** Where attachment bytes are read from. */
  public AttachmentStore attachments() {
    return attachments;
  }

  // ---- consultations

  private ReadOnlyKeyValueStore<String, Consultation> consultationStore() {
    return stores.all(PublisherTopology.CONSULTATIONS);
  }

  public Optional<Consultation> consultation(final String id) {
    final Known k = known(id);
    return Optional.ofNullable(k == null ? null : k.consultation());
  }

  /**
   * The consultation and its stamp, read from the stores once per version: a 304 then costs no
   * store read (they cost about 13 us a request, half the 304 throughput). The version is read
   * before the stores, so what is kept is never older than the version it is kept under.
   */
  private Known known(final String id) {
    final long now = version.getAsLong();
    final Known k = known.get(id);
    if (k != null && k.version() == now) {
      return k;
    }
    final Consultation c = consultationStore().get(id);
    if (c == null) {
      // Unknown ids are not kept: any URL names one.
      known.remove(id);
      return null;
    }
    final Known fresh = new Known(now, c, stamp(c, state(id)));
    known.put(id, fresh);
    return fresh;
  }

  /** The consultations, by title, with their posted counts. */
  public List<Summary> consultations() {
    final Map<String, Long> posted = new HashMap<>();
    try (KeyValueIterator<String, ConsultationState> it =
        stores.<String, ConsultationState>all(PublisherTopology.CONSULTATION_STATE).all()) {
      it.forEachRemaining(kv -> posted.merge(kv.key, kv.value.posted(), Long::sum));
    }
    final List<Summary> out = new ArrayList<>();
    try (KeyValueIterator<String, Consultation> it = consultationStore().all()) {
      it.forEachRemaining(
          kv -> out.add(new Summary(kv.value, posted.getOrDefault(kv.key, 0L).intValue())));
    }
    out.sort(Comparator.comparing(Summary::title).thenComparing(Summary::id));
    return List.copyOf(out);
  }

  /** Number of posted inputs over all consultations. */
  public int size() {
    long sum = 0;
    try (KeyValueIterator<String, ConsultationState> it =
        stores.<String, ConsultationState>all(PublisherTopology.CONSULTATION_STATE).all()) {
      while (it.hasNext()) {
        sum += it.next().value.posted();
      }
    }
    return (int) sum;
  }

  /** The consultation's state summed over the partitions. */
  private ConsultationState state(final String consultationId) {
    long posted = 0;
    long digest = 0;
    long modified = 0;
    for (final ReadOnlyKeyValueStore<String, ConsultationState> p :
        stores.<String, ConsultationState>partitions(PublisherTopology.CONSULTATION_STATE)) {
      final ConsultationState s = p.get(consultationId);
      if (s != null) {
        posted += s.posted();
        digest += s.digest();
        modified = Math.max(modified, s.lastModifiedNanos());
      }
    }
    return new ConsultationState(posted, digest, modified);
  }

  /** The ETag base and Last-Modified of a consultation's pages. */
  public Stamp stamp(final Consultation c) {
    final Known k = known(c.getId());
    return k != null && k.consultation() == c ? k.stamp() : stamp(c, state(c.getId()));
  }

  private static Stamp stamp(final Consultation c, final ConsultationState s) {
    final Instant updated = c.getUpdatedAt();
    Instant modified = s.lastModifiedNanos() == 0 ? null : Instant.EPOCH.plusNanos(s.lastModifiedNanos());
    if (updated != null && (modified == null || updated.isAfter(modified))) {
      modified = updated;
    }
    return new Stamp(
        Long.toHexString(s.digest())
            + "-"
            + Long.toHexString(updated == null ? 0 : updated.toEpochMilli()),
        modified);
  }

  /** The ETag base of the home page: every consultation's stamp. */
  public String homeStamp() {
    long folded = 17;
    for (final Summary s : consultations()) {
      folded = folded * 31 + s.id().hashCode();
      folded = folded * 31 + stamp(s.consultation()).etag().hashCode();
    }
    return "h" + Long.toHexString(folded);
  }

  /** When a consultation's content last changed: its inputs, or the consultation itself. */
  public Optional<Instant> lastModified(final String consultationId) {
    return consultation(consultationId).map(c -> stamp(c).lastModified());
  }

  // ---- entries

  /** A posted input of a consultation by tracking number (or id), with its text and HTML. */
  public Optional<PublicEntry> entry(final String consultationId, final String slug) {
    if (!Keys.storable(consultationId) || !Keys.storable(slug)) {
      return Optional.empty();
    }
    PublicEntry found = entry(slug);
    if (found == null || !found.consultationId().equals(consultationId)) {
      final String id =
          stores
              .<ScopedKey, String>all(PublisherTopology.SLUGS)
              .get(new ScopedKey(consultationId, slug));
      found = id == null ? null : entry(id);
    }
    return Optional.ofNullable(found).map(this::withBody);
  }

  private PublicEntry entry(final String id) {
    return Keys.storable(id)
        ? stores.<String, PublicEntry>all(PublisherTopology.ENTRIES).get(id)
        : null;
  }

  /** The entry with its text and HTML (empty text when gone since). */
  public PublicEntry withBody(final PublicEntry entry) {
    if (entry.text() != null) {
      return entry;
    }
    final Values.Body body =
        stores.<String, Values.Body>all(PublisherTopology.BODIES).get(entry.id());
    return body == null ? entry.withBody("", null, "", null) : body.fill(entry);
  }

  /** The page with every entry's text and HTML, for feeds that carry the content. */
  public Page withBodies(final Page page) {
    final List<PublicEntry> full = new ArrayList<>(page.entries().size());
    for (final PublicEntry e : page.entries()) {
      full.add(withBody(e));
    }
    return new Page(
        List.copyOf(full),
        page.total(),
        page.page(),
        page.pageCount(),
        page.facets(),
        page.themeLabels(),
        page.campaigns());
  }

  // ---- lists

  /**
   * The posted inputs of a consultation that match, newest first, one page of them. Pages are
   * cached while the consultation's content digest stays the same. Counts of the whole list are
   * kept in the stores, so the first pages cost a few reads; a filter reads the list's compact
   * index, never whole entries beyond the page shown.
   */
  public Page query(final String consultationId, final Query query) {
    if (!Keys.storable(consultationId)) {
      return new Page(List.of(), 0, 1, 1, new FacetCounter().result(), Map.of(), Map.of());
    }
    final ConsultationState state = state(consultationId);
    return pages.get(consultationId, query, state.digest(), () -> compute(consultationId, query, state));
  }

  private Page compute(final String cid, final Query query, final ConsultationState state) {
    final int size = Math.max(1, query.pageSize());
    if (query.unfiltered()) {
      final int total = (int) state.posted();
      final int pageCount = Math.max(1, (total + size - 1) / size);
      final int page = Math.min(Math.max(1, query.page()), pageCount);
      final List<PublicEntry> slice = new ArrayList<>();
      try (NewestFirst list = NewestFirst.of(listPartitions(), cid, null)) {
        list.skip((long) (page - 1) * size);
        while (slice.size() < size && list.hasNext()) {
          slice.add(entry(list.next().key.id()));
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
      return new Page(
          List.copyOf(slice), total, page, pageCount, facets, labels, campaigns(cid, slice, facets));
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
                  new ChangeKey(cid, query.since(), ""),
                  new ChangeKey(cid, Instant.MAX, null))) {
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
      slice.add(entry(k.id()));
    }
    final Map<String, Map<String, Integer>> facets = counter.result();
    return new Page(
        List.copyOf(slice),
        matching.size(),
        page,
        pageCount,
        facets,
        counter.labels,
        campaigns(cid, slice, facets));
  }

  private List<ReadOnlyKeyValueStore<ListKey, Listed>> listPartitions() {
    return stores.partitions(PublisherTopology.NEWEST_FIRST);
  }

  /**
   * The posted inputs of a consultation after {@code after} (null: from the newest), newest first,
   * at most {@code limit}: a walk through the whole list a slice at a time, for exports.
   */
  public List<PublicEntry> posted(
      final String consultationId, final PublicEntry after, final int limit) {
    final List<PublicEntry> out = new ArrayList<>();
    if (!Keys.storable(consultationId)) {
      return out;
    }
    final ListKey from = after == null ? null : ClassifiedProcessor.listKey(after);
    try (NewestFirst list = NewestFirst.of(listPartitions(), consultationId, from)) {
      while (out.size() < limit && list.hasNext()) {
        final ListKey k = list.next().key;
        if (!k.equals(from)) {
          out.add(entry(k.id()));
        }
      }
    }
    return out;
  }

  /** Posted inputs of a consultation per paragraph reference, paragraphs in natural order. */
  public Map<String, List<PublicEntry>> byParagraph(final String consultationId) {
    final Map<String, List<PublicEntry>> out = new TreeMap<>(Catalogue::naturalOrder);
    if (!Keys.storable(consultationId)) {
      return out;
    }
    final Map<String, PublicEntry> loaded = new HashMap<>();
    try (NewestFirst list = NewestFirst.of(listPartitions(), consultationId, null)) {
      while (list.hasNext()) {
        final KeyValue<ListKey, Listed> kv = list.next();
        final List<String> refs = kv.value.paragraphRefs();
        if (!refs.isEmpty()) {
          final PublicEntry e = loaded.computeIfAbsent(kv.key.id(), this::entry);
          for (final String ref : new LinkedHashSet<>(refs)) {
            out.computeIfAbsent(ref, x -> new ArrayList<>()).add(e);
          }
        }
      }
    }
    return out;
  }

  // ---- campaigns

  /** A campaign of a consultation as the public sees it; empty when no input of it was posted. */
  public Optional<Campaign> campaign(final String consultationId, final String campaignId) {
    if (!Keys.storable(consultationId) || !Keys.storable(campaignId)) {
      return Optional.empty();
    }
    final ScopedKey key = new ScopedKey(consultationId, campaignId);
    String representative = null;
    int size = 0;
    final List<String> namers = new ArrayList<>();
    for (final ReadOnlyKeyValueStore<ScopedKey, CampaignIndex> p :
        stores.<ScopedKey, CampaignIndex>partitions(PublisherTopology.CAMPAIGNS)) {
      final CampaignIndex index = p.get(key);
      if (index != null) {
        representative = representative == null ? index.representativeId() : representative;
        size = Math.max(size, index.size());
        if (index.namedBy() != null) {
          namers.add(index.namedBy());
        }
      }
    }
    if (representative == null) {
      return Optional.empty();
    }
    PublicEntry named = entry(representative);
    for (int i = 0; (named == null || !consultationId.equals(named.consultationId())) && i < namers.size(); i++) {
      named = entry(namers.get(i));
    }
    if (named != null && !consultationId.equals(named.consultationId())) {
      named = null;
    }
    return Optional.of(new Campaign(campaignId, size, named));
  }

  /** The campaigns a page shows: in its facet counts and on its entries. */
  private Map<String, Campaign> campaigns(
      final String consultationId,
      final List<PublicEntry> slice,
      final Map<String, Map<String, Integer>> facets) {
    final Set<String> ids = new LinkedHashSet<>(facets.getOrDefault("campaign", Map.of()).keySet());
    slice.stream().map(PublicEntry::campaignId).filter(Objects::nonNull).forEach(ids::add);
    final Map<String, Campaign> out = new LinkedHashMap<>();
    for (final String id : ids) {
      campaign(consultationId, id).ifPresent(c -> out.put(id, c));
    }
    return Map.copyOf(out);
  }

  // ---- removed inputs and attachments

  /** Inputs taken down from a consultation, modified after {@code since} when given. */
  public List<Removed> removed(final String consultationId, final Instant since) {
    final List<Removed> out = new ArrayList<>();
    if (!Keys.storable(consultationId)) {
      return out;
    }
    try (KeyValueIterator<ScopedKey, Removed> it =
        stores
            .<ScopedKey, Removed>all(PublisherTopology.REMOVED)
            .prefixScan(List.of(consultationId), Keys.PREFIX)) {
      it.forEachRemaining(
          kv -> {
            if (since == null || kv.value.at().isAfter(since)) {
              out.add(kv.value);
            }
          });
    }
    out.sort(Comparator.comparing(Removed::at).reversed().thenComparing(Removed::id));
    return List.copyOf(out);
  }

  /** The input once posted at this path segment (tracking number or id) and taken down since. */
  public Optional<Removed> removedEntry(final String consultationId, final String slug) {
    return removed(consultationId, null).stream()
        .filter(r -> r.slug().equals(slug) || r.id().equals(slug))
        .findFirst();
  }

  /** An attachment's bytes, only while a posted input links to it. */
  public Optional<AttachmentStore.Stored> publicAttachment(final String sha256) {
    final Long links = stores.<String, Long>all(PublisherTopology.ATTACHMENT_LINKS).get(sha256);
    return links != null && links > 0 ? attachments.get(sha256) : Optional.empty();
  }

  /**
   * When the public content of a consultation last changed by the records' own times: its newest
   * change to a posted input, its newest removal, or the consultation's own update. The same
   * records give the same time, whenever they are read (exports rely on it).
   */
  public Optional<Instant> contentUpdated(final String consultationId) {
    final Consultation c = consultation(consultationId).orElse(null);
    if (c == null) {
      return Optional.empty();
    }
    Instant newest = c.getUpdatedAt();
    for (final ReadOnlyKeyValueStore<ChangeKey, ListKey> p :
        stores.<ChangeKey, ListKey>partitions(PublisherTopology.CHANGED_SINCE)) {
      try (KeyValueIterator<ChangeKey, ListKey> it =
          p.reverseRange(
              new ChangeKey(consultationId, Instant.MIN, ""),
              new ChangeKey(consultationId, Instant.MAX, null))) {
        if (it.hasNext()) {
          newest = later(newest, it.next().key.modifiedAt());
        }
      }
    }
    for (final Removed r : removed(consultationId, null)) {
      newest = later(newest, r.at());
    }
    return Optional.ofNullable(newest);
  }

  private static Instant later(final Instant a, final Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  // ---- counting

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
