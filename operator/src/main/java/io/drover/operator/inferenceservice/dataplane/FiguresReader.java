package io.drover.operator.inferenceservice.dataplane;

import io.drover.contract.serving.MonitoringReport;
import io.drover.contract.serving.RouterStatsReport;
import io.drover.contract.serving.RouterStatsReport.VariantEntry;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantFigures;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.inferenceservice.rollout.RolloutFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what an analysis judges: every router pod's per-variant statistics, merged (counts added,
 * the worst p99 kept), and every ready model-server pod's monitoring, merged (live accuracy
 * weighted by labelled rows). Each pod is asked directly, so replicas are all counted.
 */
public final class FiguresReader {

  private final DataPlane dataPlane;

  public FiguresReader(DataPlane dataPlane) {
    this.dataPlane = dataPlane;
  }

  /**
   * @param stable the baseline variant, or null when the candidate is judged alone
   * @param routerPods base URLs of the ready router pods
   * @param serverPods base URLs of each variant's ready pods, by variant name
   */
  public RolloutFigures read(
      VariantStatus stable,
      VariantStatus candidate,
      List<String> routerPods,
      Map<String, List<String>> serverPods,
      String model) {
    List<RouterStatsReport> reports = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String pod : routerPods) {
      try {
        reports.add(dataPlane.routerStats(pod));
      } catch (DataPlaneException e) {
        problems.add(e.getMessage());
      }
    }
    if (reports.isEmpty()) {
      String why =
          routerPods.isEmpty() ? "the router has no ready pod" : String.join("; ", problems);
      return new RolloutFigures(null, null, why);
    }
    return new RolloutFigures(
        stable == null ? null : figures(stable, reports, serverPods, model),
        figures(candidate, reports, serverPods, model),
        null);
  }

  private VariantFigures figures(
      VariantStatus variant,
      List<RouterStatsReport> reports,
      Map<String, List<String>> serverPods,
      String model) {
    long requests = 0;
    long errors = 0;
    Double p99 = null;
    long agreed = 0;
    long compared = 0;
    for (RouterStatsReport report : reports) {
      Optional<VariantEntry> entry = report.variant(variant.variant());
      if (entry.isEmpty() || entry.get().stats() == null) {
        continue;
      }
      var stats = entry.get().stats();
      requests += stats.requests();
      errors += stats.errors();
      if (stats.p99Ms() != null) {
        p99 = p99 == null ? stats.p99Ms() : Math.max(p99, stats.p99Ms());
      }
      agreed += stats.shadowAgreed();
      compared += stats.shadowAgreed() + stats.shadowDisagreed();
    }
    Quality quality = quality(serverPods.getOrDefault(variant.variant(), List.of()), model);
    return new VariantFigures(
        variant.variant(),
        variant.version(),
        requests,
        requests == 0 ? null : errors * 100.0 / requests,
        p99,
        compared == 0 ? null : agreed * 100.0 / compared,
        quality.accuracy(),
        quality.rows());
  }

  private record Quality(Double accuracy, Long rows) {}

  /** Live accuracy over the variant's pods; nulls when no pod reports monitoring. */
  private Quality quality(List<String> pods, String model) {
    boolean reported = false;
    long rows = 0;
    double correct = 0;
    for (String pod : pods) {
      Optional<MonitoringReport> report;
      try {
        report = dataPlane.monitoring(pod, model);
      } catch (DataPlaneException e) {
        continue;
      }
      if (report.isEmpty() || report.get().accuracy() == null) {
        continue;
      }
      reported = true;
      MonitoringReport.Accuracy accuracy = report.get().accuracy();
      if (accuracy.live() != null && accuracy.rows() > 0) {
        rows += accuracy.rows();
        correct += accuracy.live() * accuracy.rows();
      }
    }
    if (!reported) {
      return new Quality(null, null);
    }
    return new Quality(rows == 0 ? null : correct / rows, rows);
  }
}
