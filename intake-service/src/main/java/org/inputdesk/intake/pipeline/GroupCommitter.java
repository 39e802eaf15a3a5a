package org.inputdesk.intake.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.intake.consultations.ConsultationFeed;
import org.inputdesk.intake.mime.MimeReader;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.SubmissionReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committer thread of the mailbox intake: Kafka transactions one after the other, batches in
 * UID order. Commits the oldest waiting batch together with the batches after it that are already
 * read (group commit: while one transaction runs, the next batches are read, and one transaction
 * for them all spares the fixed cost of each). The checkpoint, and so the flags, cover the whole
 * group; a failure fails every batch of it and drops the ones queued after, until {@link #reset}.
 * Reads the parsed batches; writes through the {@link SubmissionWriter}.
 */
final class GroupCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  /** Most message bytes in one transaction (one message at least), to bound memory. */
  static final long BATCH_BYTES = 64L * 1024 * 1024;

  /** Most messages committed in one transaction when batches wait for the committer. */
  private static final int MAX_GROUP = 1_000;

  /** One message read from the mailbox, and what it became. */
  record Item(
      long uid, byte[] raw, MimeReader.Result result, String rejection, boolean duplicate) {}

  /** What the committer made of a batch: its items, and those committed as submissions. */
  record Committed(
      List<Item> items,
      List<SubmissionReceived> submitted,
      MailboxCheckpoint next,
      long readNanos,
      long parseNanos,
      long consultationsNanos,
      long commitNanos,
      int group) {}

  /** A batch being read on the reader threads, waiting for the committer. */
  record Pending(
      long uidValidity,
      List<CompletableFuture<List<Item>>> chunks,
      long upTo,
      long bytes,
      long fetchedAt,
      long submitted,
      AtomicLong parseNanos,
      CompletableFuture<Committed> result) {

    Pending(
        final long uidValidity,
        final List<CompletableFuture<List<Item>>> chunks,
        final long upTo,
        final long bytes,
        final long fetchedAt,
        final long submitted,
        final AtomicLong parseNanos) {
      this(
          uidValidity,
          chunks,
          upTo,
          bytes,
          fetchedAt,
          submitted,
          parseNanos,
          new CompletableFuture<>());
    }

    boolean read() {
      return chunks.stream().allMatch(CompletableFuture::isDone);
    }

    List<Item> items() {
      final List<Item> items = new ArrayList<>();
      for (final CompletableFuture<List<Item>> c : chunks) {
        items.addAll(c.join());
      }
      return items;
    }
  }

  private final IntakeConfig config;
  private final ConsultationFeed feed;
  private final SubmissionWriter writer;
  private final CheckpointStore checkpoints;
  private final AfterCommit afterCommit;
  // one thread: Kafka transactions one after the other, batches in UID order
  private final ExecutorService committer =
      Executors.newSingleThreadExecutor(IntakePipeline.daemon("intake-commit"));
  // batches handed to the committer, oldest first; only the committer thread takes from it
  private final ConcurrentLinkedDeque<Pending> toCommit = new ConcurrentLinkedDeque<>();
  private final AtomicLong submissions = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  // set when a batch could not be read or committed: the batches queued after it are dropped
  private volatile boolean broken;

  GroupCommitter(
      final IntakeConfig config,
      final ConsultationFeed feed,
      final SubmissionWriter writer,
      final CheckpointStore checkpoints,
      final AfterCommit afterCommit) {
    this.config = config;
    this.feed = feed;
    this.writer = writer;
    this.checkpoints = checkpoints;
    this.afterCommit = afterCommit;
  }

  /** At the start of a sync: nothing queued, nothing broken. */
  void reset() {
    broken = false;
  }

  /** Queues the batch's commit after the batches before it; the future completes after it. */
  CompletableFuture<Committed> enqueue(final Pending pending) {
    toCommit.add(pending);
    committer.execute(this::commitNext);
    return pending.result();
  }

  long submissionCount() {
    return submissions.get();
  }

  long deadLetterCount() {
    return deadLetters.get();
  }

  private void commitNext() {
    final Pending first = toCommit.poll();
    if (first == null) {
      return; // committed already, in an earlier group
    }
    final List<Pending> group = new ArrayList<>();
    group.add(first);
    try {
      final List<List<Item>> parts = new ArrayList<>();
      parts.add(first.items());
      final long read = System.nanoTime();
      if (broken) {
        throw new CancellationException("an earlier batch was not committed");
      }
      int count = parts.get(0).size();
      long bytes = first.bytes();
      for (Pending next = toCommit.peek();
          next != null
              && next.read()
              && next.uidValidity() == first.uidValidity()
              && count < MAX_GROUP
              && bytes + next.bytes() <= BATCH_BYTES;
          next = toCommit.peek()) {
        toCommit.poll();
        group.add(next);
        parts.add(next.items());
        count += parts.get(parts.size() - 1).size();
        bytes += next.bytes();
      }
      final List<Item> all = new ArrayList<>(count);
      parts.forEach(all::addAll);
      // consultations published before the messages were fetched must be known to match them;
      // the feed was asked to check at fetch time, so it usually has by now
      feed.awaitCaughtUp(config.consultationsWait(), group.get(group.size() - 1).fetchedAt());
      final long fed = System.nanoTime();
      final SubmissionWriter.Committed done =
          commit(first.uidValidity(), all, group.get(group.size() - 1).upTo());
      final Set<String> submittedIds = new HashSet<>();
      done.submitted().forEach(s -> submittedIds.add(s.getId()));
      final long commitNanos = System.nanoTime() - read;
      for (int i = 0; i < group.size(); i++) {
        final Pending p = group.get(i);
        final List<SubmissionReceived> submitted = new ArrayList<>();
        for (final Item item : parts.get(i)) {
          if (item.result() != null && submittedIds.contains(item.result().submission().getId())) {
            submitted.add(item.result().submission());
          }
        }
        p.result()
            .complete(
                new Committed(
                    parts.get(i),
                    submitted,
                    done.checkpoint(),
                    read - p.submitted(),
                    p.parseNanos().get(),
                    fed - read,
                    commitNanos,
                    group.size()));
      }
    } catch (RuntimeException | Error e) {
      broken = true;
      for (final Pending p : group) {
        p.result().completeExceptionally(e);
      }
    }
  }

  /** The items' records and the checkpoint at max(their UIDs, upTo), split up when refused. */
  private SubmissionWriter.Committed commit(
      final long uidValidity, final List<Item> items, final long upTo) {
    final List<SubmissionWriter.Entry> entries = new ArrayList<>(items.size());
    for (final Item item : items) {
      entries.add(
          new SubmissionWriter.Entry(
              SubmissionIds.of(config.mailboxName(), uidValidity, item.uid()),
              "uid " + item.uid(),
              item.raw(),
              item.result(),
              item.rejection(),
              item.duplicate(),
              Map.of(
                  "mailbox", config.mailboxName(),
                  "uidvalidity", String.valueOf(uidValidity),
                  "uid", String.valueOf(item.uid()))));
    }
    final SubmissionWriter.Committed done =
        writer.commitOrSplit(checkpoints, uidValidity, upTo, entries);
    afterCommit.committed(done);
    submissions.addAndGet(done.submitted().size());
    deadLetters.addAndGet(done.deadLetters());
    LOG.debug(
        "Mailbox {}: committed {} messages up to uid {} (uidvalidity {})",
        config.mailboxLabel(),
        items.size(),
        done.checkpoint().getLastUid(),
        uidValidity);
    return done;
  }

  /** Stops the committer thread, letting a running transaction end (at most 10 s). */
  void shutdownNow() {
    committer.shutdownNow();
  }

  void awaitTermination() {
    try {
      // the committer thread uses the producer: it is closed once that thread is done
      committer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
