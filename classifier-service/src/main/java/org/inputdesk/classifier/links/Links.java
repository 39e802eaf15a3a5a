package org.inputdesk.classifier.links;

/**
 * What the duplicate and campaign finder learned about one submission: the first submission it
 * duplicates, and the campaign it belongs to (id, size when last seen, representative). Travels
 * between the topology's stages as a tab-separated string.
 */
public record Links(
    String duplicateOf, String campaignId, int campaignSize, String representativeId) {

  /** Encodes for a topic; empty fields for nulls. */
  public String encode() {
    return nz(duplicateOf)
        + "\t"
        + nz(campaignId)
        + "\t"
        + campaignSize
        + "\t"
        + nz(representativeId);
  }

  /** Decodes what {@link #encode()} wrote; null in, null out. */
  public static Links decode(final String encoded) {
    if (encoded == null) {
      return null;
    }
    final String[] f = encoded.split("\t", -1);
    return new Links(
        nullIfEmpty(f[0]), nullIfEmpty(f[1]), Integer.parseInt(f[2]), nullIfEmpty(f[3]));
  }

  private static String nz(final String s) {
    return s == null ? "" : s;
  }

  private static String nullIfEmpty(final String s) {
    return s.isEmpty() ? null : s;
  }
}
