package org.inputdesk.classifier.links;

import java.util.Arrays;

/**
 * One LSH bucket as {@link BucketKeeper} holds it in memory: row by row, each member's id and
 * signature side by side in one array, so comparing a new input with hundreds of members of a form
 * letter's bucket takes no look-up each. A member whose signature was made with another number of
 * hashes (the threshold changed) is never similar.
 */
final class Bucket {

  private final int width;
  private String[] ids;
  private long[] rows;
  private boolean[] known;
  private int size;

  Bucket(final int width) {
    this.width = width;
    // most buckets never get a second member: room for one, doubled as it grows
    this.ids = new String[1];
    this.rows = new long[width];
    this.known = new boolean[1];
  }

  int size() {
    return size;
  }

  String id(final int i) {
    return ids[i];
  }

  /** The member's position, or -1 when it is not a member. */
  int indexOf(final String id) {
    for (int i = 0; i < size; i++) {
      if (ids[i].equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** Adds a member at the end. */
  void add(final String id, final long[] signature) {
    if (size == ids.length) {
      final int capacity = Math.min(Math.max(1, 2 * size), BucketKeeper.MAX_BUCKET + 1);
      ids = Arrays.copyOf(ids, Math.max(capacity, size + 1));
      known = Arrays.copyOf(known, ids.length);
      rows = Arrays.copyOf(rows, ids.length * width);
    }
    ids[size] = id;
    if (signature != null && signature.length == width) {
      System.arraycopy(signature, 0, rows, size * width, width);
      known[size] = true;
    }
    size++;
  }

  /** Whether member i is similar to the signature, as the detector tells. */
  boolean similar(final int i, final long[] signature, final CampaignDetector detector) {
    return known[i] && signature.length == width && detector.similarAt(signature, rows, i * width);
  }
}
