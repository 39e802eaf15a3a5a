package org.inputdesk.publisher.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.render.AtomWriter;
import org.inputdesk.publisher.render.FeedWriter;
import org.inputdesk.publisher.render.Pages;
import org.inputdesk.publisher.render.SiteLinks;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.publisher.store.PublisherStreams;
import org.inputdesk.schemas.Consultation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a static copy of the site into a directory: the pages with relative links, the JSON Feed
 * and Atom feeds (absolute links from the public base URL) and the attachments. Reads the {@link
 * Catalogue}; writes only files whose content changed and deletes files of inputs no longer posted,
 * so a CDN sync after it moves only what changed.
 */
public final class Exporter {

  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
  static final int PAGE = 50;
  private static final List<String> MANAGED = List.of("index.html", "static", "c", "attachments");

  /** What an export did. */
  public record Result(int written, int unchanged, int deleted) {}

  private final Catalogue catalogue;
  private final SiteLinks links;
  private final Pages pages = new Pages(Pages.Mode.EXPORT);
  private final FeedWriter feeds;
  private final AtomWriter atom;

  /** {@code links} gives the public base URL the feeds' links point at. */
  public Exporter(final Catalogue catalogue, final SiteLinks links) {
    this.catalogue = catalogue;
    this.links = links;
    this.feeds = new FeedWriter(links);
    this.atom = new AtomWriter(links);
  }

  /** Brings {@code dir} up to date with the catalogue. */
  public Result export(final Path dir) throws IOException {
    final Path root = dir.toAbsolutePath().normalize();
    Files.createDirectories(root);
    final Writer out = new Writer(root);
    final List<Catalogue.Summary> consultations = catalogue.consultations();
    out.text("index.html", pages.home(consultations));
    try (InputStream css =
        Pages.class.getResourceAsStream("/org/inputdesk/publisher/static/style.css")) {
      out.bytes("static/style.css", css.readAllBytes());
    }
    for (final Catalogue.Summary summary : consultations) {
      final Consultation c = summary.consultation();
      if (!safe(c.getId())) {
        LOG.warn("consultation id {} is not a safe file name; not exported", c.getId());
        continue;
      }
      final String base = "c/" + c.getId() + "/";
      exportConsultation(out, c, base);
    }
    final int deleted = out.deleteOthers();
    final Result result = new Result(out.written, out.unchanged, deleted);
    LOG.info("exported to {}: {}", root, result);
    return result;
  }

  /**
   * The list, feeds and input pages of one consultation, a page of {@link #PAGE} inputs at a time:
   * {@code index.html}, {@code page-2.html} ..., {@code feed.json}, {@code feed-2.json} ... and
   * {@code feed.atom}, {@code feed-2.atom} ..., linked to each other. Only one page is in memory,
   * however many inputs there are. The feeds' dates come from the records, not from when they were
   * read, so exporting the same records again writes nothing.
   */
  private void exportConsultation(final Writer out, final Consultation c, final String base)
      throws IOException {
    final Catalogue.Query query = Catalogue.Query.all(PAGE);
    // Counts and totals from the first page; the walk below takes the inputs a slice at a time.
    final Catalogue.Page first = catalogue.query(c.getId(), query);
    final java.time.Instant updated = catalogue.contentUpdated(c.getId()).orElse(c.getUpdatedAt());
    final List<Catalogue.Removed> removed = catalogue.removed(c.getId(), null);
    out.text(base + "paragraphs.html", pages.paragraphs(c, catalogue.byParagraph(c.getId())));
    PublicEntry after = null;
    int number = 1;
    do {
      final List<PublicEntry> slice =
          number == 1 ? first.entries() : catalogue.posted(c.getId(), after, PAGE);
      final Catalogue.Page page =
          new Catalogue.Page(
              slice,
              first.total(),
              number,
              first.pageCount(),
              first.facets(),
              first.themeLabels(),
              campaigns(c, slice, first));
      out.text(base + Pages.exportedPage(number), pages.consultation(c, query, page));
      // Feeds carry every input's content: read from the store for this page only.
      final Catalogue.Page full = catalogue.withBodies(page);
      out.text(base + feedPage(number, "json"), feeds.jsonFeed(c, full, n -> feedPage(n, "json")));
      out.text(
          base + feedPage(number, "atom"),
          atom.feed(c, full, n -> feedPage(n, "atom"), removed, updated));
      for (final PublicEntry e : slice) {
        if (safe(e.slug())) {
          out.text(
              base + e.slug() + ".html", pages.entry(c, catalogue.withBody(e), page.campaignOf(e)));
        }
        for (final PublicEntry.FileRef f : e.attachments()) {
          if (catalogue.publicAttachment(f.sha256()).isPresent()) {
            out.bytes(f.path(), catalogue.attachments().read(f.sha256()));
          }
        }
      }
      after = slice.isEmpty() ? null : slice.get(slice.size() - 1);
      number++;
    } while (after != null && number <= first.pageCount());
  }

