package io.drover.operator.modelversion;

import io.drover.operator.api.common.Goal;
import io.drover.operator.api.common.ProductionMargin;
import io.drover.operator.api.common.RegistrationPolicy;
import io.drover.operator.api.modelversion.Comparison;
import io.drover.operator.api.modelversion.PolicyCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Evaluates a version's registration policy; pure. */
final class PolicyChecks {

  static final String PASS = "Pass";
  static final String FAIL = "Fail";
  static final String PENDING = "Pending";

  private PolicyChecks() {}

  /**
   * Every check of the policy with the value seen and its verdict. The must-beat-Production check
   * is Pending until a comparison has finished, and passes outright when there is no Production
   * version to beat.
   */
  static List<PolicyCheck> evaluate(
      RegistrationPolicy policy,
      Map<String, Double> metrics,
      Optional<String> production,
      Comparison comparison) {
    List<PolicyCheck> checks = new ArrayList<>();
    if (policy == null) {
      return checks;
    }
    Map<String, Double> seen = metrics == null ? Map.of() : metrics;
    new TreeMap<>(Optional.ofNullable(policy.minimums()).orElse(Map.of()))
        .forEach((metric, min) -> checks.add(bound("Minimum", metric, min, seen.get(metric))));
    new TreeMap<>(Optional.ofNullable(policy.maximums()).orElse(Map.of()))
        .forEach((metric, max) -> checks.add(bound("Maximum", metric, max, seen.get(metric))));
    if (policy.mustBeatProduction() != null) {
      checks.add(beatProduction(policy.mustBeatProduction(), production, comparison));
    }
    return checks;
  }

  static boolean anyFailed(List<PolicyCheck> checks) {
    return checks.stream().anyMatch(c -> FAIL.equals(c.verdict()));
  }

  static boolean anyPending(List<PolicyCheck> checks) {
    return checks.stream().anyMatch(c -> PENDING.equals(c.verdict()));
  }

  private static PolicyCheck bound(String kind, String metric, double bound, Double value) {
    if (value == null) {
      return new PolicyCheck(
          kind, metric, bound, null, FAIL, "the model reported no " + metric + " metric");
    }
    boolean minimum = kind.equals("Minimum");
    boolean pass = minimum ? value >= bound : value <= bound;
    String message =
        "%s %s %s %s %s"
            .formatted(
                metric,
                value,
                pass ? "meets the" : "is " + (minimum ? "below the" : "above the"),
                minimum ? "minimum" : "maximum",
                bound);
    return new PolicyCheck(kind, metric, bound, value, pass ? PASS : FAIL, message);
  }

  private static PolicyCheck beatProduction(
      ProductionMargin margin, Optional<String> production, Comparison comparison) {
    double required = margin.margin() == null ? 0 : margin.margin();
    String kind = "BeatProduction";
    if (production.isEmpty()) {
      return new PolicyCheck(
          kind, margin.metric(), required, null, PASS, "no Production version to beat");
    }
    Optional<Comparison.MetricDelta> delta =
        Optional.ofNullable(comparison)
            .filter(c -> ComparisonVerdicts.isFinished(c.verdict()))
            .flatMap(
                c ->
                    c.metrics().stream()
                        .filter(d -> d.metric().equals(margin.metric()))
                        .findFirst());
    if (delta.isEmpty()) {
      if (comparison != null && ComparisonVerdicts.FAILED.equals(comparison.verdict())) {
        return new PolicyCheck(
            kind, margin.metric(), required, null, FAIL, "the comparison with Production failed");
      }
      return new PolicyCheck(
          kind,
          margin.metric(),
          required,
          null,
          PENDING,
          "waiting for the comparison with " + production.get());
    }
    double improvement =
        margin.goal() == Goal.Minimize ? -delta.get().delta() : delta.get().delta();
    boolean pass = improvement >= required;
    return new PolicyCheck(
        kind,
        margin.metric(),
        required,
        delta.get().candidate(),
        pass ? PASS : FAIL,
        "%s %s vs %s's %s: %s by %.4f (margin %s)"
            .formatted(
                margin.metric(),
                delta.get().candidate(),
                production.get(),
                delta.get().production(),
                improvement >= 0 ? "better" : "worse",
                Math.abs(improvement),
                required));
  }
}
