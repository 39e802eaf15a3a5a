package org.inputdesk.intake.pipeline;

import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.intake.consultations.ConsultationFeed;
import org.inputdesk.intake.errors.ErrorClassifier;
import org.inputdesk.intake.mailbox.ImapMailbox;
import org.inputdesk.intake.mailbox.ImapMailbox.Candidate;
import org.inputdesk.intake.mailbox.ImapMailbox.Fetched;
import org.inputdesk.intake.mime.MimeReader;
import org.inputdesk.intake.pipeline.GroupCommitter.Committed;
import org.inputdesk.intake.pipeline.GroupCommitter.Item;
import org.inputdesk.intake.pipeline.GroupCommitter.Pending;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.MailboxCheckpoint;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every message waiting after the checkpoint, in batches, and returns once all are committed
 * and processed after commit. Pipelined: while batch n is read (its messages parsed in parallel on
 * the reader threads) and committed (on the {@link GroupCommitter}'s thread, batches strictly in
 * UID order), the mailbox thread already fetches batch n+1; a batch is flagged and receipted
 * ({@link AfterCommit}) only after its commit. When a commit fails, the batches after it are not
 * committed: the caller reconnects and re-reads from the last committed checkpoint. Reads the
 * mailbox; writes {@code submissions-received}, {@code submission-attachments}, {@code
 * submissions-dlq}, {@code submission-keys} and {@code intake-checkpoints} through the writer.
 */
