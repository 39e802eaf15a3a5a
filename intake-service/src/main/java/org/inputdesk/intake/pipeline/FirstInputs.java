package org.inputdesk.intake.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.inputdesk.intake.mime.MimeReader;
import org.inputdesk.schemas.SubmissionKey;
import org.inputdesk.schemas.SubmissionReceived;

/**
 * Which submission came first under each exact-duplicate key, so a later copy's receipt names the
 * first one's tracking number. The keys are the classifier's (the same Message-ID, or the same
 * sender with the same normalised text, within one consultation), so a receipt says "duplicate"
 * exactly when the page withholds the copy as one; they are kept hashed, so no address is stored.
 * Keys of a transaction are staged, and kept only once it commits. Reads and writes nothing else.
 */
public final class FirstInputs {

  private final Map<String, SubmissionKey> known = new HashMap<>();
  private final Map<String, SubmissionKey> staged = new LinkedHashMap<>();

  /** The hashed duplicate keys of a submission whose consultation is decided. */
  public static List<String> keys(final SubmissionReceived s) {
    final String consultation = s.getConsultationId() == null ? "-" : s.getConsultationId();
    final List<String> keys = new ArrayList<>(2);
    if (s.getMessageId() != null && !s.getMessageId().isBlank()) {
      keys.add(hash(consultation + "|mid|" + s.getMessageId().trim()));
    }
    if (s.getFrom() != null && s.getContentSha256() != null) {
      keys.add(
          hash(
              consultation
                  + "|sha|"
                  + s.getFrom().getAddress().toLowerCase(Locale.ROOT)
                  + "|"
                  + s.getContentSha256()));
    }
    return keys;
  }

  private static String hash(final String key) {
    return MimeReader.sha256(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The first submission this one duplicates, committed or staged; empty when it is the first. */
  public Optional<SubmissionKey> firstOf(final SubmissionReceived s) {
    for (final String key : keys(s)) {
      final SubmissionKey first = staged.containsKey(key) ? staged.get(key) : known.get(key);
      if (first != null && !first.getSubmissionId().equals(s.getId())) {
        return Optional.of(first);
      }
    }
    return Optional.empty();
  }

  /**
   * Stages the keys of {@code s} not known yet, pointing at {@code first} (the submission itself
   * when it is the first); returns the staged keys, for the caller to write.
   */
  public Map<String, SubmissionKey> stage(final SubmissionReceived s, final SubmissionKey first) {
    final Map<String, SubmissionKey> added = new LinkedHashMap<>();
    for (final String key : keys(s)) {
      if (!known.containsKey(key) && !staged.containsKey(key)) {
        staged.put(key, first);
        added.put(key, first);
      }
    }
    return added;
  }

  /** The record naming {@code s} as a first submission. */
  public static SubmissionKey of(final SubmissionReceived s) {
    return SubmissionKey.newBuilder()
        .setSubmissionId(s.getId())
        .setTrackingNumber(s.getTrackingNumber())
        .setReceivedAt(s.getReceivedAt())
        .build();
  }

  /** The staged keys are committed: keep them. */
  public void commit() {
    staged.forEach(known::putIfAbsent);
    staged.clear();
  }

  /** The transaction was aborted: forget the staged keys. */
  public void abort() {
    staged.clear();
  }

  /** A key read from the topic; the first one written stands. */
  public void load(final String key, final SubmissionKey first) {
    if (first != null) {
      known.putIfAbsent(key, first);
    }
  }

  /** Keys known, for logs. */
  public int size() {
    return known.size();
  }
}
