package org.inputdesk.publisher.render;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.privacy.PersonalData;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;

/**
 * Writes a consultation's posted inputs as an Atom feed (RFC 4287) with categories, RFC 5005 paging
 * links, RFC 6721 deleted entries for inputs taken down, and paragraph references, campaign and
 * country in the {@code inputdesk} namespace. One page of a catalogue query in, the XML document
 * out; reads and writes nothing else.
 */
public final class AtomWriter {

  public static final String CONTENT_TYPE = "application/atom+xml; charset=utf-8";
  static final String ATOM = "http://www.w3.org/2005/Atom";
  static final String TOMBSTONES = "http://purl.org/atompub/tombstones/1.0";
  static final String SCHEME = "https://inputdesk.org/tags";

  /** InputDesk's own elements: paragraph references, campaign, country (and JSON Feed's about). */
  public static final String INPUTDESK = "https://inputdesk.org/ns/1.0";

  private final SiteLinks links;

  public AtomWriter(final SiteLinks links) {
    this.links = links;
  }

  /** The Atom id of a submission, shared by its entry and its deleted-entry. */
  public static String entryId(final String submissionId) {
    return "urn:inputdesk:submission:" + SiteLinks.segment(submissionId);
  }

  /** The feed of one page; deleted entries are listed on the first page only. */
  public String feed(
      final Consultation consultation,
      final Catalogue.Page page,
      final Catalogue.Query query,
      final List<Catalogue.Removed> removed,
      final Instant updated) {
    return feed(consultation, page, n -> "feed.atom" + SiteLinks.query(query, n), removed, updated);
  }

