package org.inputdesk.intake.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReceiptLimiterTest {

  /** A clock the test moves by hand. */
  private static final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(final Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  @Test
  void shouldAllowThreeReceiptsToAnAddressInAnHourAndRefuseTheFourth() {
    final ReceiptLimiter limiter = new ReceiptLimiter(3, new FakeTicker());
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isTrue();
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isTrue();
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isTrue();
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isFalse();
  }

  @Test
  void shouldCountEachAddressApartAndIgnoreCase() {
    final ReceiptLimiter limiter = new ReceiptLimiter(1, new FakeTicker());
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isTrue();
    assertThat(limiter.tryAcquire("DESK@MFA.gov.sg")).isFalse();
    assertThat(limiter.tryAcquire("other@mfa.gov.sg")).isTrue();
  }

  @Test
  void shouldFreeAReceiptAnHourAfterItWasSentNotBefore() {
    final FakeTicker ticker = new FakeTicker();
    final ReceiptLimiter limiter = new ReceiptLimiter(2, ticker);
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isTrue(); // t = 0
    ticker.advance(Duration.ofMinutes(40));
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isTrue(); // t = 40 min
    ticker.advance(Duration.ofMinutes(19));
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isFalse(); // t = 59 min: two in the hour
    ticker.advance(Duration.ofMinutes(1));
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isTrue(); // t = 60 min: the first expired
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isFalse();
  }

  @Test
  void shouldForgetAnAddressAfterAQuietHour() {
    final FakeTicker ticker = new FakeTicker();
    final ReceiptLimiter limiter = new ReceiptLimiter(1, ticker);
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isTrue();
    ticker.advance(Duration.ofMinutes(61));
    assertThat(limiter.tryAcquire("desk@mfa.gov.sg")).isTrue();
  }
}
