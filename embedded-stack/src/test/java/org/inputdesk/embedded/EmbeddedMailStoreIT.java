package org.inputdesk.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GreenMail keeps mail in memory; EmbeddedMail with a directory keeps the submissions mailbox. */
class EmbeddedMailStoreIT {

  private static final String ADDRESS = "inputs@oewg.localhost";

  @TempDir Path dir;

  /** What an IMAP client sees of the INBOX: its UIDVALIDITY, each UID with subject and \Seen. */
  private record Seen(long uidValidity, List<String> messages, long uidNext) {}

  private static byte[] mail(final String subject) {
    return ("From: Jane <jane@example.org>\r\nTo: "
            + ADDRESS
            + "\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + subject.hashCode()
            + "@example.org>\r\n\r\nText of "
            + subject
            + ".\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Seen look(final EmbeddedMail mail, final String seenSubject, final long expunge)
      throws Exception {
    try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
      store.connect(mail.host(), mail.imapPort(), mail.user(), mail.password());
      final IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      final List<String> out = new ArrayList<>();
      for (final Message m : inbox.getMessages()) {
        if (m.getSubject().equals(seenSubject)) {
          m.setFlag(Flags.Flag.SEEN, true);
        }
        if (inbox.getUID(m) == expunge) {
          m.setFlag(Flags.Flag.DELETED, true);
        }
      }
      inbox.close(true);
      inbox.open(Folder.READ_ONLY);
      for (final Message m : inbox.getMessages()) {
        out.add(inbox.getUID(m) + " " + m.getSubject() + (m.isSet(Flags.Flag.SEEN) ? " seen" : ""));
      }
      final Seen seen = new Seen(inbox.getUIDValidity(), out, inbox.getUIDNext());
      inbox.close(false);
      return seen;
    }
  }

  @Test
  void shouldGiveBackTheMailboxWithItsUidsFlagsAndUidValidityAfterARestart() throws Exception {
    final Seen before;
    try (EmbeddedMail mail = EmbeddedMail.start(ADDRESS, "pw", dir)) {
      mail.sendRaw(mail("One"));
      mail.sendRaw(mail("Two"));
      mail.sendRaw(mail("Three"));
      // Two is read, Three expunged: its UID must never come back for another message
      before = look(mail, "Two", 3);
    }
    assertThat(before.messages()).containsExactly("1 One", "2 Two seen");

    try (EmbeddedMail mail = EmbeddedMail.start(ADDRESS, "pw", dir)) {
      final Seen after = look(mail, "", -1);
      assertThat(after).isEqualTo(before);
      mail.sendRaw(mail("Four"));
      assertThat(look(mail, "", -1).messages()).containsExactly("1 One", "2 Two seen", "4 Four");
    }

    try (EmbeddedMail mail = EmbeddedMail.start(ADDRESS, "pw")) {
      assertThat(look(mail, "", -1).messages())
          .as("without a directory, nothing is kept")
          .isEmpty();
    }
  }
}
