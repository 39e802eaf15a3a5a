package org.inputdesk.intake;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic submission ids, so that reading a message again never makes a second submission. An
 * IMAP message's id is {@code sub-} and the first 32 hex digits of the sha256 of {@code mailbox NUL
 * uidvalidity NUL uid}; an imported file's id is {@code imp-} and the first 32 hex digits of the
 * sha256 of its Message-ID, or of its bytes when it has none. Reads and writes nothing.
 */
public final class SubmissionIds {

  private SubmissionIds() {}

  /** The id of the message with {@code uid} in {@code mailbox} at {@code uidValidity}. */
  public static String of(final String mailbox, final long uidValidity, final long uid) {
    final String key = mailbox + '\u0000' + uidValidity + '\u0000' + uid;
    return "sub-" + MimeReader.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  /** The id of an imported message. */
  public static String ofImport(final String messageId, final byte[] raw) {
    final byte[] basis =
        messageId != null && !messageId.isBlank()
            ? messageId.strip().getBytes(StandardCharsets.UTF_8)
            : raw;
    return "imp-" + MimeReader.sha256(basis).substring(0, 32);
  }
}
