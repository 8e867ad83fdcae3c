package io.drover.serving.monitoring;

import io.drover.contract.serving.MonitoringReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Inference requests by outcome, their latency and batch sizes: in Prometheus and, as running
 * totals, in the monitoring report.
 */
public final class RequestMetrics {

  public enum Outcome {
    SUCCESS("success"),
    CLIENT_ERROR("client_error"),
    SERVER_ERROR("server_error");

    private final String tag;

    Outcome(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Outcome, LongAdder> totals = new ConcurrentHashMap<>();
  private final LongAdder rows = new LongAdder();
  private final Timer latency;
  private final DistributionSummary batchRows;

  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Outcome outcome : Outcome.values()) {
      totals.put(outcome, new LongAdder());
    }
    latency =
        Timer.builder("drover.inference.duration")
            .description("Time to answer an infer request, body parsing to response")
            .publishPercentileHistogram()
            .register(registry);
    batchRows =
        DistributionSummary.builder("drover.inference.batch.rows")
            .description("Rows per infer request")
            .baseUnit("rows")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096)
            .register(registry);
  }

  public void success(String protocol, int batch, long nanos) {
    count(protocol, Outcome.SUCCESS);
    rows.add(batch);
    latency.record(nanos, TimeUnit.NANOSECONDS);
    batchRows.record(batch);
  }

  public void failure(String protocol, int status) {
    count(protocol, status >= 500 ? Outcome.SERVER_ERROR : Outcome.CLIENT_ERROR);
  }

  private void count(String protocol, Outcome outcome) {
    totals.get(outcome).increment();
    counters
        .computeIfAbsent(
            protocol + outcome.tag,
            key ->
                Counter.builder("drover.inference.requests")
                    .description("Infer requests answered, by protocol and outcome")
                    .tag("protocol", protocol)
                    .tag("outcome", outcome.tag)
                    .register(registry))
        .increment();
  }

  /** Infer requests since the server started (both protocols), as the monitoring report says. */
  public MonitoringReport.Requests totals() {
    long success = totals.get(Outcome.SUCCESS).sum();
    long client = totals.get(Outcome.CLIENT_ERROR).sum();
    long server = totals.get(Outcome.SERVER_ERROR).sum();
    return new MonitoringReport.Requests(
        success + client + server, success, client, server, rows.sum());
  }
}
