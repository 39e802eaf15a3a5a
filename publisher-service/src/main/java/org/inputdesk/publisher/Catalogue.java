package org.inputdesk.publisher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.Topics;

/**
 * The public state: consultations, the posted inputs of each (latest state per submission id, so a
 * replay adds nothing twice), inputs taken down since they were posted, and attachment bytes. Fed
 * with the records of the consultations, submissions-classified and submission-attachments topics;
 * read by the pages and feeds. Thread-safe: one writer, many readers.
 *
 * <p>Memory: everything per input (the entry, its text and HTML, the list and since-indexes, counts
 * per filter value) is kept in a {@link SortedStore}; in the service that is RocksDB on disk, so
 * the heap holds only consultations and a small cache of rendered pages, however many inputs there
 * are. Each change is written in one batch with the topic position it brings the reader to: a
 * restart with the store resumes from there (see {@link CatalogueReader}).
 */
public final class Catalogue implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Catalogue.class);

  /**
   * The order of every list: the newest second first, within a second the highest tracking number
   * first, then the id, so that no two entries compare equal (as {@link CatalogueCodec#listed}).
   */
  static final Comparator<PublicEntry> NEWEST_FIRST =
      Comparator.comparing((PublicEntry e) -> e.receivedAt().truncatedTo(ChronoUnit.SECONDS))
          .reversed()
          .thenComparing(
              PublicEntry::trackingNumber, Comparator.nullsLast(Comparator.<String>reverseOrder()))
          .thenComparing(PublicEntry::id);

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

  /** Where the reader is in one partition: the offset of the next record to apply. */
  public record Position(String topic, int partition, long nextOffset) {}

  private static final String META_FORMAT = "format";
  private static final String META_EPOCH = "epoch";
  private static final String META_VERSION = "version";
  private static final List<String> FACETS =
      List.of("theme", "sender-type", "language", "late", "campaign");

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final SortedStore store;
  private final AttachmentStore attachments;

  /** Consultations are few and read on every request: kept on the heap as well as in the store. */
  private final Map<String, Consultation> consultations = new HashMap<>();

  private final Map<List<Object>, Page> pageCache = pageCache(256);
  private String epoch;
  private long version;
  private boolean changed;

  /** A catalogue kept on the heap, attachments included (tests). */
  public Catalogue() {
    this(AttachmentStore.inMemory());
  }

  /** A catalogue kept on the heap, attachment bytes in the given store (one-off exports). */
  public Catalogue(final AttachmentStore attachments) {
    this(attachments, SortedStore.inMemory());
  }

  Catalogue(final AttachmentStore attachments, final SortedStore store) {
    this.attachments = attachments;
    this.store = store;
    final byte[] format = store.get(CatalogueCodec.key('Z', META_FORMAT));
    if (format != null && CatalogueCodec.longOf(format) != CatalogueCodec.FORMAT) {
      // Written by another version: rebuilt from the topics rather than misread.
      store.clear();
    }
    load();
  }

  /**
   * A catalogue kept in RocksDB under {@code dir}: what an earlier run left there is found again,
   * with the positions it had read up to (see {@link #positions()}).
   */
  public static Catalogue open(final AttachmentStore attachments, final Path dir) {
    SortedStore store;
    try {
      store = SortedStore.rocksDb(dir);
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("lock")) {
        throw new IllegalStateException(
            "the catalogue in "
                + dir
                + " is in use by another process (two publishers cannot"
                + " share a publisher.state.dir): "
                + e.getMessage(),
            e);
      }
      // Everything in it can be read again from the topics: set it aside and start afresh.
      final Path aside =
          dir.resolveSibling(dir.getFileName() + ".broken-" + System.currentTimeMillis());
      try {
        java.nio.file.Files.move(dir, aside);
      } catch (java.io.IOException moveFailed) {
        e.addSuppressed(moveFailed);
        throw e;
      }
      LOG.warn(
          "catalogue in {} cannot be opened ({}); moved to {} and rebuilt from the topics",
          dir,
          e.getMessage(),
          aside);
      store = SortedStore.rocksDb(dir);
    }
    return new Catalogue(attachments, store);
  }

  private void load() {
    consultations.clear();
    store.scan(
        CatalogueCodec.prefix('C'),
        null,
        (key, value) -> {
          final Consultation c =
              Topics.CONSULTATIONS.valueSerde().deserializer().deserialize("", value);
          consultations.put(c.getId(), c);
          return true;
        });
    final String storedEpoch =
        CatalogueCodec.textOf(store.get(CatalogueCodec.key('Z', META_EPOCH)));
    version = CatalogueCodec.longOf(store.get(CatalogueCodec.key('Z', META_VERSION)));
    if (storedEpoch == null) {
      epoch = Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
      final SortedStore.Batch batch = new SortedStore.Batch();
      batch.put(CatalogueCodec.key('Z', META_EPOCH), CatalogueCodec.text(epoch));
      batch.put(
          CatalogueCodec.key('Z', META_FORMAT), CatalogueCodec.longValue(CatalogueCodec.FORMAT));
      store.write(batch);
    } else {
      epoch = storedEpoch;
    }
  }

  /** Forgets everything, positions included: the catalogue is then rebuilt from the topics. */
  public void clear() {
    lock.writeLock().lock();
    try {
      store.clear();
      pageCache.clear();
      load();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The read positions stored with the changes they follow, per topic partition. */
  public List<Position> positions() {
    return read(
        () -> {
          final List<Position> out = new ArrayList<>();
          store.scan(
              CatalogueCodec.prefix('O'),
              null,
              (key, value) -> {
                final String[] parts =
                    new String(key, 2, key.length - 2, StandardCharsets.UTF_8).split("\0");
                out.add(
                    new Position(
                        parts[0], Integer.parseInt(parts[1]), CatalogueCodec.longOf(value)));
                return true;
              });
          return out;
        });
  }

  /** A value the reader keeps with the catalogue (e.g. the Kafka cluster it was read from). */
  public Optional<String> meta(final String name) {
    return read(() -> Optional.ofNullable(CatalogueCodec.textOf(store.get(metaKey(name)))));
  }

  public void putMeta(final String name, final String value) {
    write(null, batch -> batch.put(metaKey(name), CatalogueCodec.text(value)));
  }

  private static byte[] metaKey(final String name) {
    return CatalogueCodec.key('Z', "reader." + name);
  }

  /** Adds or replaces a consultation; null removes it (a tombstone). */
  public void putConsultation(final String id, final Consultation consultation) {
    putConsultation(id, consultation, null);
  }

  /** As {@link #putConsultation(String, Consultation)}, storing the position with it. */
  public void putConsultation(
      final String id, final Consultation consultation, final Position position) {
    final byte[] bytes =
        consultation == null
            ? null
            : Topics.CONSULTATIONS.valueSerde().serializer().serialize("", consultation);
    write(
        position,
        batch -> {
          if (consultation == null) {
            batch.delete(CatalogueCodec.key('C', id));
          } else {
            batch.put(CatalogueCodec.key('C', id), bytes);
          }
          touch(batch, id);
        });
    // After the store took it: the heap copy never runs ahead of what a restart would find.
    lock.writeLock().lock();
    try {
      if (consultation == null) {
        consultations.remove(id);
      } else {
        consultations.put(id, consultation);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Applies the latest state of a submission: posted ones are listed (replacing any earlier state
   * of the same id), others are not; null (a tombstone) removes it.
   */
  public void putClassified(final String id, final SubmissionClassified classified) {
    putClassified(id, classified, null);
  }

  /** As {@link #putClassified(String, SubmissionClassified)}, storing the position with it. */
  public void putClassified(
      final String id, final SubmissionClassified classified, final Position position) {
    final PublicEntry full = classified == null ? null : PublicEntry.from(classified);
    final boolean posting =
        full != null
            && classified.getPublication().getStatus() == PublicationStatus.POSTED
            && full.consultationId() != null;
    // Keys are checked before anything is written: a record that cannot be stored changes nothing.
    CatalogueCodec.key('E', id);
    if (full != null && full.consultationId() != null) {
      CatalogueCodec.key('S', full.consultationId(), full.slug());
    }
    write(
        position,
        batch -> {
          final PublicEntry before = unlist(batch, id);
          if (classified == null) {
            if (before != null) {
              markRemoved(
                  batch,
                  before.id(),
                  before.consultationId(),
                  before.trackingNumber(),
                  null,
                  false);
            }
            return;
          }
          final PublicEntry entry = full.withoutBody();
          final PublicationStatus status = classified.getPublication().getStatus();
          if (posting) {
            unmarkRemoved(batch, id);
            list(batch, entry);
            batch.put(CatalogueCodec.key('B', id), CatalogueCodec.body(full));
            touch(batch, entry.consultationId());
            if (before != null && !before.consultationId().equals(entry.consultationId())) {
              touch(batch, before.consultationId());
            }
          } else if (before != null || status == PublicationStatus.WITHDRAWN) {
            // Feed readers that saw it posted must learn it is gone.
            final String consultation =
                entry.consultationId() != null
                    ? entry.consultationId()
                    : before == null ? null : before.consultationId();
            if (consultation != null) {
              markRemoved(
                  batch,
                  id,
                  consultation,
                  entry.trackingNumber(),
                  entry.modifiedAt(),
                  status == PublicationStatus.WITHDRAWN);
            }
          }
        });
  }

  /**
   * Stores an attachment's bytes (outside the lock: files can be large); null removes them. Fails
   * when the key is not the sha256 of the bytes.
   */
  public void putAttachment(final String sha256, final Attachment attachment) {
    putAttachment(sha256, attachment, null);
  }

  /** As {@link #putAttachment(String, Attachment)}, storing the position with it. */
  public void putAttachment(
      final String sha256, final Attachment attachment, final Position position) {
    if (attachment == null) {
      attachments.remove(sha256);
    } else {
      attachments.put(sha256, attachment);
    }
    write(position, batch -> changed = true);
  }

  /** Moves past a record that could not be applied (it went to the dead-letter topic). */
  public void skip(final Position position) {
    write(position, batch -> {});
  }

  /** Where attachment bytes are read from. */
  public AttachmentStore attachments() {
    return attachments;
  }

  /** The entry with its text and HTML (empty text when gone since). */
  public PublicEntry withBody(final PublicEntry entry) {
    if (entry.text() != null) {
      return entry;
    }
    final byte[] body = read(() -> store.get(CatalogueCodec.key('B', entry.id())));
    if (body == null) {
      return entry.withBody("", null, "", null);
    }
    final String[] parts = CatalogueCodec.bodyOf(body);
    return entry.withBody(
        parts[0] == null ? "" : parts[0], parts[1], parts[2] == null ? "" : parts[2], parts[3]);
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

  /** The consultations, by title, with their posted counts. */
  public List<Summary> consultations() {
    return read(
        () -> {
          final List<Summary> out = new ArrayList<>();
          for (final Consultation c : consultations.values()) {
            out.add(new Summary(c, (int) total(c.getId())));
          }
          out.sort(Comparator.comparing(Summary::title).thenComparing(Summary::id));
          return List.copyOf(out);
        });
  }

  public Optional<Consultation> consultation(final String id) {
    return read(() -> Optional.ofNullable(consultations.get(id)));
  }

  /** A posted input of a consultation by tracking number (or id), with its text and HTML. */
  public Optional<PublicEntry> entry(final String consultationId, final String slug) {
    return this.<Optional<PublicEntry>>read(
            () -> {
              final PublicEntry byId = entry(slug);
              if (byId != null && byId.consultationId().equals(consultationId)) {
                return Optional.of(byId);
              }
              if (consultationId.indexOf('\0') >= 0 || slug.indexOf('\0') >= 0) {
                return Optional.empty();
              }
              final String id =
                  CatalogueCodec.textOf(store.get(CatalogueCodec.key('S', consultationId, slug)));
              return Optional.ofNullable(id == null ? null : entry(id));
            })
        .map(this::withBody);
  }

  private PublicEntry entry(final String id) {
    if (id.indexOf('\0') >= 0) {
      return null;
    }
    final byte[] bytes = store.get(CatalogueCodec.key('E', id));
    return bytes == null ? null : CatalogueCodec.entryOf(bytes);
  }

  /**
   * The posted inputs of a consultation that match, newest first, one page of them. Pages are
   * cached until the next change. Counts of the whole list are kept with the catalogue, so the
   * first pages cost a few reads; a filter reads the list's compact index, never whole entries
   * beyond the page shown.
   */
  public Page query(final String consultationId, final Query query) {
    final List<Object> key = java.util.Arrays.asList(consultationId, query);
    return read(
        () -> {
          // Filled under the read lock and cleared under the write lock: never a stale page.
          final Page cached = pageCache.get(key);
          if (cached != null) {
            return cached;
          }
          final Page page = compute(consultationId, query);
          pageCache.put(key, page);
          return page;
        });
  }

  private Page compute(final String consultationId, final Query query) {
    final int size = Math.max(1, query.pageSize());
    if (consultationId.indexOf('\0') >= 0) {
      return new Page(List.of(), 0, 1, 1, new FacetCounter().result(), Map.of(), Map.of());
    }
    final byte[] listPrefix = CatalogueCodec.prefix('N', consultationId);
    if (unfiltered(query)) {
      final int total = (int) total(consultationId);
      final int pageCount = Math.max(1, (total + size - 1) / size);
      final int page = Math.min(Math.max(1, query.page()), pageCount);
      final List<PublicEntry> slice = new ArrayList<>();
      final long skip = (long) (page - 1) * size;
      final long[] seen = {0};
      store.scan(
          listPrefix,
          null,
          (k, v) -> {
            if (seen[0]++ >= skip) {
              slice.add(entry(CatalogueCodec.listedId(k, listPrefix.length)));
            }
            return slice.size() < size;
          });
      final Map<String, Map<String, Integer>> facets = new LinkedHashMap<>();
      final Map<String, String> labels = new HashMap<>();
      for (final String facet : FACETS) {
        final Map<String, Integer> counts = new HashMap<>();
        store.scan(
            CatalogueCodec.prefix('F', consultationId, facet),
            null,
            (k, v) -> {
              final String value = CatalogueCodec.lastPart(k);
              counts.put(value, (int) CatalogueCodec.countOf(v));
              if (facet.equals("theme")) {
                labels.put(value, CatalogueCodec.countLabelOf(v));
              }
              return true;
            });
        facets.put(facet, mostFrequentFirst(counts));
      }
      return new Page(
          List.copyOf(slice),
          total,
          page,
          pageCount,
          facets,
          labels,
          campaigns(consultationId, slice, facets));
    }
    // Filtered: the matching list keys, newest first, from the index or the since-index.
    final FacetCounter counter = new FacetCounter();
    final List<byte[]> matching = new ArrayList<>();
    final Predicate<CatalogueCodec.Facets> filter = filter(query);
    if (query.since() != null) {
      final byte[] changedPrefix = CatalogueCodec.prefix('M', consultationId);
      store.scan(
          changedPrefix,
          CatalogueCodec.timed(changedPrefix, query.since(), false),
          (k, v) -> {
            final byte[] facets = store.get(v);
            if (facets != null) {
              final CatalogueCodec.Facets f = CatalogueCodec.facetsOf(facets);
              if (filter.test(f)) {
                matching.add(v);
                counter.add(f);
              }
            }
            return true;
          });
      matching.sort(java.util.Arrays::compareUnsigned);
    } else {
      store.scan(
          listPrefix,
          null,
          (k, v) -> {
            final CatalogueCodec.Facets f = CatalogueCodec.facetsOf(v);
            if (filter.test(f)) {
              matching.add(k);
              counter.add(f);
            }
            return true;
          });
    }
    final int pageCount = Math.max(1, (matching.size() + size - 1) / size);
    final int page = Math.min(Math.max(1, query.page()), pageCount);
    final int from = (page - 1) * size;
    final List<PublicEntry> slice = new ArrayList<>();
    for (final byte[] k : matching.subList(from, Math.min(matching.size(), from + size))) {
      slice.add(entry(CatalogueCodec.listedId(k, listPrefix.length)));
    }
    final Map<String, Map<String, Integer>> facets = counter.result();
    return new Page(
        List.copyOf(slice),
        matching.size(),
        page,
        pageCount,
        facets,
        counter.labels,
        campaigns(consultationId, slice, facets));
  }

  private static boolean unfiltered(final Query q) {
    return q.theme() == null
        && q.senderType() == null
        && q.language() == null
        && q.late() == null
        && q.campaign() == null
        && q.since() == null;
  }

  private static Map<List<Object>, Page> pageCache(final int size) {
    return java.util.Collections.synchronizedMap(
        new LinkedHashMap<>(size, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(final Map.Entry<List<Object>, Page> eldest) {
            return size() > size;
          }
        });
  }

  /** Inputs taken down from a consultation, modified after {@code since} when given. */
  public List<Removed> removed(final String consultationId, final Instant since) {
    return read(
        () -> {
          final List<Removed> out = new ArrayList<>();
          if (consultationId.indexOf('\0') >= 0) {
            return out;
          }
          store.scan(
              CatalogueCodec.prefix('R', consultationId),
              null,
              (k, v) -> {
                final Removed r = CatalogueCodec.removedOf(v);
                if (since == null || r.at().isAfter(since)) {
                  out.add(r);
                }
                return true;
              });
          out.sort(Comparator.comparing(Removed::at).reversed().thenComparing(Removed::id));
          return List.copyOf(out);
        });
  }

  /** The input once posted at this path segment (tracking number or id) and taken down since. */
  public Optional<Removed> removedEntry(final String consultationId, final String slug) {
    return removed(consultationId, null).stream()
        .filter(r -> r.slug().equals(slug) || r.id().equals(slug))
        .findFirst();
  }

  /** Posted inputs of a consultation per paragraph reference, paragraphs in natural order. */
  public Map<String, List<PublicEntry>> byParagraph(final String consultationId) {
    return read(
        () -> {
          final Map<String, List<PublicEntry>> out = new TreeMap<>(Catalogue::naturalOrder);
          if (consultationId.indexOf('\0') >= 0) {
            return out;
          }
          final byte[] listPrefix = CatalogueCodec.prefix('N', consultationId);
          final Map<String, PublicEntry> loaded = new HashMap<>();
          store.scan(
              listPrefix,
              null,
              (k, v) -> {
                final List<String> refs = CatalogueCodec.facetsOf(v).paragraphRefs();
                if (!refs.isEmpty()) {
                  final String id = CatalogueCodec.listedId(k, listPrefix.length);
                  final PublicEntry e = loaded.computeIfAbsent(id, this::entry);
                  for (final String ref : new java.util.LinkedHashSet<>(refs)) {
                    out.computeIfAbsent(ref, x -> new ArrayList<>()).add(e);
                  }
                }
                return true;
              });
          return out;
        });
  }

  /** An attachment's bytes, only while a posted input links to it. */
  public Optional<AttachmentStore.Stored> publicAttachment(final String sha256) {
    return read(
        () ->
            CatalogueCodec.longOf(store.get(CatalogueCodec.key('A', sha256))) > 0
                ? attachments.get(sha256)
                : Optional.<AttachmentStore.Stored>empty());
  }

  /**
   * The posted inputs of a consultation after {@code after} (null: from the newest), newest first,
   * at most {@code limit}: a walk through the whole list a slice at a time, for exports.
   */
  public List<PublicEntry> posted(
      final String consultationId, final PublicEntry after, final int limit) {
    return read(
        () -> {
          final List<PublicEntry> out = new ArrayList<>();
          if (consultationId.indexOf('\0') >= 0) {
            return out;
          }
          final byte[] listPrefix = CatalogueCodec.prefix('N', consultationId);
          final byte[] from =
              after == null
                  ? null
                  : CatalogueCodec.listed(
                      listPrefix, after.receivedAt(), after.trackingNumber(), after.id());
          store.scan(
              listPrefix,
              from,
              (k, v) -> {
                if (from == null || !java.util.Arrays.equals(k, from)) {
                  out.add(entry(CatalogueCodec.listedId(k, listPrefix.length)));
                }
                return out.size() < limit;
              });
          return out;
        });
  }

  /**
   * When the public content of a consultation last changed by the records' own times: its newest
   * change to a posted input, its newest removal, or the consultation's own update. The same
   * records give the same time, whenever they are read (exports rely on it).
   */
  public Optional<Instant> contentUpdated(final String consultationId) {
    return read(
        () -> {
          final Consultation c = consultations.get(consultationId);
          if (c == null) {
            return Optional.<Instant>empty();
          }
          Instant newest = c.getUpdatedAt();
          final byte[] changedPrefix = CatalogueCodec.prefix('M', consultationId);
          final byte[] last = store.lastKey(changedPrefix);
          if (last != null) {
            final byte[] facets = store.get(store.get(last));
            if (facets != null) {
              newest = later(newest, CatalogueCodec.facetsOf(facets).modifiedAt());
            }
          }
          final Instant[] removedAt = {newest};
          store.scan(
              CatalogueCodec.prefix('R', consultationId),
              null,
              (k, v) -> {
                removedAt[0] = later(removedAt[0], CatalogueCodec.removedOf(v).at());
                return true;
              });
          return Optional.ofNullable(removedAt[0]);
        });
  }

  private static Instant later(final Instant a, final Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /** Grows by one with every change; pages and feeds derive their ETag from it. */
  public long version() {
    return read(() -> version);
  }

  /**
   * Names this catalogue's state for an ETag: the version, and the epoch of the store, which is new
   * whenever the catalogue is rebuilt from nothing, so that a version number seen before a rebuild
   * never matches different content after it.
   */
  public String etag() {
    return read(() -> epoch + "-" + Long.toHexString(version));
  }

  /** When this catalogue last applied a change to a consultation or its inputs. */
  public Optional<Instant> lastModified(final String consultationId) {
    return read(
        () -> {
          if (consultationId.indexOf('\0') >= 0) {
            return Optional.<Instant>empty();
          }
          final byte[] at = store.get(CatalogueCodec.key('L', consultationId));
          return Optional.ofNullable(
              at == null ? null : Instant.EPOCH.plusNanos(CatalogueCodec.longOf(at)));
        });
  }

  /** Number of posted inputs over all consultations. */
  public int size() {
    return read(
        () -> {
          final long[] sum = {0};
          store.scan(
              CatalogueCodec.prefix('T'),
              null,
              (k, v) -> {
                sum[0] += CatalogueCodec.longOf(v);
                return true;
              });
          return (int) sum[0];
        });
  }

  private long total(final String consultationId) {
    return CatalogueCodec.longOf(store.get(CatalogueCodec.key('T', consultationId)));
  }

  private static Predicate<CatalogueCodec.Facets> filter(final Query q) {
    return e ->
        (q.theme() == null || e.themes().stream().anyMatch(t -> t.id().equals(q.theme())))
            && (q.senderType() == null || q.senderType().equals(e.senderType()))
            && (q.language() == null || q.language().equals(e.language()))
            && (q.late() == null || q.late() == e.late())
            && (q.campaign() == null || q.campaign().equals(e.campaignId()))
            && (q.since() == null || e.modifiedAt().isAfter(q.since()));
  }

  /** Counts every facet of the matching inputs in one pass. */
  private static final class FacetCounter {
    private final Map<String, Integer> themes = new HashMap<>();
    private final Map<String, Integer> senders = new HashMap<>();
    private final Map<String, Integer> languages = new HashMap<>();
    private final Map<String, Integer> late = new HashMap<>();
    private final Map<String, Integer> campaigns = new HashMap<>();
    private final Map<String, String> labels = new HashMap<>();

    void add(final CatalogueCodec.Facets e) {
      for (final String theme : themeIds(e.themes())) {
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

  /** Each theme once, in the order given. */
  private static java.util.Set<String> themeIds(final List<PublicEntry.Tag> tags) {
    final java.util.Set<String> ids = new java.util.LinkedHashSet<>();
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

  /** Adds a posted entry to the lists, counts and indexes of its consultation. */
  private void list(final SortedStore.Batch batch, final PublicEntry entry) {
    final String cid = entry.consultationId();
    final byte[] listKey =
        CatalogueCodec.listed(
            CatalogueCodec.prefix('N', cid),
            entry.receivedAt(),
            entry.trackingNumber(),
            entry.id());
    batch.put(CatalogueCodec.key('E', entry.id()), CatalogueCodec.entry(entry));
    batch.put(listKey, CatalogueCodec.facets(CatalogueCodec.Facets.of(entry)));
    batch.put(
        CatalogueCodec.timed(
            CatalogueCodec.prefix('M', cid), entry.modifiedAt(), false, entry.id()),
        listKey);
    batch.put(CatalogueCodec.key('S', cid, entry.slug()), CatalogueCodec.text(entry.id()));
    add(batch, CatalogueCodec.key('T', cid), 1, null);
    facetKeys(entry)
        .forEach(
            (k, label) -> add(batch, CatalogueCodec.key('F', cid, k.get(0), k.get(1)), 1, label));
    for (final PublicEntry.FileRef f : entry.attachments()) {
      add(batch, CatalogueCodec.key('A', f.sha256()), 1, null);
    }
    if (entry.campaignId() != null) {
      indexCampaign(batch, entry);
    }
  }

  /**
   * Keeps a campaign's representative, size and naming member. The representative's record carries
   * the current size; a member's carries the size when it joined, which can be newer than the
   * representative's last re-emission (every hundredth member past 100), so the largest is kept.
   * The naming member changes only when the one named before is no longer posted.
   */
  private void indexCampaign(final SortedStore.Batch batch, final PublicEntry entry) {
    final byte[] key = CatalogueCodec.key('K', entry.consultationId(), entry.campaignId());
    final byte[] current = batch.touches(key) ? batch.pending(key) : store.get(key);
    final CatalogueCodec.CampaignIndex before =
        current == null ? null : CatalogueCodec.campaignOf(current);
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
        before != null && before.namedBy() != null && entry(before.namedBy()) != null
            ? before.namedBy()
            : entry.id();
    batch.put(key, CatalogueCodec.campaign(new CatalogueCodec.CampaignIndex(rep, size, namedBy)));
  }

  /** A campaign of a consultation as the public sees it; empty when no input of it was posted. */
  public Optional<Campaign> campaign(final String consultationId, final String campaignId) {
    return read(() -> Optional.ofNullable(campaignNow(consultationId, campaignId)));
  }

  private Campaign campaignNow(final String consultationId, final String campaignId) {
    if (consultationId.indexOf('\0') >= 0 || campaignId.indexOf('\0') >= 0) {
      return null;
    }
    final byte[] bytes = store.get(CatalogueCodec.key('K', consultationId, campaignId));
    if (bytes == null) {
      return null;
    }
    final CatalogueCodec.CampaignIndex index = CatalogueCodec.campaignOf(bytes);
    PublicEntry named = entry(index.representativeId());
    if (named == null || !consultationId.equals(named.consultationId())) {
      named = index.namedBy() == null ? null : entry(index.namedBy());
    }
    if (named != null && !consultationId.equals(named.consultationId())) {
      named = null;
    }
    return new Campaign(campaignId, index.size(), named);
  }

  /** The campaigns a page shows: in its facet counts and on its entries. */
  private Map<String, Campaign> campaigns(
      final String consultationId,
      final List<PublicEntry> slice,
      final Map<String, Map<String, Integer>> facets) {
    final java.util.Set<String> ids =
        new java.util.LinkedHashSet<>(facets.getOrDefault("campaign", Map.of()).keySet());
    slice.stream()
        .map(PublicEntry::campaignId)
        .filter(java.util.Objects::nonNull)
        .forEach(ids::add);
    final Map<String, Campaign> out = new LinkedHashMap<>();
    for (final String id : ids) {
      final Campaign c = campaignNow(consultationId, id);
      if (c != null) {
        out.put(id, c);
      }
    }
    return Map.copyOf(out);
  }

  /** Takes a submission off every list; returns what was listed, or null. */
  private PublicEntry unlist(final SortedStore.Batch batch, final String id) {
    final PublicEntry before = entry(id);
    batch.delete(CatalogueCodec.key('B', id));
    if (before == null) {
      return null;
    }
    final String cid = before.consultationId();
    batch.delete(CatalogueCodec.key('E', id));
    batch.delete(
        CatalogueCodec.listed(
            CatalogueCodec.prefix('N', cid), before.receivedAt(), before.trackingNumber(), id));
    batch.delete(
        CatalogueCodec.timed(CatalogueCodec.prefix('M', cid), before.modifiedAt(), false, id));
    final byte[] slugKey = CatalogueCodec.key('S', cid, before.slug());
    if (id.equals(CatalogueCodec.textOf(store.get(slugKey)))) {
      batch.delete(slugKey);
    }
    add(batch, CatalogueCodec.key('T', cid), -1, null);
    facetKeys(before)
        .forEach(
            (k, label) -> add(batch, CatalogueCodec.key('F', cid, k.get(0), k.get(1)), -1, label));
    for (final PublicEntry.FileRef f : before.attachments()) {
      add(batch, CatalogueCodec.key('A', f.sha256()), -1, null);
    }
    return before;
  }

  /**
   * Adds to a counter, seeing what the batch already wrote to it; a counter at zero is deleted.
   * Counters with a label (themes) keep the latest label given.
   */
  private void add(
      final SortedStore.Batch batch, final byte[] key, final long delta, final String label) {
    final byte[] current = batch.touches(key) ? batch.pending(key) : store.get(key);
    final boolean labelled = key[0] == 'F';
    final long now =
        (labelled ? CatalogueCodec.countOf(current) : CatalogueCodec.longOf(current)) + delta;
    if (now <= 0) {
      batch.delete(key);
    } else if (labelled) {
      final String keep =
          label != null || current == null ? label : CatalogueCodec.countLabelOf(current);
      batch.put(key, CatalogueCodec.count(now, keep));
    } else {
      batch.put(key, CatalogueCodec.longValue(now));
    }
  }

  private void markRemoved(
      final SortedStore.Batch batch,
      final String id,
      final String consultationId,
      final String tracking,
      final Instant at,
      final boolean withdrawn) {
    final Instant when = at == null ? Instant.now() : at;
    unmarkRemoved(batch, id);
    batch.put(
        CatalogueCodec.key('R', consultationId, id),
        CatalogueCodec.removed(new Removed(id, consultationId, tracking, when, withdrawn)));
    batch.put(CatalogueCodec.key('W', id), CatalogueCodec.text(consultationId));
    touch(batch, consultationId);
  }

  private void unmarkRemoved(final SortedStore.Batch batch, final String id) {
    final byte[] where = store.get(CatalogueCodec.key('W', id));
    if (where != null) {
      batch.delete(CatalogueCodec.key('R', CatalogueCodec.textOf(where), id));
      batch.delete(CatalogueCodec.key('W', id));
    }
  }

  /**
   * Records a change now. Record times (classifiedAt) are not monotonic across partitions, so a
   * Last-Modified taken from them could hide a change that arrived later with an older time.
   */
  private void touch(final SortedStore.Batch batch, final String consultationId) {
    changed = true;
    if (consultationId != null) {
      final byte[] key = CatalogueCodec.key('L', consultationId);
      final Instant clock = Instant.now();
      // Nanoseconds since the epoch: a long holds them until 2262.
      final long now = clock.getEpochSecond() * 1_000_000_000L + clock.getNano();
      final byte[] before = batch.touches(key) ? batch.pending(key) : store.get(key);
      batch.put(key, CatalogueCodec.longValue(Math.max(now, CatalogueCodec.longOf(before))));
    }
  }

  /** One change and the position it brings the reader to, in one batch, under the write lock. */
  private void write(final Position position, final Consumer<SortedStore.Batch> change) {
    lock.writeLock().lock();
    try {
      final SortedStore.Batch batch = new SortedStore.Batch();
      changed = false;
      change.accept(batch);
      if (changed) {
        batch.put(CatalogueCodec.key('Z', META_VERSION), CatalogueCodec.longValue(version + 1));
      }
      if (position != null) {
        batch.put(
            CatalogueCodec.key('O', position.topic(), Integer.toString(position.partition())),
            CatalogueCodec.longValue(position.nextOffset()));
      }
      if (!batch.isEmpty()) {
        store.write(batch);
      }
      if (changed) {
        version++;
        pageCache.clear();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private <T> T read(final java.util.function.Supplier<T> reader) {
    lock.readLock().lock();
    try {
      return reader.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      store.close();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
