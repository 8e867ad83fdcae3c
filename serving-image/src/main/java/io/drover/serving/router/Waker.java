package io.drover.serving.router;

import io.drover.serving.router.RoutingTable.Variant;

/** Asks for a scaled-to-zero variant to be scaled up. Called once per wake, never per request. */
public interface Waker {
  void wake(Variant variant);
}
