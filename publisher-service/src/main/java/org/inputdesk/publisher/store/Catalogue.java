package org.inputdesk.publisher.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.attachments.AttachmentStore;
import org.inputdesk.publisher.privacy.PersonalData;
import org.inputdesk.publisher.store.Keys.ChangeKey;
import org.inputdesk.publisher.store.Keys.ListKey;
import org.inputdesk.publisher.store.Keys.ScopedKey;
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

  private final StoreAccess stores;
  private final AttachmentStore attachments;
  private final LongSupplier version;
  private final PageCache pages = new PageCache(256);
  private final Lists lists;
  private final Campaigns campaigns;

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
    this.lists = new Lists(stores, this);
    this.campaigns = new Campaigns(stores, this);
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
    Instant modified =
        s.lastModifiedNanos() == 0 ? null : Instant.EPOCH.plusNanos(s.lastModifiedNanos());
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

  PublicEntry entry(final String id) {
    return Keys.storable(id) ? byId(PublisherTopology.ENTRIES, id) : null;
  }

  /**
   * A value of a store keyed by submission id: from the partition the id's records go to (Kafka's
   * default partitioning, which the classifier uses), else from any, for a topic written with
   * another partitioner. One store read instead of up to one per partition.
   */
  private <V> V byId(final String store, final String id) {
    final List<ReadOnlyKeyValueStore<String, V>> partitions = stores.partitions(store);
    final int p =
        Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions.size();
    final V value = partitions.get(p).get(id);
    return value != null ? value : stores.<String, V>all(store).get(id);
  }

  /** The entry with its text and HTML (empty text when gone since). */
  public PublicEntry withBody(final PublicEntry entry) {
    if (entry.text() != null) {
      return entry;
    }
    final Values.Body body = byId(PublisherTopology.BODIES, entry.id());
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
      return Lists.empty();
    }
    final ConsultationState state = state(consultationId);
    return pages.get(
        consultationId, query, state.digest(), () -> lists.page(consultationId, query, state));
  }

  /**
   * The posted inputs of a consultation after {@code after} (null: from the newest), newest first,
   * at most {@code limit}: a walk through the whole list a slice at a time, for exports.
   */
  public List<PublicEntry> posted(
      final String consultationId, final PublicEntry after, final int limit) {
    return Keys.storable(consultationId)
        ? lists.posted(consultationId, after, limit)
        : new ArrayList<>();
  }

  /** Posted inputs of a consultation per paragraph reference, paragraphs in natural order. */
  public Map<String, List<PublicEntry>> byParagraph(final String consultationId) {
    return Keys.storable(consultationId)
        ? lists.byParagraph(consultationId)
        : new TreeMap<>(Lists::naturalOrder);
  }

  // ---- campaigns

  /** A campaign of a consultation as the public sees it; empty when no input of it was posted. */
  public Optional<Campaign> campaign(final String consultationId, final String campaignId) {
    return campaigns.campaign(consultationId, campaignId);
  }

  /** The campaigns a page shows: in its facet counts and on its entries. */
  Map<String, Campaign> campaigns(
      final String consultationId,
      final List<PublicEntry> slice,
      final Map<String, Map<String, Integer>> facets) {
    return campaigns.shown(consultationId, slice, facets);
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
}
