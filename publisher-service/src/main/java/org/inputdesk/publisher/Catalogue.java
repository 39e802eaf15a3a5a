package org.inputdesk.publisher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SubmissionClassified;

/**
 * The public state: consultations, the posted inputs of each (latest state per submission id, so a
 * replay adds nothing twice), inputs taken down since they were posted, and attachment bytes. Fed
 * with the records of the consultations, submissions-classified and submission-attachments topics;
 * read by the pages and feeds. Thread-safe: one writer, many readers.
 *
 * <p>Memory: the index keeps per input only what lists, filters and feeds need (ids, dates, tags,
 * subject, a short excerpt, attachment names and sizes); the full text and HTML go to a {@link
 * BodyStore} and are read back when an input's page or a feed item's content is rendered.
 */
public final class Catalogue {

  /** Newest first; the id breaks ties so that no two entries compare equal. */
  static final Comparator<PublicEntry> NEWEST_FIRST =
      Comparator.comparing(PublicEntry::receivedAt).reversed().thenComparing(PublicEntry::id);

  /** An input no longer public: withdrawn, or held after it was posted. */
  public record Removed(String id, String consultationId, String trackingNumber, Instant at) {}

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
   */
  public record Page(
      List<PublicEntry> entries,
      int total,
      int page,
      int pageCount,
      Map<String, Map<String, Integer>> facets,
      Map<String, String> themeLabels) {

    public boolean hasNext() {
      return page < pageCount;
    }

    public boolean hasPrevious() {
      return page > 1;
    }
  }

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Consultation> consultations = new HashMap<>();
  private final Map<String, PublicEntry> posted = new HashMap<>();

  /** Per consultation, slug (tracking number) to the entry: an input's page without a scan. */
  private final Map<String, Map<String, PublicEntry>> bySlug = new HashMap<>();

  private final Map<String, NavigableSet<PublicEntry>> byConsultation = new HashMap<>();
  private final Map<String, Removed> removed = new HashMap<>();
  private final AttachmentStore attachments;
  private final BodyStore bodies;
  private final Map<String, Integer> attachmentUses = new HashMap<>();
  private final Map<String, Instant> lastModified = new HashMap<>();
  private final Map<List<Object>, Page> pageCache = pageCache(256);
  private long version;

  /** Adds or replaces a consultation; null removes it (a tombstone). */
  public void putConsultation(final String id, final Consultation consultation) {
    write(
        () -> {
          if (consultation == null) {
            consultations.remove(id);
            touch(id);
          } else {
            consultations.put(id, consultation);
            touch(id);
          }
        });
  }

  /**
   * Applies the latest state of a submission: posted ones are listed (replacing any earlier state
   * of the same id), others are not; null (a tombstone) removes it.
   */
  public void putClassified(final String id, final SubmissionClassified classified) {
    final PublicEntry full = classified == null ? null : PublicEntry.from(classified);
    final boolean posting =
        full != null
            && classified.getPublication().getStatus() == PublicationStatus.POSTED
            && full.consultationId() != null;
    // Disk I/O outside the lock; the single writer keeps the body and the index in step.
    if (posting) {
      bodies.put(id, new BodyStore.Body(full.text(), full.html()));
    }
    write(
        () -> {
          final PublicEntry before = unlist(id);
          if (classified == null) {
            if (before != null) {
              markRemoved(before.id(), before.consultationId(), before.trackingNumber(), null);
            }
            return;
          }
          final PublicEntry entry = full.withoutBody();
          final PublicationStatus status = classified.getPublication().getStatus();
          if (posting) {
            removed.remove(id);
            posted.put(id, entry);
            bySlug
                .computeIfAbsent(entry.consultationId(), k -> new HashMap<>())
                .put(entry.slug(), entry);
            byConsultation
                .computeIfAbsent(entry.consultationId(), k -> new TreeSet<>(NEWEST_FIRST))
                .add(entry);
            entry.attachments().forEach(f -> attachmentUses.merge(f.sha256(), 1, Integer::sum));
            touch(entry.consultationId());
            if (before != null && !before.consultationId().equals(entry.consultationId())) {
              touch(before.consultationId());
            }
          } else if (before != null || status == PublicationStatus.WITHDRAWN) {
            // Feed readers that saw it posted must learn it is gone.
            final String consultation =
                entry.consultationId() != null
                    ? entry.consultationId()
                    : before == null ? null : before.consultationId();
            if (consultation != null) {
              markRemoved(id, consultation, entry.trackingNumber(), entry.modifiedAt());
            }
          }
        });
    if (!posting) {
      bodies.remove(id);
    }
  }

