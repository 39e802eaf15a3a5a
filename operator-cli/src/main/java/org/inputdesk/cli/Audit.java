package org.inputdesk.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Who did what, when and why, for an operator's write whose record cannot say it itself: a
 * tombstone has no value, a reopened consultation no field for it. Travels as the record's headers
 * ({@code action}, {@code by}, {@code reason}, {@code at}), which {@code inputdesk dump} shows.
 */
public record Audit(String action, String by, String reason, Instant at) {

  /** An action done now. */
  public static Audit now(final String action, final String by, final String reason) {
    return new Audit(action, by, reason, Instant.now());
  }

  /** The record headers. */
  public Headers headers() {
    final RecordHeaders h = new RecordHeaders();
    h.add("action", utf8(action));
    h.add("by", utf8(by));
    h.add("reason", utf8(reason));
    h.add("at", utf8(at.toString()));
    return h;
  }

  /** {@code at 2026-...Z by ana: the reason}, for the operator's terminal. */
  public String said() {
    return "at " + at + " by " + by + ": " + reason;
  }

  /** Logs the action on standard error: {@code recorded: remove @example.org at ... by ...}. */
  public void log(final String subject) {
    System.err.println("recorded: " + action + " " + subject + " " + said());
  }

  private static byte[] utf8(final String s) {
    return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
  }
}
