package io.drover.operator.testing;

import io.drover.contract.serving.ModelMetadata;
import io.drover.contract.serving.MonitoringReport;
import io.drover.contract.serving.RouterStatsReport;
import io.drover.contract.serving.RouterStatsReport.VariantEntry;
import io.drover.contract.serving.RouterStatsReport.VariantStats;
import io.drover.contract.serving.TestRows;
import io.drover.operator.inferenceservice.dataplane.DataPlane;
import io.drover.operator.inferenceservice.dataplane.DataPlaneException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The data plane as a test scripts it, for operator tests on the mock API server where no router or
 * model server runs: the figures each variant shows, and how a version answers its smoke test. The
 * whole-lifecycle tests in e2e-tests use real routers and servers instead.
 */
public final class ScriptedDataPlane implements DataPlane {

  private final Map<String, VariantStats> stats = new ConcurrentHashMap<>();
  private final Map<String, String> lastRequests = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile String answer = "setosa";
  private volatile MonitoringReport monitoring;

  /** The figures the router reports for a variant from now on. */
  public void figures(String variant, long requests, long errors, double p99Millis) {
    stats.put(
        variant,
        new VariantStats(
            requests,
            errors,
            requests == 0 ? null : (double) errors / requests,
            p99Millis / 2,
            p99Millis,
            p99Millis,
            0,
            0,
            null,
            0,
            null,
            0,
            null));
  }

  /** The last request the router saw for a variant, from now on. */
  public void lastRequest(String variant, java.time.Instant at) {
    lastRequests.put(variant, at.toString());
  }

  /** What every model answers to the smoke test's rows (they are all "setosa"). */
  public void answer(String label) {
    answer = label;
  }

  /**
   * What every model server reports from now on on /monitoring: one feature's PSI (the other's
   * stays calm) over a 500-row window, and live accuracy over {@code labelled} rows (none when
   * null).
   */
  public void monitoring(double psi, Double accuracy, long labelled) {
    monitoring =
        new MonitoringReport(
            new MonitoringReport.ModelInfo("iris", "1", "drover-mlp", 0.95, 1.0),
            "now",
            "now",
            new MonitoringReport.Window(500, 1000, 100),
            new MonitoringReport.Requests(500, 500, 0, 0, 500),
            new MonitoringReport.Drift(
                psi,
                0.0,
                List.of(
                    new MonitoringReport.FeatureDrift("petal_length", psi, 0.0),
                    new MonitoringReport.FeatureDrift("sepal_width", 0.01, 0.0))),
            new MonitoringReport.Predictions(500, Map.of(), Map.of(), Map.of()),
            new MonitoringReport.Accuracy(
                accuracy, accuracy == null ? 0 : labelled, 1000, labelled, 0, 0, 0));
  }

  /** Every data-plane call, as "what pod". */
  public List<String> calls() {
    return calls;
  }

  @Override
  public RouterStatsReport routerStats(String pod) {
    calls.add("stats " + pod);
    List<VariantEntry> entries = new ArrayList<>();
    java.util.Set<String> names = new java.util.TreeSet<>(stats.keySet());
    names.addAll(lastRequests.keySet());
    for (String name : names) {
      VariantStats figures =
          stats.getOrDefault(
              name, new VariantStats(0, 0, null, null, null, null, 0, 0, null, 0, null, 0, null));
      VariantStats seen =
          new VariantStats(
              figures.requests(),
              figures.errors(),
              figures.errorRate(),
              figures.p50Ms(),
              figures.p95Ms(),
              figures.p99Ms(),
              figures.shadowAgreed(),
              figures.shadowDisagreed(),
              figures.shadowAgreement(),
              figures.shadowDropped(),
              lastRequests.get(name),
              figures.inFlight(),
              figures.lastColdStartSeconds());
      entries.add(new VariantEntry(name, "stable", "http://" + name, 0, 0, true, seen));
    }
    return new RouterStatsReport(
        "now", 60, new RouterStatsReport.Table("test", "now", null, 0, null), 0, entries);
  }

  @Override
  public Optional<MonitoringReport> monitoring(String pod, String model) {
    calls.add("monitoring " + pod);
    return Optional.ofNullable(monitoring);
  }

  @Override
  public ModelMetadata metadata(String pod, String model) {
    calls.add("metadata " + pod);
    return new ModelMetadata(model, List.of(), "drover_mlp", List.of(), List.of(), Map.of());
  }

  @Override
  public Optional<TestRows> testRows(String pod, String model, int limit) {
    calls.add("test-rows " + pod);
    List<List<Double>> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(List.of(5.1, 3.5, 1.4, 0.2));
      labels.add("setosa");
    }
    return Optional.of(
        new TestRows(
            List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
            "species",
            rows,
            labels,
            30));
  }

  @Override
  public List<String> predict(String pod, String model, List<List<Double>> rows) {
    calls.add("infer " + pod);
    if (answer == null) {
      throw new DataPlaneException("POST " + pod + "/infer answered 500: broken");
    }
    return rows.stream().map(row -> answer).toList();
  }
}