public final class IntakePipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IntakePipeline.class);

  /**
   * Threads that parse the messages of a batch in parallel (MIME, attachments, Tika): one per core,
   * as parsing, PDF text above all, is what bounds intake.
   */
  static final int READ_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  /**
   * Batches fetched but not yet committed and flagged, at most this many (and 128 MB of mail):
   * enough for the reader threads to stay busy while a transaction runs, and for the committer to
   * find several batches read when it finishes one.
   */
  private static final int MAX_IN_FLIGHT = 4;

  /** A batch handed to the reader and committer threads. */
  private record InFlight(
      List<Candidate> batch,
      CompletableFuture<Committed> future,
      long bytes,
      long fetchNanos,
      long submitted) {}

  private final IntakeConfig config;
  private final ImapMailbox mailbox;
  private final ConsultationFeed feed;
  private final MimeReader reader;
  private final CheckpointStore checkpoints;
  private final AfterCommit afterCommit;
  private final BooleanSupplier running;
  private final GroupCommitter committer;
  private final ExecutorService readers =
      Executors.newFixedThreadPool(READ_THREADS, daemon("intake-read"));
  // Message-IDs and content keys already submitted, while re-reading after a UIDVALIDITY change.
  private volatile Set<String> resyncSeen;

  /**
   * @param running false once the mailbox reader is asked to stop: no further batch is fetched
   */
  public IntakePipeline(
      final IntakeConfig config,
      final ImapMailbox mailbox,
      final ConsultationFeed feed,
      final MimeReader reader,
      final SubmissionWriter writer,
      final CheckpointStore checkpoints,
      final AfterCommit afterCommit,
      final BooleanSupplier running) {
    this.config = config;
    this.mailbox = mailbox;
    this.feed = feed;
    this.reader = reader;
    this.checkpoints = checkpoints;
    this.afterCommit = afterCommit;
    this.running = running;
    this.committer = new GroupCommitter(config, feed, writer, checkpoints, afterCommit);
  }

  static ThreadFactory daemon(final String name) {
    final AtomicLong n = new AtomicLong();
    return r -> {
      final Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Submissions committed since start. */
  public long submissionCount() {
    return committer.submissionCount();
  }

  /** Dead letters committed since start. */
  public long deadLetterCount() {
    return committer.deadLetterCount();
  }

  /** Reads and commits everything waiting after the checkpoint; see the class comment. */
  public void syncAll() throws MessagingException {
    final long uidValidity = mailbox.uidValidity();
    final MailboxCheckpoint checkpoint = checkpoints.current();
    long cursor = 0;
    if (checkpoint != null && checkpoint.getUidValidity() == uidValidity) {
      cursor = checkpoint.getLastUid();
    } else if (checkpoint != null && resyncSeen == null) {
      LOG.warn(
          "Mailbox {}: UIDVALIDITY changed from {} to {}; re-reading the folder, skipping messages"
              + " already submitted (by Message-ID and content)",
          config.mailboxLabel(),
          checkpoint.getUidValidity(),
          uidValidity);
      resyncSeen = checkpoints.submittedKeys();
    }
    committer.reset();
    mailbox.resetBatches();
    final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    boolean any = false;
    boolean drained = false;
    try {
      while (running.getAsBoolean()) {
        final long begin = System.nanoTime();
        final List<Candidate> batch = mailbox.nextBatch(cursor);
        if (batch.isEmpty()) {
          drained = true;
          break;
        }
        final long fetchedAt = System.nanoTime();
        final Map<Long, Fetched> fetched = mailbox.fetch(batch);
        feed.hurry();
        cursor = batch.get(batch.size() - 1).uid();
        any = true;
        inFlight.add(submit(uidValidity, batch, fetched, fetchedAt, System.nanoTime() - begin));
        // up to MAX_IN_FLIGHT batches in the works (being read or committed) while the next is
        // fetched
        while (inFlight.size() > MAX_IN_FLIGHT
            || inFlight.stream().mapToLong(InFlight::bytes).sum() > 2 * GroupCommitter.BATCH_BYTES
            || inFlight.size() > 1 && inFlight.peek().future().isDone()) {
          finish(inFlight);
        }
      }
      while (!inFlight.isEmpty()) {
        finish(inFlight);
      }
    } catch (MessagingException | RuntimeException e) {
      // what is already being committed still completes (or is dropped after a failed commit)
      // before the caller reconnects, so the checkpoint it resumes from is the last committed one
      final RuntimeException fatal = drainAfterFailure(inFlight);
      if (fatal != null) {
        fatal.addSuppressed(e);
        throw fatal;
      }
      throw e;
    } finally {
      mailbox.resetBatches();
    }
    final MailboxCheckpoint now = checkpoints.current();
    if (drained && resyncSeen != null && now != null && now.getUidValidity() == uidValidity) {
      resyncSeen = null; // the folder is read again to its end: new mail is new
    }
    if (!any && running.getAsBoolean() && (now == null || now.getUidValidity() != uidValidity)) {
      // remember the new UIDVALIDITY even for an empty folder
      inFlight.add(submit(uidValidity, List.of(), Map.of(), System.nanoTime(), 0));
      finish(inFlight);
    }
  }

  /**
   * Parses the batch's messages on the reader threads (in chunks, results kept in UID order) and
   * queues its commit after the batches before it.
   */
  private InFlight submit(
      final long uidValidity,
      final List<Candidate> batch,
      final Map<Long, Fetched> fetched,
      final long fetchedAt,
      final long fetchNanos) {
    final long submitted = System.nanoTime();
    final List<Candidate> present = new ArrayList<>();
    for (final Candidate c : batch) {
      if (fetched.containsKey(c.uid())) {
        present.add(c);
      } else {
        // expunged by another client between the two commands: nothing left to read
        LOG.warn("Message uid {} vanished before it could be fetched", c.uid());
      }
    }
    final List<CompletableFuture<List<Item>>> chunks = new ArrayList<>();
    final AtomicLong parseNanos = new AtomicLong();
    final int chunk = Math.max(1, (present.size() + 4 * READ_THREADS - 1) / (4 * READ_THREADS));
    for (int i = 0; i < present.size(); i += chunk) {
      final List<Candidate> part = present.subList(i, Math.min(present.size(), i + chunk));
      chunks.add(
          CompletableFuture.supplyAsync(
              () -> {
                final long start = System.nanoTime();
                final List<Item> out = new ArrayList<>(part.size());
                for (final Candidate c : part) {
                  out.add(read(uidValidity, c.uid(), fetched.get(c.uid())));
                }
                parseNanos.addAndGet(System.nanoTime() - start);
                return out;
              },
              readers));
    }
    final long upTo = batch.isEmpty() ? 0 : batch.get(batch.size() - 1).uid();
    final long bytes = batch.stream().mapToLong(Candidate::size).sum();
    final CompletableFuture<Committed> future =
        committer.enqueue(
            new Pending(uidValidity, chunks, upTo, bytes, fetchedAt, submitted, parseNanos));
    return new InFlight(batch, future, bytes, fetchNanos, submitted);
  }

  private Item read(final long uidValidity, final long uid, final Fetched fetched) {
    final byte[] raw = fetched.raw();
    final String id = SubmissionIds.of(config.mailboxName(), uidValidity, uid);
    try {
      final MimeReader.Result result = reader.read(raw, fetched.received());
      final SubmissionReceived s = result.submission();
      s.setId(id);
      s.setSource(new MailSource(SourceKind.IMAP, config.mailboxName(), uidValidity, uid));
      final Set<String> seen = resyncSeen;
      final boolean duplicate =
          seen != null && CheckpointStore.dedupKeys(s).stream().anyMatch(seen::contains);
      return new Item(uid, raw, result, null, duplicate);
    } catch (MimeReader.RejectedException e) {
      return new Item(uid, raw, null, e.getMessage(), false);
    }
  }

  /**
   * Waits for the oldest batch's commit, then marks its messages and those of the committed batches
   * right after it in one command, and sends receipts.
   */
  private void finish(final ArrayDeque<InFlight> inFlight) {
    final List<Long> uids = new ArrayList<>();
    final List<SubmissionReceived> submitted = new ArrayList<>();
    do {
      final InFlight b = inFlight.poll();
      final Committed c;
      try {
        c = await(b);
      } catch (RuntimeException | Error e) {
        afterCommit.done(uids, submitted); // those before it are committed all the same
        throw e;
      }
      c.items().forEach(item -> uids.add(item.uid()));
      submitted.addAll(c.submitted());
      LOG.info(
          "Mailbox {}: {} messages up to uid {} (uidvalidity {}) committed; fetch {} ms, read {}"
              + " ms (parsing {} ms on {} threads), commit {} ms (consultations {} ms; one"
              + " transaction for {} batches)",
          config.mailboxLabel(),
          c.items().size(),
          c.next().getLastUid(),
          c.next().getUidValidity(),
          b.fetchNanos() / 1_000_000,
          c.readNanos() / 1_000_000,
          c.parseNanos() / 1_000_000,
          READ_THREADS,
          c.commitNanos() / 1_000_000,
          c.consultationsNanos() / 1_000_000,
          c.group());
    } while (!inFlight.isEmpty() && inFlight.peek().future().isDone());
    final long beforeFlag = System.nanoTime();
    afterCommit.done(uids, submitted);
    LOG.debug(
        "Mailbox {}: {} {} messages in {} ms",
        config.mailboxLabel(),
        config.afterCommit(),
        uids.size(),
        (System.nanoTime() - beforeFlag) / 1_000_000);
  }

  private static Committed await(final InFlight b) {
    try {
      return b.future().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a batch was being committed", e);
    } catch (ExecutionException e) {
      final Throwable cause =
          e.getCause() instanceof CompletionException ce && ce.getCause() != null
              ? ce.getCause()
              : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * After a failure, waits for the batches still in the works: those committed are flagged where
   * the connection still allows; returns a fatal error among them, if any.
   */
  private RuntimeException drainAfterFailure(final ArrayDeque<InFlight> inFlight) {
    RuntimeException fatal = null;
    while (!inFlight.isEmpty()) {
      final InFlight b = inFlight.poll();
      try {
        final Committed c = await(b);
        afterCommit.done(c.items().stream().map(Item::uid).toList(), c.submitted());
      } catch (RuntimeException | Error e) {
        if (ErrorClassifier.isFatal(e)) {
          fatal = fatal == null ? (RuntimeException) e : fatal;
        } else {
          LOG.debug(
              "Batch up to uid {} not committed: {}",
              b.batch().isEmpty() ? 0 : b.batch().get(b.batch().size() - 1).uid(),
              e.toString());
        }
      }
    }
    return fatal;
  }

  /** Stops the reader and committer threads, letting a running transaction end (at most 10 s). */
  @Override
  public void close() {
    committer.shutdownNow();
    readers.shutdownNow();
    committer.awaitTermination();
  }
}
