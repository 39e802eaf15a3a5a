package org.inputdesk.publisher.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.privacy.PersonalData;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;

/**
 * Renders the HTML pages from catalogue data with Pebble templates (autoescaping on; only sanitised
 * HTML is output raw). All links are relative, so the same pages work served live and as a static
 * export. Reads templates from the classpath; writes strings.
 */
public final class Pages {

  /** Live pages link directories and offer filters; exported ones link files. */
  public enum Mode {
    LIVE("", "", true),
    EXPORT("index.html", ".html", false);

    final String index;
    final String ext;
    final boolean filters;

    Mode(final String index, final String ext, final boolean filters) {
      this.index = index;
      this.ext = ext;
      this.filters = filters;
    }
  }

  private final PebbleEngine pebble;
  private final Mode mode;

  public Pages(final Mode mode) {
    this.mode = mode;
    final ClasspathLoader loader = new ClasspathLoader(Pages.class.getClassLoader());
    loader.setPrefix("org/inputdesk/publisher/templates");
    loader.setSuffix(".peb");
    this.pebble =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .defaultEscapingStrategy("html")
            .strictVariables(false)
            .build();
  }

  /** The list of consultations. */
  public String home(final List<Catalogue.Summary> consultations) {
    final Map<String, Object> model = model("");
    model.put("consultations", consultations);
    return render("index", model);
  }

  /** One page of a consultation's posted inputs, with filters and counts when live. */
  public String consultation(
      final Consultation c, final Catalogue.Query query, final Catalogue.Page page) {
    final Map<String, Object> model = model("../../");
    model.put("consultation", c);
    model.put("pageTitle", Labels.pageTitle(c));
    model.put("deadline", Labels.deadline(c));
    model.put("page", page);
    model.put("entries", views(c, page.entries(), page.campaigns()));
    model.put("facets", facets(c, query, page));
    model.put("filtered", !SiteLinks.query(query, 1).isEmpty());
    model.put("previous", page.hasPrevious() ? pageLink(query, page.page() - 1) : null);
    model.put("next", page.hasNext() ? pageLink(query, page.page() + 1) : null);
    return render("consultation", model);
  }

  /** The whole of one input, with its campaign when it belongs to one (else null). */
  public String entry(
      final Consultation c, final PublicEntry entry, final Catalogue.Campaign campaign) {
    final Map<String, Object> model = model("../../");
    model.put("consultation", c);
    model.put(
        "v",
        views(c, List.of(entry), campaign == null ? Map.of() : Map.of(campaign.id(), campaign))
            .get(0));
    return render("entry", model);
  }

  /** The inputs per paragraph of the draft. */
  public String paragraphs(final Consultation c, final Map<String, List<PublicEntry>> byParagraph) {
    final List<Map<String, Object>> groups = new ArrayList<>();
    byParagraph.forEach(
        (ref, entries) -> {
          final Map<String, Object> group = new HashMap<>();
          group.put("ref", ref);
          group.put("entries", views(c, entries, Map.of()));
          groups.add(group);
        });
    final Map<String, Object> model = model("../../");
    model.put("consultation", c);
    model.put("groups", groups);
    return render("paragraphs", model);
  }

  /** An error page; {@code root} is the site root as an absolute path. */
  public String error(final String root, final String title, final String text) {
    final Map<String, Object> model = model(root);
    model.put("title", title);
    model.put("text", text);
    return render("error", model);
  }

  /** Page n of a list: a query string when served, a file of its own when exported. */
  private String pageLink(final Catalogue.Query query, final int n) {
    return mode == Mode.EXPORT ? exportedPage(n) : SiteLinks.query(query, n);
  }

  /** The file name of page n of an exported list. */
  public static String exportedPage(final int n) {
    return n <= 1 ? "index.html" : "page-" + n + ".html";
  }

  private Map<String, Object> model(final String root) {
    final Map<String, Object> model = new HashMap<>();
    model.put("root", root);
    model.put("index", mode.index);
    model.put("ext", mode.ext);
    model.put("live", mode.filters);
    return model;
  }

