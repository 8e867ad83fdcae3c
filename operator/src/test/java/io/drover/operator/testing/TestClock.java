package io.drover.operator.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's clock in tests: real time plus an offset the test moves forward, so an idle time
 * or an active window passes without the test waiting for it, while everything else keeps time.
 */
public final class TestClock extends Clock {

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  public void advance(Duration duration) {
    offset.accumulateAndGet(duration, Duration::plus);
  }

  /** Moves the clock so that it reads {@code at} now. */
  public void set(Instant at) {
    offset.set(Duration.between(Instant.now(), at));
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the operator's clock is UTC");
  }
}
