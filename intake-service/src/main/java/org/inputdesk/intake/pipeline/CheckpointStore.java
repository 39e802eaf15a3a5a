package org.inputdesk.intake.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inputdesk.common.kafka.TopicScanner;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one source (a mailbox, or an import) stands: its last committed {@code intake-checkpoints}
 * record (UIDVALIDITY, last UID, tracking sequences), read at start and advanced after each
 * transaction; and, when the folder's UIDVALIDITY changed, the keys of what it submitted before, so
 * re-reading the folder skips them. Reads {@code intake-checkpoints} and {@code
 * submissions-received} (read_committed, to their current end); writes nothing — the checkpoint is
 * written in each submission transaction by {@link SubmissionWriter}.
 */
public final class CheckpointStore {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

  private final Map<String, Object> clientProps;
  private final String source;
  private final String label;
  // the last committed checkpoint; written by the committer thread, read by the reader
  private volatile MailboxCheckpoint current;

  /**
   * @param source the checkpoint key: the mailbox name, or {@code import:NAME}
   * @param label how logs name the source (a mailbox address masked)
   */
  public CheckpointStore(
      final Map<String, Object> clientProps, final String source, final String label) {
    this.clientProps = clientProps;
    this.source = source;
    this.label = label;
  }

  /**
   * Reads the source's last committed checkpoint (null when it has none) and starts from it. Call
   * after the producer's initTransactions, which aborts what a crashed predecessor left open.
   */
  public MailboxCheckpoint load() {
    current = all(clientProps).get(source);
    return current;
  }

  /** The last committed checkpoint, null before the first. */
  public MailboxCheckpoint current() {
    return current;
  }

  /** After a commit: the checkpoint it wrote. */
  public void advance(final MailboxCheckpoint committed) {
    current = committed;
  }

  /** Every source's last committed checkpoint, by source (read_committed, to the current end). */
  public static Map<String, MailboxCheckpoint> all(final Map<String, Object> clientProps) {
    final Map<String, MailboxCheckpoint> out = new HashMap<>();
    TopicScanner.scan(
        clientProps,
        Topics.INTAKE_CHECKPOINTS.name(),
        new StringDeserializer(),
        Topics.INTAKE_CHECKPOINTS.valueSerde().deserializer(),
        r -> {
          if (r.key() == null) {
            return;
          }
          if (r.value() == null) {
            out.remove(r.key());
          } else {
            out.put(r.key(), r.value());
          }
        });
    return out;
  }

  /**
   * The sequence keys the sources other than {@code source} number with, to the source of each:
   * what {@link TrackingNumbers} must not use.
   */
  public static Map<String, String> othersKeys(
      final Map<String, Object> clientProps, final String source) {
    final Map<String, String> out = new HashMap<>();
    all(clientProps)
        .forEach(
            (name, c) -> {
              if (!name.equals(source)) {
                c.getTrackingSequences().keySet().forEach(k -> out.put(k, name));
              }
            });
    return out;
  }

  // ---------------------------------------------------------------- resync

  /**
   * The Message-IDs and content keys of what this mailbox submitted before, for re-reading a folder
   * whose UIDVALIDITY changed.
   */
  public Set<String> submittedKeys() {
    final Set<String> seen = new HashSet<>();
    TopicScanner.scan(
        clientProps,
        Topics.SUBMISSIONS_RECEIVED.name(),
        new StringDeserializer(),
        Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer(),
        r -> {
          final SubmissionReceived s = r.value();
          if (s != null && source.equals(s.getSource().getMailbox())) {
            seen.addAll(dedupKeys(s));
          }
        });
    LOG.info("Mailbox {}: {} keys of earlier submissions loaded", label, seen.size());
    return seen;
  }

  /** A submission's keys for the resync: its Message-ID, and its sender, subject and content. */
  public static List<String> dedupKeys(final SubmissionReceived s) {
    final List<String> keys = new ArrayList<>();
    if (s.getMessageId() != null) {
      keys.add("mid:" + s.getMessageId());
    }
    keys.add(
        "sha:"
            + s.getFrom().getAddress()
            + "\u0000"
            + s.getSubject()
            + "\u0000"
            + s.getContentSha256());
    return keys;
  }
}
