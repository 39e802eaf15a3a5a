package org.inputdesk.intake.mailbox;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.inputdesk.intake.config.IntakeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP session on the intake folder: connect (password or XOAUTH2) and disconnect, IDLE and
 * NOOP, and raw batched commands — UID FETCH of sizes and of whole messages for a range of UIDs,
 * UID STORE +FLAGS (\Seen) or MOVE for the committed ones — so a batch costs one round trip, not
 * one per message, and nothing is cached in Angus' message objects. Reads the folder's messages;
 * writes their \Seen flag or moves them to the processed folder.
 */
public final class ImapMailbox {

  private static final Logger LOG = LoggerFactory.getLogger(ImapMailbox.class);

  /**
   * Most message bytes fetched in one batch (one message at least): large messages come in several
   * smaller batches, so one is parsed while the one before is committed; the committer joins them
   * again into larger transactions.
   */
  public static final long FETCH_BYTES = 8L * 1024 * 1024;

  static {
    if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
      System.setProperty(
          "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    }
  }

  /** A message waiting in the folder: its UID and size, before its bytes are fetched. */
  public record Candidate(long uid, long size) {}

  /** A message's bytes exactly as stored and its INTERNALDATE (null when the server gave none). */
  public record Fetched(byte[] raw, Instant received) {}

  private final IntakeConfig config;
  // probed (UID and size known) but not yet fetched, in UID order; emptied at each sync
  private final ArrayDeque<Candidate> waiting = new ArrayDeque<>();

  private volatile boolean connected;
  private volatile boolean idling;
  private volatile Store store;
  private volatile IMAPFolder folder;
  private volatile String loginRefusal;

  public ImapMailbox(final IntakeConfig config) {
    this.config = config;
  }

  // ---------------------------------------------------------------- session

  /** Logs in and opens the folder read-write; a refused login is remembered for the operator. */
  public void connect() throws MessagingException {
    final String protocol = config.imapProtocol();
    final Properties props = new Properties();
    final String p = "mail." + protocol + ".";
    props.setProperty(p + "connectiontimeout", String.valueOf(config.imapTimeout().toMillis()));
    props.setProperty(
        p + "timeout",
        String.valueOf(config.imapTimeout().toMillis() + config.pollInterval().toMillis()));
    props.setProperty(p + "writetimeout", String.valueOf(config.imapTimeout().toMillis()));
    // Fetching must not set \Seen: the flag is set only after the Kafka commit.
    props.setProperty(p + "peek", "true");
    props.setProperty(p + "starttls.enable", "true");
    props.setProperty("mail.mime.allowutf8", "true");
    if (config.imapAuth().equals("xoauth2")) {
      // Angus leaves XOAUTH2 off unless told, and would otherwise fall back to LOGIN with the
      // token as a password: only XOAUTH2, so a refused token is reported as such.
      props.setProperty(p + "auth.mechanisms", "XOAUTH2");
      props.setProperty(p + "auth.xoauth2.disable", "false");
      props.setProperty(p + "auth.login.disable", "true");
      props.setProperty(p + "auth.plain.disable", "true");
    }
    final Session session = Session.getInstance(props);
    final Store s = session.getStore(protocol);
    try {
      s.connect(
          config.imapHost(), config.imapPort(), config.imapUser(), OAuth2Token.secret(config));
    } catch (AuthenticationFailedException e) {
      final String why = OAuth2Token.refusal(config, e);
      loginRefusal = why;
      LOG.error("Mailbox {}: {}", config.mailboxLabel(), why);
      throw new AuthenticationFailedException(why, e);
    }
    loginRefusal = null;
    store = s;
    final IMAPFolder f = (IMAPFolder) s.getFolder(config.imapFolder());
    f.open(Folder.READ_WRITE);
    folder = f;
    connected = true;
    LOG.info(
        "Connected to mailbox {} ({} messages, uidvalidity {})",
        config.mailboxLabel(),
        f.getMessageCount(),
        f.getUIDValidity());
  }

  /** Closes the folder and the connection, quietly: it may be broken already. */
  public void disconnect() {
    connected = false;
    idling = false;
    final Folder f = folder;
    final Store s = store;
    folder = null;
    store = null;
    try {
      if (f != null && f.isOpen()) {
        f.close(false);
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("Closing folder failed", e);
    }
    try {
      if (s != null) {
        s.close();
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("Closing store failed", e);
    }
  }

  /** Whether the connection is up. */
  public boolean isConnected() {
    return connected;
  }

  /**
   * Why the server refused the last login (an expired OAuth2 token, a wrong password), naming the
   * setting to fix; empty once a login succeeded.
   */
  public Optional<String> loginRefusal() {
    return Optional.ofNullable(loginRefusal);
  }

  /** Whether to wait for new mail with IDLE: configured so, and the server offers it. */
  public boolean canIdle() throws MessagingException {
    return config.imapIdle() && store instanceof IMAPStore s && s.hasCapability("IDLE");
  }

  /** The folder's UIDVALIDITY. */
  public long uidValidity() throws MessagingException {
    return open().getUIDValidity();
  }

  /** Waits in IDLE until the server reports a change or {@link #wake} ends it. */
  public void idle() throws MessagingException {
    final IMAPFolder f = open();
    idling = true;
    try {
      f.idle(true);
    } finally {
      idling = false;
    }
  }

  /** Whether the reader waits in IDLE now. */
  public boolean isIdling() {
    return idling;
  }

  /** Ends a running IDLE, from another thread; does nothing when none runs. */
  public void wake() {
    final IMAPFolder f = folder;
    if (idling && f != null) {
      noop(f);
    }
  }

  /** Sends NOOP: the server reports new messages in answer to a command. */
  public void noop() {
    final IMAPFolder f = folder;
    if (f != null) {
      noop(f);
    }
  }

  /**
   * Sends NOOP from this thread. Angus ends a running IDLE (DONE) before any command on the folder,
   * so this wakes the reader; cached calls such as getMessageCount would not.
   */
  private static void noop(final IMAPFolder f) {
    try {
      f.doCommand(
          protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
          });
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("NOOP failed", e);
    }
  }

  private IMAPFolder open() throws MessagingException {
    final IMAPFolder f = folder;
    if (f == null) {
      throw new MessagingException("mailbox " + config.mailboxLabel() + " is not connected");
    }
    return f;
  }

  // ---------------------------------------------------------------- batched reading

  /** Forgets what was probed: a new sync starts from its checkpoint. */
  public void resetBatches() {
    waiting.clear();
  }

  /**
   * The next messages after {@code after}, in UID order, at most intake.batch.size of them and at
   * most {@link #FETCH_BYTES} together (at least one). Probes a window of UIDs at a time and keeps
   * what it found for the next batches, so a large backlog costs one short answer per few batches
   * rather than one line per waiting message per batch.
   */
  public List<Candidate> nextBatch(final long after) throws MessagingException {
    final IMAPFolder f = open();
    while (!waiting.isEmpty() && waiting.peekFirst().uid() <= after) {
      waiting.pollFirst();
    }
    if (waiting.size() < config.batchSize()) {
      final long from = Math.max(after, waiting.isEmpty() ? after : waiting.peekLast().uid());
      final long window = Math.max(1_000L, 4L * config.batchSize());
      List<Candidate> found = uidsAndSizes(f, (from + 1) + ":" + (from + window), from);
      if (waiting.size() + found.size() < config.batchSize()) {
        // near the end, or a gap of expunged UIDs: ask for everything newer
        found = uidsAndSizes(f, (from + 1) + ":*", from);
      }
      waiting.addAll(found);
    }
    final List<Candidate> batch = new ArrayList<>();
    long bytes = 0;
    while (!waiting.isEmpty()) {
      final Candidate c = waiting.peekFirst();
      if (!batch.isEmpty()
          && (batch.size() >= config.batchSize() || bytes + c.size() > FETCH_BYTES)) {
        break;
      }
      batch.add(waiting.pollFirst());
      bytes += c.size();
    }
    return batch;
  }

  /** UID FETCH set (UID RFC822.SIZE): the messages newer than {@code after}, by UID. */
  private static List<Candidate> uidsAndSizes(
      final IMAPFolder f, final String set, final long after) throws MessagingException {
    final List<Candidate> out = new ArrayList<>();
    f.doCommand(
        p -> {
          final Response[] r = p.command("UID FETCH " + set + " (UID RFC822.SIZE)", null);
          for (final Response x : r) {
            if (x instanceof FetchResponse fr) {
              final UID uid = fr.getItem(UID.class);
              final RFC822SIZE size = fr.getItem(RFC822SIZE.class);
              // "n:*" also answers the last message when none is newer than n
              if (uid != null && uid.uid > after) {
                out.add(new Candidate(uid.uid, size == null ? 0 : size.size));
              }
            }
          }
          p.notifyResponseHandlers(r);
          p.handleResult(r[r.length - 1]);
          return null;
        });
    out.sort((a, b) -> Long.compare(a.uid(), b.uid()));
    return out;
  }

  /**
   * One UID FETCH first:last (UID INTERNALDATE BODY.PEEK[]) for the whole batch, by UID; a message
   * expunged meanwhile is missing from the answer.
   */
  public Map<Long, Fetched> fetch(final List<Candidate> batch) throws MessagingException {
    final IMAPFolder f = open();
    final Map<Long, Fetched> out = new HashMap<>();
    final String set = batch.get(0).uid() + ":" + batch.get(batch.size() - 1).uid();
    f.doCommand(
        p -> {
          final Response[] r =
              p.command("UID FETCH " + set + " (UID INTERNALDATE BODY.PEEK[])", null);
          for (final Response x : r) {
            if (x instanceof FetchResponse fr) {
              final UID uid = fr.getItem(UID.class);
              final BODY body = fr.getItem(BODY.class);
              final INTERNALDATE date = fr.getItem(INTERNALDATE.class);
              if (uid != null && body != null && body.getByteArray() != null) {
                out.put(
                    uid.uid,
                    new Fetched(
                        body.getByteArray().getNewBytes(),
                        date == null || date.getDate() == null
                            ? null
                            : date.getDate().toInstant()));
              }
            }
          }
          p.notifyResponseHandlers(r);
          p.handleResult(r[r.length - 1]);
          return null;
        });
    return out;
  }

  // ---------------------------------------------------------------- after commit

  /**
   * Flags the committed messages \Seen, moves them to the processed folder or leaves them, as
   * intake.after.commit says. Never throws: the checkpoint already covers them, so a failure only
   * leaves them unflagged, never read again.
   */
  public void markProcessed(final List<Long> uids) {
    if (uids.isEmpty() || config.afterCommit().equals("leave")) {
      return;
    }
    try {
      final IMAPFolder f = open();
      if (config.afterCommit().equals("move")) {
        final Message[] messages =
            f.getMessagesByUID(uids.stream().mapToLong(Long::longValue).toArray());
        final Folder target = f.getStore().getFolder(config.processedFolder());
        if (!target.exists()) {
          target.create(Folder.HOLDS_MESSAGES);
        }
        f.moveMessages(
            Arrays.stream(messages).filter(Objects::nonNull).toArray(Message[]::new), target);
      } else {
        // One UID STORE for the batch (its UIDs are consecutive in the folder), not one per
        // message: per-message flagging costs a round trip each and grows with the folder.
        final String set = uids.get(0) + ":" + uids.get(uids.size() - 1);
        f.doCommand(
            p -> {
              final Response[] r = p.command("UID STORE " + set + " +FLAGS.SILENT (\\Seen)", null);
              p.notifyResponseHandlers(r);
              p.handleResult(r[r.length - 1]);
              return null;
            });
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.warn(
          "Could not {} {} committed messages: {}",
          config.afterCommit(),
          uids.size(),
          e.toString());
    }
  }
}
