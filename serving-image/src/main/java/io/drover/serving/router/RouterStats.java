package io.drover.serving.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Per-variant statistics: sliding windows for the operator's JSON, and Prometheus meters. */
public final class RouterStats {

  private final Duration window;
  private final MeterRegistry registry;
  private final Map<String, VariantStats> variants = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public RouterStats(Duration window, MeterRegistry registry) {
    this.window = window;
    this.registry = registry;
  }

  public Duration window() {
    return window;
  }

  public VariantStats of(String variant) {
    return variants.computeIfAbsent(variant, name -> new VariantStats(window));
  }

  public void request(String variant, long nanos, boolean error) {
    of(variant).request(nanos, error);
    counter("drover.router.requests", variant, "outcome", error ? "error" : "success").increment();
    timers
        .computeIfAbsent(
            variant,
            name ->
                Timer.builder("drover.router.request.duration")
                    .description("Time from receiving a request to the variant's answer")
                    .tag("variant", name)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * @param result {@code agree}, {@code disagree}, {@code dropped} or {@code error}
   */
  public void shadow(String variant, String result) {
    switch (result) {
      case "agree" -> of(variant).shadow(true);
      case "disagree" -> of(variant).shadow(false);
      case "dropped" -> of(variant).shadowDropped();
      default -> {}
    }
    counter("drover.router.shadow", variant, "result", result).increment();
  }

  /**
   * Feedback delivered to a variant (Prometheus only: the operator reads live accuracy from each
   * server's monitoring report).
   *
   * @param result {@code accepted}, {@code unknown} (404), {@code refused} (other 4xx), {@code
   *     error} (unreachable or 5xx) or {@code dropped} (a shadow's copy, when too many are in
   *     flight)
   */
  public void feedback(String variant, String result) {
    counter("drover.router.feedback", variant, "result", result).increment();
  }

  private Counter counter(String name, String variant, String tag, String value) {
    return counters.computeIfAbsent(
        name + '|' + variant + '|' + value,
        key -> Counter.builder(name).tag("variant", variant).tag(tag, value).register(registry));
  }
}
