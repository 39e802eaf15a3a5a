package org.inputdesk.publisher.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.publisher.store.Keys.ScopedKey;
import org.inputdesk.publisher.store.Values.CampaignIndex;

/**
 * Campaigns of form letters as the {@link Catalogue} shows them. Each partition keeps an index of
 * the members it holds (representative, largest size seen, a member that names it); a campaign is
 * the largest size over them, named by its representative while that is posted, else by another
 * posted member. Reads the {@value PublisherTopology#CAMPAIGNS} and entry stores; writes nothing.
 */
final class Campaigns {

  private final StoreAccess stores;
  private final Catalogue catalogue;

  Campaigns(final StoreAccess stores, final Catalogue catalogue) {
    this.stores = stores;
    this.catalogue = catalogue;
  }

  /** A campaign as the public sees it, from every partition's index; empty when none has one. */
  Optional<Catalogue.Campaign> campaign(final String consultationId, final String campaignId) {
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
    PublicEntry named = catalogue.entry(representative);
    for (int i = 0;
        (named == null || !consultationId.equals(named.consultationId())) && i < namers.size();
        i++) {
      named = catalogue.entry(namers.get(i));
    }
    if (named != null && !consultationId.equals(named.consultationId())) {
      named = null;
    }
    return Optional.of(new Catalogue.Campaign(campaignId, size, named));
  }

  /** The campaigns a page shows: in its facet counts and on its entries. */
  Map<String, Catalogue.Campaign> shown(
      final String consultationId,
      final List<PublicEntry> slice,
      final Map<String, Map<String, Integer>> facets) {
    final Set<String> ids = new LinkedHashSet<>(facets.getOrDefault("campaign", Map.of()).keySet());
    slice.stream().map(PublicEntry::campaignId).filter(Objects::nonNull).forEach(ids::add);
    final Map<String, Catalogue.Campaign> out = new LinkedHashMap<>();
    for (final String id : ids) {
      campaign(consultationId, id).ifPresent(c -> out.put(id, c));
    }
    return Map.copyOf(out);
  }
}
