package org.inputdesk.classifier.links;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The answers one submission has gathered so far for one question (its duplicate keys, or its
 * bands), as {@link LinkGatherer} keeps them in its store between records: how many it expects,
 * each one by position (an answer may name nobody), and for the duplicate keys the submission's own
 * record (consultation and signature), which travels with them. The same answer twice (a replay
 * still on its way) counts once.
 */
final class Answers {

  private int expected;
  private String[] found;
  private boolean[] answered;
  private boolean withSubmission;
  private String consultation;
  private long[] signature;

  Answers(final int expected) {
    this.expected = expected;
    this.found = new String[expected];
    this.answered = new boolean[expected];
  }

  /** Takes the answer at its position. */
  void add(final LinkMessage answer) {
    expect(answer.expected());
    if (answer.index() >= 0 && answer.index() < expected) {
      found[answer.index()] = answer.other();
      answered[answer.index()] = true;
    }
  }

  void submission(final LinkMessage submission) {
    expect(submission.expected());
    withSubmission = true;
    consultation = submission.other();
    signature = submission.signature();
  }

  // the submission read again with another number of keys (its Message-ID changed): the newest
  // count wins, and its answers come again
  private void expect(final int count) {
    if (count != expected) {
      expected = count;
      found = new String[expected];
      answered = new boolean[expected];
    }
  }

  /** Whether every answer is in (and, when {@code needSubmission}, the submission's record). */
  boolean complete(final boolean needSubmission) {
    if (needSubmission && !withSubmission) {
      return false;
    }
    for (final boolean a : answered) {
      if (!a) {
        return false;
      }
    }
    return true;
  }

  /** The first answer that names someone, by position; null when none does. */
  String first() {
    for (final String f : found) {
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  String consultation() {
    return consultation;
  }

  long[] signature() {
    return signature;
  }

  byte[] encode() {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(expected);
      for (int i = 0; i < expected; i++) {
        out.writeBoolean(answered[i]);
        LinkMessage.writeString(out, found[i]);
      }
      out.writeBoolean(withSubmission);
      if (withSubmission) {
        LinkMessage.writeString(out, consultation);
        LinkMessage.writeSignature(out, signature);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Answers decode(final byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      final Answers answers = new Answers(in.readInt());
      for (int i = 0; i < answers.expected; i++) {
        answers.answered[i] = in.readBoolean();
        answers.found[i] = LinkMessage.readString(in);
      }
      answers.withSubmission = in.readBoolean();
      if (answers.withSubmission) {
        answers.consultation = LinkMessage.readString(in);
        answers.signature = LinkMessage.readSignature(in);
      }
      return answers;
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable gathered answers", e);
    }
  }
}
