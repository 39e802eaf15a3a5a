package org.inputdesk.publisher.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.inputdesk.publisher.store.Keys.ListKey;
import org.inputdesk.publisher.store.Values.Listed;

/**
 * A consultation's list, newest first, over every partition: each partition's {@value
 * PublisherTopology#NEWEST_FIRST} store is already in that order, so their scans are merged by key
 * bytes, as one store would have given them. Reads only; close it to free the store iterators.
 */
final class NewestFirst implements AutoCloseable {

  private final List<KeyValueIterator<ListKey, Listed>> scans;
  private final List<KeyValue<ListKey, Listed>> heads;
  private final List<byte[]> headBytes;

  private NewestFirst(final List<KeyValueIterator<ListKey, Listed>> scans) {
    this.scans = scans;
    this.heads = new ArrayList<>(scans.size());
    this.headBytes = new ArrayList<>(scans.size());
    for (int i = 0; i < scans.size(); i++) {
      heads.add(null);
      headBytes.add(null);
      advance(i);
    }
  }

  /** The list of {@code consultationId} from {@code from} (inclusive; null: from the newest). */
  static NewestFirst of(
      final List<ReadOnlyKeyValueStore<ListKey, Listed>> partitions,
      final String consultationId,
      final ListKey from) {
    final List<KeyValueIterator<ListKey, Listed>> scans = new ArrayList<>(partitions.size());
    try {
      for (final ReadOnlyKeyValueStore<ListKey, Listed> p : partitions) {
        scans.add(
            from == null
                ? p.prefixScan(List.of(consultationId), Keys.PREFIX)
                : p.range(from, ListKey.end(consultationId)));
      }
    } catch (RuntimeException e) {
      scans.forEach(KeyValueIterator::close);
      throw e;
    }
    return new NewestFirst(scans);
  }

  private void advance(final int i) {
    if (scans.get(i).hasNext()) {
      final KeyValue<ListKey, Listed> next = scans.get(i).next();
      heads.set(i, next);
      headBytes.set(i, Keys.LIST.serializer().serialize("", next.key));
    } else {
      heads.set(i, null);
      headBytes.set(i, null);
    }
  }

  boolean hasNext() {
    return heads.stream().anyMatch(h -> h != null);
  }

  KeyValue<ListKey, Listed> next() {
    int best = -1;
    for (int i = 0; i < heads.size(); i++) {
      if (heads.get(i) != null
          && (best < 0 || Arrays.compareUnsigned(headBytes.get(i), headBytes.get(best)) < 0)) {
        best = i;
      }
    }
    if (best < 0) {
      throw new NoSuchElementException();
    }
    final KeyValue<ListKey, Listed> out = heads.get(best);
    advance(best);
    return out;
  }

  /** Moves past {@code n} keys. */
  void skip(final long n) {
    for (long i = 0; i < n && hasNext(); i++) {
      next();
    }
  }

  @Override
  public void close() {
    scans.forEach(KeyValueIterator::close);
  }
}
