package org.inputdesk.intake.pipeline;

import java.nio.charset.StandardCharsets;
import org.inputdesk.intake.mime.MimeReader;

/**
 * Deterministic submission ids, so that reading a message again never makes a second submission. An
 * IMAP message's id is {@code sub-} and the first 32 hex digits of the sha256 of {@code mailbox NUL
 * uidvalidity NUL uid}; an imported message's id is described at {@link #ofImport}. Reads and
 * writes nothing.
 */
public final class SubmissionIds {

  private SubmissionIds() {}

  /** The id of the message with {@code uid} in {@code mailbox} at {@code uidValidity}. */
  public static String of(final String mailbox, final long uidValidity, final long uid) {
    final String key = mailbox + '\u0000' + uidValidity + '\u0000' + uid;
    return "sub-" + MimeReader.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  /**
   * The id of an imported message: {@code imp-} and the first 32 hex digits of the sha256 of {@code
   * name NUL sha256(bytes)}, so importing the same bytes again under the same import name gives the
   * same id (and is skipped), whichever file or mbox they are read from.
   */
  public static String ofImport(final String name, final byte[] raw) {
    final String key = name + '\u0000' + MimeReader.sha256(raw);
    return "imp-" + MimeReader.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }
}