  /**
   * The feed of one page, with {@code pageName} giving the name of page n relative to the
   * consultation's home: a query string when served, a file name when exported.
   */
  public String feed(
      final Consultation consultation,
      final Catalogue.Page page,
      final java.util.function.IntFunction<String> pageName,
      final List<Catalogue.Removed> removed,
      final Instant updated) {
    final String home = links.absolute(SiteLinks.consultation(consultation.getId()));
    final StringWriter out = new StringWriter();
    try {
      final XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.setDefaultNamespace(ATOM);
      xml.writeStartElement(ATOM, "feed");
      xml.writeDefaultNamespace(ATOM);
      xml.writeNamespace("at", TOMBSTONES);
      xml.writeNamespace("inputdesk", INPUTDESK);
      text(xml, "id", "urn:inputdesk:consultation:" + SiteLinks.segment(consultation.getId()));
      text(xml, "title", consultation.getTitle());
      if (consultation.getDescription() != null) {
        text(xml, "subtitle", consultation.getDescription());
      }
      text(xml, "updated", (updated == null ? consultation.getUpdatedAt() : updated).toString());
      link(xml, "self", home + pageName.apply(page.page()), AtomWriter.CONTENT_TYPE);
      link(xml, "alternate", home, "text/html");
      link(xml, "first", home + pageName.apply(1), null);
      link(xml, "last", home + pageName.apply(page.pageCount()), null);
      if (page.hasPrevious()) {
        link(xml, "previous", home + pageName.apply(page.page() - 1), null);
      }
      if (page.hasNext()) {
        link(xml, "next", home + pageName.apply(page.page() + 1), null);
      }
      xml.writeStartElement(ATOM, "author");
      text(xml, "name", "Secretariat of " + consultation.getTitle());
      xml.writeEndElement();
      if (page.page() == 1) {
        for (final Catalogue.Removed r : removed) {
          xml.writeStartElement(TOMBSTONES, "deleted-entry");
          xml.writeAttribute("ref", entryId(r.id()));
          xml.writeAttribute("when", r.at().toString());
          if (r.trackingNumber() != null) {
            text(xml, TOMBSTONES, "comment", r.trackingNumber() + " is no longer published");
          }
          xml.writeEndElement();
        }
      }
      final IndividualDisplay policy = consultation.getPolicy().getIndividuals();
      for (final PublicEntry e : page.entries()) {
        entry(xml, PersonalData.shown(consultation, e), policy, page.campaignOf(e), consultation);
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write Atom feed", e);
    }
    return out.toString();
  }

  private void entry(
      final XMLStreamWriter xml,
      final PublicEntry e,
      final IndividualDisplay policy,
      final Catalogue.Campaign campaign,
      final Consultation consultation)
      throws XMLStreamException {
    xml.writeStartElement(ATOM, "entry");
    final TextLanguage language = TextLanguage.of(e.language());
    if (language != null) {
      xml.writeAttribute("xml", javax.xml.XMLConstants.XML_NS_URI, "lang", language.lang());
    }
    text(xml, "id", entryId(e.id()));
    text(xml, "title", FeedWriter.title(e));
    text(xml, "published", e.receivedAt().toString());
    text(xml, "updated", e.modifiedAt().toString());
    link(xml, "alternate", links.absolute(SiteLinks.entry(e.consultationId(), e)), "text/html");
    final String author = e.author(policy);
    xml.writeStartElement(ATOM, "author");
    text(xml, "name", author == null ? Labels.senderType(e.senderType()) : author);
    xml.writeEndElement();
    for (final PublicEntry.Tag t : e.themes()) {
      category(xml, "theme:" + t.id(), t.label());
    }
    category(xml, "sender-type:" + e.senderType(), Labels.senderType(e.senderType()));
    if (e.language() != null) {
      category(xml, "language:" + e.language(), Labels.language(e.language()));
    }
    for (final PublicEntry.FileRef f : e.attachments()) {
      xml.writeEmptyElement(ATOM, "link");
      xml.writeAttribute("rel", "enclosure");
      xml.writeAttribute("href", links.absolute(f.path()));
      xml.writeAttribute("type", f.contentType());
      xml.writeAttribute("length", Long.toString(f.size()));
      xml.writeAttribute("title", f.name());
    }
    extension(xml, e, campaign == null ? null : campaign.title(consultation), campaign);
    xml.writeStartElement(ATOM, "summary");
    xml.writeAttribute("type", "text");
    xml.writeCharacters(e.excerpt());
    xml.writeEndElement();
    xml.writeStartElement(ATOM, "content");
    if (e.html() != null) {
      xml.writeAttribute("type", "html");
      xml.writeCharacters(e.html());
    } else {
      xml.writeAttribute("type", "text");
      xml.writeCharacters(e.text() == null ? "" : e.text());
    }
    xml.writeEndElement();
    xml.writeEndElement();
  }

  /** Paragraph references, campaign and country as elements of the inputdesk namespace. */
  private static void extension(
      final XMLStreamWriter xml,
      final PublicEntry e,
      final String campaignTitle,
      final Catalogue.Campaign campaign)
      throws XMLStreamException {
    for (final String ref : e.paragraphRefs()) {
      text(xml, INPUTDESK, "paragraph", ref);
    }
    if (e.campaignId() != null) {
      xml.writeStartElement(INPUTDESK, "campaign");
      xml.writeAttribute("id", stripInvalidXml(e.campaignId()));
      xml.writeAttribute(
          "size", Integer.toString(campaign == null ? e.campaignSize() : campaign.size()));
      if (campaignTitle != null) {
        xml.writeCharacters(stripInvalidXml(campaignTitle));
      }
      xml.writeEndElement();
    }
    if (e.country() != null) {
      text(xml, INPUTDESK, "country", e.country());
    }
    for (final PublicEntry.NotPublished n : e.notPublished()) {
      xml.writeStartElement(INPUTDESK, "attachment-not-published");
      xml.writeAttribute("title", stripInvalidXml(n.name()));
      if (n.size() > 0) {
        xml.writeAttribute("length", Long.toString(n.size()));
      }
      xml.writeCharacters(n.reason());
      xml.writeEndElement();
    }
  }

  private static void category(final XMLStreamWriter xml, final String term, final String label)
      throws XMLStreamException {
    xml.writeEmptyElement(ATOM, "category");
    xml.writeAttribute("term", term);
    xml.writeAttribute("scheme", SCHEME);
    xml.writeAttribute("label", label);
  }

  private static void link(
      final XMLStreamWriter xml, final String rel, final String href, final String type)
      throws XMLStreamException {
    xml.writeEmptyElement(ATOM, "link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("href", href);
    if (type != null) {
      xml.writeAttribute("type", type);
    }
  }

  private static void text(final XMLStreamWriter xml, final String name, final String value)
      throws XMLStreamException {
    text(xml, ATOM, name, value);
  }

  private static void text(
      final XMLStreamWriter xml, final String ns, final String name, final String value)
      throws XMLStreamException {
    xml.writeStartElement(ns, name);
    xml.writeCharacters(value == null ? "" : stripInvalidXml(value));
    xml.writeEndElement();
  }

  /** XML 1.0 cannot carry most control characters; email text sometimes has them. */
  static String stripInvalidXml(final String value) {
    return value.replaceAll(
        "[^\\x09\\x0A\\x0D\\x20-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]", "");
  }
}
