package org.inputdesk.intake.receipts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * At most N receipts to one address in any rolling hour, so that mail forged in someone's name
 * cannot make intake send that person a flood of receipts. Keeps, per address, when its receipts of
 * the last hour were sent, in memory only (a restart forgets: at worst N more receipts). Reads and
 * writes nothing else.
 */
public final class ReceiptLimiter {

  static final Duration WINDOW = Duration.ofHours(1);

  /** The limit when none is configured ({@code receipt.max.per.address.per.hour}). */
  public static final int DEFAULT_PER_HOUR = 3;

  /**
   * Addresses remembered at most; past that the least recently used are forgotten, which only
   * matters to someone forging more distinct senders than this within an hour.
   */
  static final long MAX_ADDRESSES = 100_000;

  private final int maxPerWindow;
  private final Ticker ticker;
  // An entry is rewritten at every receipt; an hour after the last one all its times are stale.
  private final Cache<String, ArrayDeque<Long>> sentAt;

  public ReceiptLimiter(final int maxPerHour) {
    this(maxPerHour, Ticker.systemTicker());
  }

  ReceiptLimiter(final int maxPerHour, final Ticker ticker) {
    if (maxPerHour < 1) {
      throw new IllegalArgumentException("maxPerHour must be at least 1");
    }
    this.maxPerWindow = maxPerHour;
    this.ticker = ticker;
    this.sentAt =
        Caffeine.newBuilder()
            .expireAfterWrite(WINDOW)
            .maximumSize(MAX_ADDRESSES)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /** Takes one of the address's receipts for the hour; false when it has none left. */
  public boolean tryAcquire(final String address) {
    final long now = ticker.read();
    final boolean[] granted = {false};
    sentAt
        .asMap()
        .compute(
            address.strip().toLowerCase(Locale.ROOT),
            (key, times) -> {
              final ArrayDeque<Long> recent = times == null ? new ArrayDeque<>() : times;
              while (!recent.isEmpty() && now - recent.peekFirst() >= WINDOW.toNanos()) {
                recent.pollFirst();
              }
              if (recent.size() < maxPerWindow) {
                recent.addLast(now);
                granted[0] = true;
              }
              return recent;
            });
    return granted[0];
  }
}
