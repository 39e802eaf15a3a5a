package org.inputdesk.intake.bench;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.foedus.util.MsgRangeFilter;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.imap.commands.IdRange;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.FolderListener;
import com.icegreen.greenmail.store.ListBasedStoredMessageCollection;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.store.StoredMessageCollection;
import com.icegreen.greenmail.util.ServerSetup;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * GreenMail's IMAP server with two changes that keep the server from being what the benchmark
 * measures; serves the managers' users and writes nothing but its answers.
 *
 * <ul>
 *   <li>TCP_NODELAY on each connection. GreenMail writes a response in several pieces; with Nagle's
 *       algorithm the last one waits for the client's delayed ACK (about 40 ms on Linux), so each
 *       command costs that much on loopback, and a client that sends a few commands per message
 *       (Camel) is measured on the wait, not on its work.
 *   <li>UIDs looked up in an index ({@link #index}). GreenMail finds a message's sequence number by
 *       copying every UID of the folder into a new array, under a lock, for each message a UID FETCH
 *       returns: quadratic in the folder's size, 80 s of the server's CPU to fetch 10,000 messages.
 * </ul>
 */
final class BenchImapServer extends AbstractServer {

  BenchImapServer(final ServerSetup setup, final Managers managers) {
    super(setup, managers);
  }

  @Override
  protected void handleClientSocket(final Socket socket) throws SocketException {
    socket.setTcpNoDelay(!Boolean.getBoolean("bench.nagle"));
    super.handleClientSocket(socket);
  }

  @Override
  protected ProtocolHandler createProtocolHandler(final Socket socket) {
    return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
  }

  /** Gives a new, empty folder the indexed message list (GreenMail offers no setting for it). */
  static void index(final MailFolder folder) {
    try {
      final Field f = folder.getClass().getDeclaredField("mailMessages");
      f.setAccessible(true);
      f.set(folder, new IndexedMessages());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("GreenMail's folder changed: cannot index its messages", e);
    }
  }

  /** GreenMail's list of messages, with the UIDs and their sequence numbers kept between changes. */
  private static final class IndexedMessages implements StoredMessageCollection {

    private final ListBasedStoredMessageCollection list = new ListBasedStoredMessageCollection();
    private long[] uids;
    private Map<Long, Integer> msns;

    private synchronized void changed() {
      uids = null;
      msns = null;
    }

    // shared, not copied: GreenMail's callers only read it, and a copy per call was the cost
    @Override
    public synchronized long[] getMessageUids() {
      if (uids == null) {
        uids = list.getMessageUids();
      }
      return uids;
    }

    @Override
    public synchronized int getMsn(final long uid) throws FolderException {
      if (msns == null) {
        final long[] all = list.getMessageUids();
        msns = new HashMap<>(all.length * 2);
        for (int i = 0; i < all.length; i++) {
          msns.put(all[i], i + 1);
        }
      }
      final Integer msn = msns.get(uid);
      if (msn == null) {
        throw new FolderException("No such message with UID " + uid);
      }
      return msn;
    }

    @Override
    public int size() {
      return list.size();
    }

    @Override
    public void add(final StoredMessage message) {
      list.add(message);
      changed();
    }

    @Override
    public StoredMessage remove(final long uid) {
      final StoredMessage m = list.remove(uid);
      changed();
      return m;
    }

    @Override
    public void clear() {
      list.clear();
      changed();
    }

    @Override
    public int getFirstUnseen() {
      return list.getFirstUnseen();
    }

    @Override
    public List<StoredMessage> getMessages(final MsgRangeFilter filter) {
      return list.getMessages(filter);
    }

    @Override
    public List<StoredMessage> getMessages() {
      return list.getMessages();
    }

    @Override
    public void expunge(final List<FolderListener> listeners) {
      list.expunge(listeners);
      changed();
    }

    @Override
    public void expunge(final List<FolderListener> listeners, final IdRange[] ranges) {
      list.expunge(listeners, ranges);
      changed();
    }

    @Override
    public StoredMessage get(final int i) {
      return list.get(i);
    }

    @Override
    public Iterator<StoredMessage> iterator() {
      return list.iterator();
    }
  }
}
