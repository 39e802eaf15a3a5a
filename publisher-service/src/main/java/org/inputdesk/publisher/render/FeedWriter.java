package org.inputdesk.publisher.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.privacy.PersonalData;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;

/**
 * Writes a consultation's posted inputs as JSON Feed 1.1 (https://jsonfeed.org/version/1.1): one
 * page of a catalogue query in, the feed document out, with absolute links from the public base
 * URL; paragraph references, campaign, country and the attachments not published in each item's
 * {@code _inputdesk} extension. Reads and writes nothing else.
 */
public final class FeedWriter {

  public static final String VERSION = "https://jsonfeed.org/version/1.1";
  public static final String CONTENT_TYPE = "application/feed+json; charset=utf-8";

  /** The key of InputDesk's extension object in each item. */
  public static final String EXTENSION = "_inputdesk";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private final SiteLinks links;

  public FeedWriter(final SiteLinks links) {
    this.links = links;
  }

  /** The feed of one page; {@code next_url} points at the following page when there is one. */
  public String jsonFeed(
      final Consultation consultation, final Catalogue.Page page, final Catalogue.Query query) {
    return jsonFeed(consultation, page, n -> "feed.json" + SiteLinks.query(query, n));
  }

  /**
   * The feed of one page, with {@code pageName} giving the name of page n relative to the
   * consultation's home: a query string when served, a file name when exported.
   */
  public String jsonFeed(
      final Consultation consultation,
      final Catalogue.Page page,
      final java.util.function.IntFunction<String> pageName) {
    final String home = links.absolute(SiteLinks.consultation(consultation.getId()));
    final ObjectNode feed = MAPPER.createObjectNode();
    feed.put("version", VERSION);
    feed.put("title", consultation.getTitle());
    feed.put("home_page_url", home);
    feed.put("feed_url", home + "feed.json");
    if (consultation.getDescription() != null) {
      feed.put("description", consultation.getDescription());
    }
    if (page.hasNext()) {
      feed.put("next_url", home + pageName.apply(page.page() + 1));
    }
    final IndividualDisplay policy = consultation.getPolicy().getIndividuals();
    final ArrayNode items = feed.putArray("items");
    for (final PublicEntry entry : page.entries()) {
      items.add(
          item(
              PersonalData.shown(consultation, entry),
              policy,
              page.campaignOf(entry),
              consultation));
    }
    try {
      return MAPPER.writeValueAsString(feed);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode item(
      final PublicEntry entry,
      final IndividualDisplay policy,
      final Catalogue.Campaign campaign,
      final Consultation consultation) {
    final ObjectNode item = MAPPER.createObjectNode();
    item.put("id", entry.id());
    item.put("url", links.absolute(SiteLinks.entry(entry.consultationId(), entry)));
    item.put("title", title(entry));
    item.put("content_text", entry.text() == null ? "" : entry.text());
    if (entry.html() != null) {
      item.put("content_html", entry.html());
    }
    item.put("summary", entry.excerpt());
    item.put("date_published", entry.receivedAt().toString());
    item.put("date_modified", entry.modifiedAt().toString());
    if (entry.language() != null) {
      item.put("language", entry.language());
    }
    final ArrayNode tags = item.putArray("tags");
    entry.themes().forEach(t -> tags.add("theme:" + t.id()));
    tags.add("sender-type:" + entry.senderType());
    if (entry.language() != null) {
      tags.add("language:" + entry.language());
    }
    final String author = entry.author(policy);
    if (author != null) {
      item.putArray("authors").addObject().put("name", author);
    }
    if (!entry.attachments().isEmpty()) {
      final ArrayNode files = item.putArray("attachments");
      for (final PublicEntry.FileRef f : entry.attachments()) {
        files
            .addObject()
            .put("url", links.absolute(f.path()))
            .put("mime_type", f.contentType())
            .put("title", f.name())
            .put("size_in_bytes", f.size());
      }
    }
    item.set(EXTENSION, extension(entry, campaign, consultation));
    return item;
  }

  /**
   * What JSON Feed has no field for, under the extension key (an object whose {@code about} links
   * its description, as the spec asks): paragraph references, campaign, country.
   */
  private static ObjectNode extension(
      final PublicEntry entry, final Catalogue.Campaign campaign, final Consultation consultation) {
    final ObjectNode ext = MAPPER.createObjectNode();
    ext.put("about", AtomWriter.INPUTDESK);
    final ArrayNode paragraphs = ext.putArray("paragraphs");
    entry.paragraphRefs().forEach(paragraphs::add);
    if (entry.campaignId() != null) {
      final ObjectNode c = ext.putObject("campaign");
      c.put("id", entry.campaignId());
      c.put("size", campaign == null ? entry.campaignSize() : campaign.size());
      final String title = campaign == null ? null : campaign.title(consultation);
      if (title != null) {
        c.put("title", title);
      }
    }
    if (entry.country() != null) {
      ext.put("country", entry.country());
    }
    if (!entry.notPublished().isEmpty()) {
      final ArrayNode missing = ext.putArray("attachments_not_published");
      for (final PublicEntry.NotPublished n : entry.notPublished()) {
        final ObjectNode m = missing.addObject().put("title", n.name());
        if (n.size() > 0) {
          m.put("size_in_bytes", n.size());
        }
        m.put("reason", n.reason());
      }
    }
    return ext;
  }

  /** Tracking number and subject, the way the page lists them. */
  static String title(final PublicEntry entry) {
    return entry.title();
  }
}