  /** A catalogue keeping attachment bytes and bodies in memory. */
  public Catalogue() {
    this(AttachmentStore.inMemory(), BodyStore.inMemory());
  }

  /** A catalogue keeping attachment bytes in the given store and bodies in memory. */
  public Catalogue(final AttachmentStore attachments) {
    this(attachments, BodyStore.inMemory());
  }

  /** A catalogue keeping attachment bytes and the inputs' text and HTML in the given stores. */
  public Catalogue(final AttachmentStore attachments, final BodyStore bodies) {
    this.attachments = attachments;
    this.bodies = bodies;
  }

  /** Where the inputs' text and HTML are kept. */
  public BodyStore bodies() {
    return bodies;
  }

  /** The entry with its text and HTML read from the body store (empty text when gone since). */
  public PublicEntry withBody(final PublicEntry entry) {
    if (entry.text() != null) {
      return entry;
    }
    return bodies
        .get(entry.id())
        .map(b -> entry.withBody(b.text() == null ? "" : b.text(), b.html()))
        .orElseGet(() -> entry.withBody("", null));
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
        page.themeLabels());
  }

  /**
   * Stores an attachment's bytes (outside the lock: files can be large); null removes them. Fails
   * when the key is not the sha256 of the bytes.
   */
  public void putAttachment(final String sha256, final Attachment attachment) {
    if (attachment == null) {
      attachments.remove(sha256);
    } else {
      attachments.put(sha256, attachment);
    }
    write(() -> version++);
  }

  /** Where attachment bytes are read from. */
  public AttachmentStore attachments() {
    return attachments;
  }

  /** The consultations, by title, with their posted counts. */
  public List<Summary> consultations() {
    return read(
        () -> {
          final List<Summary> out = new ArrayList<>();
          for (final Consultation c : consultations.values()) {
            final NavigableSet<PublicEntry> set = byConsultation.get(c.getId());
            out.add(new Summary(c, set == null ? 0 : set.size()));
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
              final PublicEntry byId = posted.get(slug);
              if (byId != null && byId.consultationId().equals(consultationId)) {
                return Optional.of(byId);
              }
              final Map<String, PublicEntry> slugs = bySlug.get(consultationId);
              return Optional.ofNullable(slugs == null ? null : slugs.get(slug));
            })
        .map(this::withBody);
  }

  /**
   * The posted inputs of a consultation that match, newest first, one page of them. Pages are
   * cached until the next change: filtering and counting every input on each request would make a
   * feed request cost as much as the whole catalogue.
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
    final NavigableSet<PublicEntry> set = byConsultation.get(consultationId);
    final List<PublicEntry> matching = new ArrayList<>();
    if (set != null) {
      final Predicate<PublicEntry> filter = filter(query);
      for (final PublicEntry e : set) {
        if (filter.test(e)) {
          matching.add(e);
        }
      }
    }
    final int size = Math.max(1, query.pageSize());
    final int pageCount = Math.max(1, (matching.size() + size - 1) / size);
    final int page = Math.min(Math.max(1, query.page()), pageCount);
    final int from = (page - 1) * size;
    final List<PublicEntry> slice =
        List.copyOf(matching.subList(from, Math.min(matching.size(), from + size)));
    final Map<String, String> labels = new HashMap<>();
    for (final PublicEntry e : matching) {
      e.themes().forEach(t -> labels.putIfAbsent(t.id(), t.label()));
    }
    return new Page(slice, matching.size(), page, pageCount, facets(matching), labels);
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
        () ->
            removed.values().stream()
                .filter(r -> r.consultationId().equals(consultationId))
                .filter(r -> since == null || r.at().isAfter(since))
                .sorted(Comparator.comparing(Removed::at).reversed().thenComparing(Removed::id))
                .toList());
  }

  /** Posted inputs of a consultation per paragraph reference, paragraphs in natural order. */
  public Map<String, List<PublicEntry>> byParagraph(final String consultationId) {
    return read(
        () -> {
          final Map<String, List<PublicEntry>> out = new TreeMap<>(Catalogue::naturalOrder);
          final NavigableSet<PublicEntry> set = byConsultation.get(consultationId);
          if (set != null) {
            for (final PublicEntry e : set) {
              for (final String ref : new java.util.LinkedHashSet<>(e.paragraphRefs())) {
                out.computeIfAbsent(ref, k -> new ArrayList<>()).add(e);
              }
            }
          }
          return out;
        });
  }

  /** An attachment's bytes, only while a posted input links to it. */
  public Optional<AttachmentStore.Stored> publicAttachment(final String sha256) {
    return read(
        () ->
            attachmentUses.getOrDefault(sha256, 0) > 0
                ? attachments.get(sha256)
                : Optional.<AttachmentStore.Stored>empty());
  }

  /** Grows by one with every change; pages and feeds derive their ETag from it. */
  public long version() {
    return read(() -> version);
  }

  /** When this catalogue last applied a change to a consultation or its inputs. */
  public Optional<Instant> lastModified(final String consultationId) {
    return read(() -> Optional.ofNullable(lastModified.get(consultationId)));
  }

  /** Number of posted inputs over all consultations. */
  public int size() {
    return read(posted::size);
  }

  private static Predicate<PublicEntry> filter(final Query q) {
    return e ->
        (q.theme() == null || e.themes().stream().anyMatch(t -> t.id().equals(q.theme())))
            && (q.senderType() == null || q.senderType().equals(e.senderType()))
            && (q.language() == null || q.language().equals(e.language()))
            && (q.late() == null || q.late() == e.late())
            && (q.campaign() == null || q.campaign().equals(e.campaignId()))
            && (q.since() == null || e.modifiedAt().isAfter(q.since()));
  }

  /** Counts every facet in one pass: this runs over all matching inputs after each change. */
  private static Map<String, Map<String, Integer>> facets(final List<PublicEntry> entries) {
    final Map<String, Integer> themes = new HashMap<>();
    final Map<String, Integer> senders = new HashMap<>();
    final Map<String, Integer> languages = new HashMap<>();
    final Map<String, Integer> late = new HashMap<>();
    final Map<String, Integer> campaigns = new HashMap<>();
    for (final PublicEntry e : entries) {
      final List<PublicEntry.Tag> tags = e.themes();
      for (int i = 0; i < tags.size(); i++) {
        if (!seenBefore(tags, i)) {
          themes.merge(tags.get(i).id(), 1, Integer::sum);
        }
      }
      senders.merge(e.senderType(), 1, Integer::sum);
      if (e.language() != null) {
        languages.merge(e.language(), 1, Integer::sum);
      }
      late.merge(e.late() ? "true" : "false", 1, Integer::sum);
      if (e.campaignId() != null) {
        campaigns.merge(e.campaignId(), 1, Integer::sum);
      }
    }
    final Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    out.put("theme", mostFrequentFirst(themes));
    out.put("sender-type", mostFrequentFirst(senders));
    out.put("language", mostFrequentFirst(languages));
    out.put("late", mostFrequentFirst(late));
    out.put("campaign", mostFrequentFirst(campaigns));
    return out;
  }

  private static boolean seenBefore(final List<PublicEntry.Tag> tags, final int index) {
    final String id = tags.get(index).id();
    for (int j = 0; j < index; j++) {
      if (tags.get(j).id().equals(id)) {
        return true;
      }
    }
    return false;
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

  private PublicEntry unlist(final String id) {
    final PublicEntry before = posted.remove(id);
    if (before != null) {
      final Map<String, PublicEntry> slugs = bySlug.get(before.consultationId());
      if (slugs != null) {
        slugs.remove(before.slug(), before);
      }
      final NavigableSet<PublicEntry> set = byConsultation.get(before.consultationId());
      if (set != null) {
        set.remove(before);
      }
      for (final PublicEntry.FileRef f : before.attachments()) {
        attachmentUses.computeIfPresent(f.sha256(), (k, n) -> n > 1 ? n - 1 : null);
      }
    }
    return before;
  }

  private void markRemoved(
      final String id, final String consultationId, final String tracking, final Instant at) {
    final Instant when = at == null ? Instant.now() : at;
    removed.put(id, new Removed(id, consultationId, tracking, when));
    touch(consultationId);
  }

  /**
   * Records a change now. Record times (classifiedAt) are not monotonic across partitions, so a
   * Last-Modified taken from them could hide a change that arrived later with an older time.
   */
  private void touch(final String consultationId) {
    version++;
    if (consultationId != null) {
      final Instant now = Instant.now();
      lastModified.merge(consultationId, now, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  private void write(final Runnable change) {
    lock.writeLock().lock();
    try {
      change.run();
      pageCache.clear();
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
}