  /** What a template shows of each entry: the entry, its author, labels and campaign. */
  private List<Map<String, Object>> views(
      final Consultation c,
      final List<PublicEntry> entries,
      final Map<String, Catalogue.Campaign> campaigns) {
    final IndividualDisplay policy = c.getPolicy().getIndividuals();
    final List<Map<String, Object>> out = new ArrayList<>();
    for (final PublicEntry entry : entries) {
      final PublicEntry e = PersonalData.shown(c, entry);
      final Map<String, Object> view = new HashMap<>();
      view.put("e", e);
      view.put("href", SiteLinks.segment(e.slug()) + mode.ext);
      view.put("author", e.author(policy));
      view.put("senderType", Labels.senderType(e.senderType()));
      view.put("language", Labels.language(e.language()));
      view.put("lang", TextLanguage.of(e.language()));
      view.put("received", Labels.day(e.receivedAt()));
      view.put("receivedIso", e.receivedAt().toString());
      final List<String> themes = new ArrayList<>();
      for (final PublicEntry.Tag t : e.themes()) {
        final String label = Labels.theme(c, t.id());
        themes.add(label.equals(t.id()) ? t.label() : label);
      }
      view.put("themes", themes);
      final Catalogue.Campaign campaign =
          e.campaignId() == null ? null : campaigns.get(e.campaignId());
      if (campaign != null) {
        view.put("campaign", Labels.campaign(c, campaign));
        view.put("campaignSize", campaign.size());
        view.put(
            "campaignHref",
            mode.filters
                ? "./" + SiteLinks.query(with(Catalogue.Query.all(1), "campaign", campaign.id()), 1)
                : null);
      }
      out.add(view);
    }
    return out;
  }

  private static List<Map<String, Object>> facets(
      final Consultation c, final Catalogue.Query q, final Catalogue.Page page) {
    final Map<String, String> titles = new LinkedHashMap<>();
    titles.put("theme", "Theme");
    titles.put("sender-type", "Sender type");
    titles.put("language", "Language");
    titles.put("late", "Timeliness");
    titles.put("campaign", "Campaign");
    final List<Map<String, Object>> out = new ArrayList<>();
    titles.forEach(
        (name, title) -> {
          final Map<String, Integer> counts = page.facets().getOrDefault(name, Map.of());
          if (counts.isEmpty()) {
            return;
          }
          final List<Map<String, Object>> values = new ArrayList<>();
          counts.forEach(
              (value, count) -> {
                final Map<String, Object> v = new HashMap<>();
                v.put("label", label(c, page, name, value));
                v.put("count", count);
                v.put("href", SiteLinks.query(with(q, name, value), 1));
                v.put("selected", value.equals(selected(q, name)));
                values.add(v);
              });
          final Map<String, Object> facet = new HashMap<>();
          facet.put("title", title);
          facet.put("values", values);
          facet.put(
              "clear", selected(q, name) == null ? null : SiteLinks.query(with(q, name, null), 1));
          out.add(facet);
        });
    return out;
  }

  private static String label(
      final Consultation c, final Catalogue.Page page, final String facet, final String value) {
    switch (facet) {
      case "theme":
        final String label = Labels.theme(c, value);
        return label.equals(value) ? page.themeLabels().getOrDefault(value, value) : label;
      case "sender-type":
        return Labels.senderType(value);
      case "language":
        return Labels.language(value);
      case "late":
        return Labels.late(value);
      case "campaign":
        final Catalogue.Campaign campaign = page.campaigns().get(value);
        return campaign == null ? value : Labels.campaign(c, campaign);
      default:
        return value;
    }
  }

  private static String selected(final Catalogue.Query q, final String facet) {
    switch (facet) {
      case "theme":
        return q.theme();
      case "sender-type":
        return q.senderType();
      case "language":
        return q.language();
      case "late":
        return q.late() == null ? null : q.late().toString();
      default:
        return q.campaign();
    }
  }

  private static Catalogue.Query with(
      final Catalogue.Query q, final String facet, final String value) {
    return new Catalogue.Query(
        facet.equals("theme") ? value : q.theme(),
        facet.equals("sender-type") ? value : q.senderType(),
        facet.equals("language") ? value : q.language(),
        facet.equals("late") ? (value == null ? null : Boolean.valueOf(value)) : q.late(),
        facet.equals("campaign") ? value : q.campaign(),
        q.since(),
        1,
        q.pageSize());
  }

  private String render(final String template, final Map<String, Object> model) {
    final StringWriter out = new StringWriter();
    try {
      pebble.getTemplate(template).evaluate(out, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
