package io.drover.serving.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Per-variant statistics: sliding windows for the operator's JSON, and Prometheus meters. */
public final class RouterStats {

  // Cold starts take seconds to minutes: buckets where a pod's start can fall.
  private static final Duration[] COLD_START_BUCKETS =
      java.util.stream.DoubleStream.of(0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300)
          .mapToObj(s -> Duration.ofMillis((long) (s * 1000)))
          .toArray(Duration[]::new);

  private final Duration window;
  private final MeterRegistry registry;
  private final Map<String, VariantStats> variants = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, RequestMeters> requestMeters = new ConcurrentHashMap<>();
  private final Map<String, Timer> coldStarts = new ConcurrentHashMap<>();

  public RouterStats(Duration window, MeterRegistry registry) {
    this.window = window;
    this.registry = registry;
  }

  public Duration window() {
    return window;
  }

  public VariantStats of(String variant) {
    return variants.computeIfAbsent(
        variant,
        name -> {
          VariantStats stats = new VariantStats(window);
          Gauge.builder("drover.router.in.flight", stats.inFlight(), AtomicInteger::get)
              .description("Requests to the variant in flight now, held ones included")
              .tag("variant", name)
              .strongReference(true)
              .register(registry);
          return stats;
        });
  }

  /** A request is now in flight to the variant (sent, or held for it). */
  public void enter(String variant) {
    of(variant).inFlight().incrementAndGet();
  }

  /** A request is no longer in flight to the variant (answered, failed, or moved elsewhere). */
  public void leave(String variant) {
    of(variant).inFlight().decrementAndGet();
  }

  /** An activation from scale-to-zero: from its wake-up to its first successful answer. */
  public void coldStart(String variant, long nanos) {
    of(variant).coldStart(nanos / 1e9);
    coldStarts
        .computeIfAbsent(
            variant,
            name ->
                Timer.builder("drover.cold.start")
                    .description("Time from a scaled-to-zero variant's wake-up to its first answer")
                    .tag("variant", name)
                    .serviceLevelObjectives(COLD_START_BUCKETS)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A client request refused because the service is outside its active windows. */
  public void closed() {
    registry.counter("drover.router.closed").increment();
  }

  /** A variant's answer (or failure) to one request, {@code nanos} after it was sent. */
  public void request(String variant, long nanos, boolean error) {
    of(variant).request(nanos, error);
    RequestMeters meters = requestMeters.computeIfAbsent(variant, this::requestMeters);
    (error ? meters.errors() : meters.successes()).increment();
    meters.duration().record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The meters every proxied request records, looked up once per request. */
  private record RequestMeters(Counter successes, Counter errors, Timer duration) {}

  private RequestMeters requestMeters(String variant) {
    return new RequestMeters(
        counter("drover.router.requests", variant, "outcome", "success"),
        counter("drover.router.requests", variant, "outcome", "error"),
        Timer.builder("drover.router.request.duration")
            .description("Time from receiving a request to the variant's answer")
            .tag("variant", variant)
            .publishPercentileHistogram()
            .register(registry));
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
