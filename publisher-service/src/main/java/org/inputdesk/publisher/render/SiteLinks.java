package org.inputdesk.publisher.render;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.store.Catalogue;

/** Builds the site's URLs, absolute from a base URL or relative; reads and writes nothing. */
public final class SiteLinks {

  private volatile URI base;

  /** {@code base} is absolute and ends in a slash. */
  public SiteLinks(final URI base) {
    this.base = base;
  }

  /** Sets the base once the server knows its port. */
  public void rebase(final URI newBase) {
    this.base = newBase;
  }

  public URI base() {
    return base;
  }

  /** The base plus a path relative to the site root. */
  public String absolute(final String relative) {
    return base.toString() + relative;
  }

  /** {@code c/ID/} */
  public static String consultation(final String id) {
    return "c/" + segment(id) + "/";
  }

  /** {@code c/ID/SLUG} */
  public static String entry(final String consultationId, final PublicEntry entry) {
    return consultation(consultationId) + segment(entry.slug());
  }

  /** One URL path segment, percent-encoded. */
  public static String segment(final String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The query string (with its {@code ?}, or empty) that selects the query's filters and page. */
  public static String query(final Catalogue.Query q, final int page) {
    final List<String> parts = new ArrayList<>();
    add(parts, "theme", q.theme());
    add(parts, "sender-type", q.senderType());
    add(parts, "language", q.language());
    add(parts, "late", q.late() == null ? null : q.late().toString());
    add(parts, "campaign", q.campaign());
    add(parts, "since", q.since() == null ? null : q.since().toString());
    if (page > 1) {
      parts.add("page=" + page);
    }
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  private static void add(final List<String> parts, final String name, final String value) {
    if (value != null) {
      parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
