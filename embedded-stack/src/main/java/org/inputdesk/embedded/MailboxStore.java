package org.inputdesk.embedded;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.FolderListener;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one GreenMail account's folders on disk, since GreenMail holds mail in memory only: each
 * message as an {@code .eml} file under its UID, with its flags and arrival time, and each folder's
 * UIDVALIDITY and next UID. Every delivery, flag change and expunge is written at once (a message
 * is on disk before SMTP answers), and everything again at close. At start the folders are put back
 * with the same UIDVALIDITY and UIDs, so an IMAP client's checkpoint (intake's last UID) stays
 * true: nothing is read twice, and what arrived but was not read yet is read. Reads and writes its
 * directory.
 *
 * <p>GreenMail has no API to choose UIDs; they are set through its fields. Should a GreenMail
 * version change those, the mail is put back under new UIDs and a new UIDVALIDITY, which IMAP
 * clients treat as a new folder (intake then re-reads it, skipping what it already submitted), and
 * the log says so.
 */
final class MailboxStore {

  private static final Logger LOG = LoggerFactory.getLogger(MailboxStore.class);
  private static final String FOLDER_FILE = "folder.properties";

  private final Path dir;
  private final Session session = Session.getInstance(new Properties());
  // per folder directory: UID -> the flags last written, to write only what changed
  private final Map<Path, Map<Long, String>> written = new HashMap<>();

  MailboxStore(final Path dir) {
    this.dir = dir;
  }

  /** Puts the stored folders and messages back into the account; returns the messages restored. */
  synchronized int restore(final ImapHostManager host, final GreenMailUser user) {
    int count = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> folders = Files.list(dir)) {
      for (final Path folderDir : folders.filter(Files::isDirectory).sorted().toList()) {
        count += restoreFolder(host, user, folderDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the mailbox store " + dir, e);
    }
    return count;
  }

  private int restoreFolder(
      final ImapHostManager host, final GreenMailUser user, final Path folderDir)
      throws IOException {
    final String name =
        URLDecoder.decode(folderDir.getFileName().toString(), StandardCharsets.UTF_8);
    final MailFolder folder = folder(host, user, name);
    final Properties meta = load(folderDir.resolve(FOLDER_FILE));
    final long uidValidity = Long.parseLong(meta.getProperty("uidvalidity", "0"));
    final long uidNext = Long.parseLong(meta.getProperty("uidnext", "1"));
    final boolean exact = uidValidity > 0 && setUidValidity(folder, uidValidity);
    final List<Long> uids = new ArrayList<>();
    try (Stream<Path> files = Files.list(folderDir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".eml"))
          .map(n -> Long.parseLong(n.substring(0, n.length() - 4)))
          .sorted()
          .forEach(uids::add);
    }
    final Map<Long, String> flagsWritten = new HashMap<>();
    for (final long uid : uids) {
      final Properties m = load(folderDir.resolve(uid + ".properties"));
      final Flags flags = flags(m.getProperty("flags", ""));
      final Date arrived = new Date(Long.parseLong(m.getProperty("internaldate", "0")));
      try (InputStream in = Files.newInputStream(folderDir.resolve(uid + ".eml"))) {
        if (exact) {
          nextUid(folder).set(uid);
        }
        folder.appendMessage(new MimeMessage(session, in), flags, arrived);
      } catch (MessagingException e) {
        throw new IOException("cannot read stored message " + uid + " of " + name, e);
      }
      flagsWritten.put(uid, m.getProperty("flags", ""));
    }
    if (exact) {
      nextUid(folder).set(Math.max(uidNext, nextUid(folder).get()));
      written.put(folderDir, flagsWritten);
    } else {
      // under new UIDs: written again under those at the next change
      LOG.warn(
          "Mailbox folder {} restored under a new UIDVALIDITY: IMAP clients read it as a new"
              + " folder",
          name);
      deleteMessages(folderDir);
      written.remove(folderDir);
      sync(folder);
    }
    LOG.info("Mailbox folder {}: {} messages restored from {}", name, uids.size(), folderDir);
    return uids.size();
  }

  private static MailFolder folder(
      final ImapHostManager host, final GreenMailUser user, final String name) {
    try {
      final MailFolder existing = host.getFolder(user, name);
      return existing != null ? existing : host.createMailbox(user, name);
    } catch (FolderException | com.icegreen.greenmail.imap.AuthorizationException e) {
      throw new IllegalStateException("cannot create mailbox folder " + name, e);
    }
  }

  /** Writes every change of these folders as it happens. */
  void watch(final List<MailFolder> folders) {
    for (final MailFolder folder : folders) {
      folder.addListener(
          new FolderListener() {
            @Override
            public void expunged(final int msn) {
              sync(folder);
            }

            @Override
            public void added(final int msn) {
              sync(folder);
            }

            @Override
            public void flagsUpdated(final int msn, final Flags flags, final Long uid) {
              sync(folder);
            }

            @Override
            public void mailboxDeleted() {
              // the folder's files stay until the next sync of all folders
            }
          });
    }
  }

