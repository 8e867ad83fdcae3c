package io.drover.serving.router;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on requests in flight to shadows (mirrored copies and their feedback): a shadow that
 * slows down gets copies dropped, never queued, so it cannot hold the router's memory or slow the
 * primary.
 */
final class ShadowSlots {

  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();

  ShadowSlots(int max) {
    this.max = max;
  }

  /** Takes a slot; false (nothing taken) when all are in use. */
  boolean tryAcquire() {
    if (inFlight.incrementAndGet() > max) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  void release() {
    inFlight.decrementAndGet();
  }
}