  /** The first page's campaigns and those of the entries of a later page. */
  private Map<String, Catalogue.Campaign> campaigns(
      final Consultation c, final List<PublicEntry> slice, final Catalogue.Page first) {
    final Map<String, Catalogue.Campaign> out = new java.util.HashMap<>(first.campaigns());
    for (final PublicEntry e : slice) {
      if (e.campaignId() != null && !out.containsKey(e.campaignId())) {
        catalogue.campaign(c.getId(), e.campaignId()).ifPresent(k -> out.put(k.id(), k));
      }
    }
    return out;
  }

  /** feed.json, feed-2.json ...: a static host ignores query strings, so pages are files. */
  static String feedPage(final int n, final String ext) {
    return n <= 1 ? "feed." + ext : "feed-" + n + "." + ext;
  }

  /** Reads the topics up to their current end and exports once, for the command line. */
  public static Result fromTopics(
      final Map<String, Object> kafka, final SiteLinks links, final Path dir) throws IOException {
    // A temporary application of its own, removed with its topics when done.
    try (PublisherStreams streams = PublisherStreams.start(kafka, null, Duration.ofMinutes(5))) {
      if (!streams.caughtUp()) {
        throw new IOException("could not read the topics to their end within 5 minutes");
      }
      return new Exporter(streams.catalogue(), links).export(dir);
    }
  }

  static boolean safe(final String name) {
    return name != null && name.matches("[A-Za-z0-9._-]{1,200}") && !name.matches("\\.+");
  }

  /** Writes files that changed and remembers every path it was given. */
  private static final class Writer {
    private final Path root;
    private final Set<Path> kept = new HashSet<>();
    private int written;
    private int unchanged;

    Writer(final Path root) {
      this.root = root;
    }

    void text(final String relative, final String content) throws IOException {
      bytes(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(final String relative, final byte[] content) throws IOException {
      final Path target = root.resolve(relative).normalize();
      if (!target.startsWith(root)) {
        throw new IOException("refusing to write outside the export directory: " + relative);
      }
      kept.add(target);
      if (Files.isRegularFile(target)
          && Files.size(target) == content.length
          && java.util.Arrays.equals(Files.readAllBytes(target), content)) {
        unchanged++;
        return;
      }
      Files.createDirectories(target.getParent());
      final Path temp = Files.createTempFile(target.getParent(), ".export-", ".tmp");
      try {
        Files.write(temp, content);
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      written++;
    }

    /** Deletes files in the managed folders that this export did not write, then empty folders. */
    int deleteOthers() throws IOException {
      int deleted = 0;
      for (final String managed : MANAGED) {
        final Path top = root.resolve(managed);
        if (!Files.exists(top)) {
          continue;
        }
        final List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(top)) {
          walk.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (final Path p : all) {
          if (Files.isRegularFile(p) && !kept.contains(p)) {
            Files.delete(p);
            deleted++;
          } else if (Files.isDirectory(p) && !p.equals(top) && isEmpty(p)) {
            Files.delete(p);
          }
        }
      }
      return deleted;
    }

    private static boolean isEmpty(final Path dir) {
      try (Stream<Path> s = Files.list(dir)) {
        return s.findAny().isEmpty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