  /** Writes the folder's new messages, changed flags and expunges, and its next UID. */
  synchronized void sync(final MailFolder folder) {
    final Path folderDir =
        dir.resolve(URLEncoder.encode(folder.getFullName(), StandardCharsets.UTF_8));
    try {
      Files.createDirectories(folderDir);
      final Map<Long, String> known = written.computeIfAbsent(folderDir, this::readWritten);
      final Set<Long> present = new HashSet<>();
      for (final StoredMessage m : folder.getMessages()) {
        present.add(m.getUid());
        final String flags = flagNames(m.getFlags());
        if (!known.containsKey(m.getUid())) {
          writeMessage(folderDir, m);
        }
        if (!flags.equals(known.get(m.getUid()))) {
          writeMeta(folderDir, m, flags);
          known.put(m.getUid(), flags);
        }
      }
      for (final Long gone : new ArrayList<>(known.keySet())) {
        if (!present.contains(gone)) {
          Files.deleteIfExists(folderDir.resolve(gone + ".eml"));
          Files.deleteIfExists(folderDir.resolve(gone + ".properties"));
          known.remove(gone);
        }
      }
      final Properties meta = new Properties();
      meta.setProperty("uidvalidity", String.valueOf(folder.getUidValidity()));
      meta.setProperty("uidnext", String.valueOf(folder.getUIDNext()));
      store(folderDir.resolve(FOLDER_FILE), meta);
    } catch (IOException | MessagingException e) {
      LOG.error("Cannot write mailbox folder {} to {}", folder.getFullName(), folderDir, e);
    }
  }

  private Map<Long, String> readWritten(final Path folderDir) {
    final Map<Long, String> out = new HashMap<>();
    try (Stream<Path> files = Files.list(folderDir)) {
      for (final Path p : files.toList()) {
        final String n = p.getFileName().toString();
        if (n.endsWith(".eml")) {
          final long uid = Long.parseLong(n.substring(0, n.length() - 4));
          out.put(uid, load(folderDir.resolve(uid + ".properties")).getProperty("flags", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void writeMessage(final Path folderDir, final StoredMessage m)
      throws IOException, MessagingException {
    final Path tmp = folderDir.resolve(m.getUid() + ".eml.tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      m.getMimeMessage().writeTo(out);
    }
    Files.move(
        tmp,
        folderDir.resolve(m.getUid() + ".eml"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeMeta(final Path folderDir, final StoredMessage m, final String flags)
      throws IOException {
    final Properties meta = new Properties();
    meta.setProperty("flags", flags);
    meta.setProperty(
        "internaldate",
        String.valueOf(m.getReceivedDate() == null ? 0 : m.getReceivedDate().getTime()));
    store(folderDir.resolve(m.getUid() + ".properties"), meta);
  }

  private static void deleteMessages(final Path folderDir) throws IOException {
    try (Stream<Path> files = Files.list(folderDir)) {
      for (final Path p : files.toList()) {
        if (!p.getFileName().toString().equals(FOLDER_FILE)) {
          Files.delete(p);
        }
      }
    }
  }

  /** System flags by name (RECENT is not kept: it means new to this session). */
  private static String flagNames(final Flags flags) {
    final List<String> names = new ArrayList<>();
    for (final Flags.Flag f : flags.getSystemFlags()) {
      if (f == Flags.Flag.SEEN) {
        names.add("seen");
      } else if (f == Flags.Flag.ANSWERED) {
        names.add("answered");
      } else if (f == Flags.Flag.FLAGGED) {
        names.add("flagged");
      } else if (f == Flags.Flag.DELETED) {
        names.add("deleted");
      } else if (f == Flags.Flag.DRAFT) {
        names.add("draft");
      }
    }
    for (final String user : flags.getUserFlags()) {
      names.add("user:" + user);
    }
    names.sort(null);
    return String.join(",", names);
  }

  private static Flags flags(final String names) {
    final Flags flags = new Flags();
    for (final String n : names.split(",")) {
      switch (n) {
        case "seen" -> flags.add(Flags.Flag.SEEN);
        case "answered" -> flags.add(Flags.Flag.ANSWERED);
        case "flagged" -> flags.add(Flags.Flag.FLAGGED);
        case "deleted" -> flags.add(Flags.Flag.DELETED);
        case "draft" -> flags.add(Flags.Flag.DRAFT);
        default -> {
          if (n.startsWith("user:")) {
            flags.add(n.substring(5));
          }
        }
      }
    }
    return flags;
  }

  private static Properties load(final Path file) throws IOException {
    final Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      }
    }
    return p;
  }

  private static void store(final Path file, final Properties p) throws IOException {
    final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, null);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  // ---------------------------------------------------------------- GreenMail's UID fields

  private static boolean setUidValidity(final MailFolder folder, final long uidValidity) {
    try {
      final Field f = field(folder.getClass(), "uidValidity");
      f.setLong(folder, uidValidity);
      nextUid(folder);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Cannot keep the mailbox's UIDs with this GreenMail version: {}", e.toString());
      return false;
    }
  }

  private static AtomicLong nextUid(final MailFolder folder) {
    try {
      return (AtomicLong) field(folder.getClass(), "nextUid").get(folder);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("GreenMail's folder has no nextUid", e);
    }
  }

  private static Field field(final Class<?> type, final String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        final Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }
}
