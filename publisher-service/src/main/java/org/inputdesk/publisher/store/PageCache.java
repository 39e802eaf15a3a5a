package org.inputdesk.publisher.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last pages computed, each under the content digest of its consultation when it was asked for:
 * a page is served from here only while the digest is the same, so never after a change. Holds at
 * most {@code size} pages. Reads and writes nothing else.
 */
final class PageCache {

  private record Cached(long digest, Catalogue.Page page) {}

  private final Map<List<Object>, Cached> pages;

  PageCache(final int size) {
    this.pages =
        Collections.synchronizedMap(
            new LinkedHashMap<>(size, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(final Map.Entry<List<Object>, Cached> eldest) {
                return size() > size;
              }
            });
  }

  Catalogue.Page get(
      final String consultationId,
      final Catalogue.Query query,
      final long digest,
      final Supplier<Catalogue.Page> compute) {
    final List<Object> key = Arrays.asList(consultationId, query);
    final Cached cached = pages.get(key);
    if (cached != null && cached.digest() == digest) {
      return cached.page();
    }
    final Catalogue.Page page = compute.get();
    pages.put(key, new Cached(digest, page));
    return page;
  }
}
