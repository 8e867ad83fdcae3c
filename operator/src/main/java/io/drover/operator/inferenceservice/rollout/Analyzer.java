package io.drover.operator.inferenceservice.rollout;

import io.drover.operator.api.inferenceservice.Analysis;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.AnalysisCheck;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.AnalysisResult;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Figure;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantFigures;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Judges a candidate from its figures and the stable version's in the same window: Pass, Fail, or
 * Inconclusive when there is too little data to say. A figure that breaks a threshold for the
 * stable version too is not held against the candidate: the baseline is unhealthy, and the rollout
 * pauses instead.
 */
public final class Analyzer {

  /** How the candidate meets traffic. */
  public enum Mode {
    /** It answers a share of the clients (Canary, AbTest). */
    TRAFFIC,
    /** It gets copies of the stable version's requests (Shadow, BlueGreen before the switch). */
    MIRRORED,
    /**
     * It serves all traffic alone, with nothing to compare against (BlueGreen after the switch).
     */
    SOLO
  }

  private Analyzer() {}

  public static AnalysisResult analyze(
      Analysis thresholds, Mode mode, RolloutFigures figures, Instant now) {
    VariantFigures candidate = figures.candidate();
    VariantFigures stable = mode == Mode.SOLO ? null : figures.stable();
    if (figures.unavailable() != null) {
      return new AnalysisResult(
          now.toString(),
          Verdict.Inconclusive,
          null,
          List.of(),
          List.of(),
          "no figures: " + figures.unavailable());
    }
    int minRequests = thresholds.minRequestsOrDefault();
    long requests = count(candidate.requests());
    boolean enough = requests >= minRequests;
    List<AnalysisCheck> checks = new ArrayList<>();
    List<String> unhealthyBaseline = new ArrayList<>();

    checks.add(
        check(
            Figure.Requests,
            (double) requests,
            stable == null ? null : (double) count(stable.requests()),
            (double) minRequests,
            enough ? Verdict.Pass : Verdict.Inconclusive,
            enough
                ? null
                : "%d of the %d requests a verdict needs".formatted(requests, minRequests)));

    double maxErrors = thresholds.maxErrorPercentOrDefault();
    checks.add(errors(candidate, stable, maxErrors, minRequests));
    if (breaks(stable, minRequests, stable == null ? null : stable.errorPercent(), maxErrors)) {
      unhealthyBaseline.add(
          "error rate %s%% > %s%%".formatted(format(stable.errorPercent()), format(maxErrors)));
    }

    if (thresholds.maxLatencyP99Millis() != null) {
      double max = thresholds.maxLatencyP99Millis();
      checks.add(
          threshold(
              Figure.LatencyP99Millis,
              candidate.latencyP99Millis(),
              stable == null ? null : stable.latencyP99Millis(),
              max,
              enough,
              "p99 latency %s ms > %s ms"));
      if (breaks(stable, minRequests, stable == null ? null : stable.latencyP99Millis(), max)) {
        unhealthyBaseline.add(
            "p99 latency %s ms > %s ms".formatted(format(stable.latencyP99Millis()), format(max)));
      }
    }
    if (thresholds.maxLatencyIncreasePercent() != null && stable != null) {
      checks.add(latencyIncrease(candidate, stable, thresholds, enough));
    }
    if (mode == Mode.MIRRORED) {
      double min = thresholds.minShadowAgreementPercentOrDefault();
      Double agreement = candidate.shadowAgreementPercent();
      Verdict verdict =
          !enough || agreement == null
              ? Verdict.Inconclusive
              : agreement < min ? Verdict.Fail : Verdict.Pass;
      checks.add(
          check(
              Figure.ShadowAgreementPercent,
              agreement,
              null,
              min,
              verdict,
              verdict == Verdict.Fail
                  ? "shadow agreement %s%% < %s%%".formatted(format(agreement), format(min))
                  : agreement == null ? "no shadow answers compared yet" : null));
    }
    if (thresholds.maxAccuracyDropPercent() != null && stable != null) {
      checks.add(accuracyDrop(candidate, stable, thresholds));
    }

    List<VariantFigures> shown = stable == null ? List.of(candidate) : List.of(stable, candidate);
    return verdict(checks, unhealthyBaseline, shown, now);
  }

  private static AnalysisResult verdict(
      List<AnalysisCheck> checks,
      List<String> unhealthyBaseline,
      List<VariantFigures> shown,
      Instant now) {
    if (!unhealthyBaseline.isEmpty()) {
      return new AnalysisResult(
          now.toString(),
          Verdict.Inconclusive,
          false,
          checks,
          shown,
          "the stable version itself breaks the thresholds ("
              + String.join(", ", unhealthyBaseline)
              + "): the candidate is not judged against an unhealthy baseline");
    }
    List<AnalysisCheck> failed = withVerdict(checks, Verdict.Fail);
    if (!failed.isEmpty()) {
      return new AnalysisResult(
          now.toString(), Verdict.Fail, true, checks, shown, "failed: " + messages(failed));
    }
    List<AnalysisCheck> open = withVerdict(checks, Verdict.Inconclusive);
    if (!open.isEmpty()) {
      return new AnalysisResult(
          now.toString(),
          Verdict.Inconclusive,
          true,
          checks,
          shown,
          "inconclusive: " + messages(open));
    }
    return new AnalysisResult(
        now.toString(), Verdict.Pass, true, checks, shown, "every check passed");
  }

  /**
   * Errors fail early: once the errors alone exceed the threshold over the requests a verdict
   * needs, no further success can redeem the candidate.
   */
  private static AnalysisCheck errors(
      VariantFigures candidate, VariantFigures stable, double max, int minRequests) {
    long requests = count(candidate.requests());
    double percent = candidate.errorPercent() == null ? 0 : candidate.errorPercent();
    double errors = requests * percent / 100.0;
    double bound = errors * 100.0 / Math.max(requests, minRequests);
    Verdict verdict;
    String message = null;
    if (bound > max) {
      verdict = Verdict.Fail;
      message = "error rate %s%% > %s%%".formatted(format(percent), format(max));
    } else if (requests < minRequests) {
      verdict = Verdict.Inconclusive;
      message = "error rate not yet known";
    } else {
      verdict = Verdict.Pass;
    }
    return check(
        Figure.ErrorPercent,
        requests == 0 ? null : percent,
        stable == null ? null : stable.errorPercent(),
        max,
        verdict,
        message);
  }

  private static AnalysisCheck threshold(
      Figure figure, Double candidate, Double stable, double max, boolean enough, String failure) {
    Verdict verdict =
        !enough || candidate == null
            ? Verdict.Inconclusive
            : candidate > max ? Verdict.Fail : Verdict.Pass;
    return check(
        figure,
        candidate,
        stable,
        max,
        verdict,
        verdict == Verdict.Fail ? failure.formatted(format(candidate), format(max)) : null);
  }

  private static AnalysisCheck latencyIncrease(
      VariantFigures candidate, VariantFigures stable, Analysis thresholds, boolean enough) {
    double max = thresholds.maxLatencyIncreasePercent();
    Double c = candidate.latencyP99Millis();
    Double s = stable.latencyP99Millis();
    boolean stableEnough = count(stable.requests()) >= thresholds.minRequestsOrDefault();
    if (!enough || !stableEnough || c == null || s == null || s <= 0) {
      return check(
          Figure.LatencyIncreasePercent,
          null,
          null,
          max,
          Verdict.Inconclusive,
          "p99 latency of both versions not yet known");
    }
    double increase = (c / s - 1) * 100;
    boolean fail = increase > max;
    return check(
        Figure.LatencyIncreasePercent,
        round(increase),
        0.0,
        max,
        fail ? Verdict.Fail : Verdict.Pass,
        fail
            ? "p99 latency %s ms is %s%% above the stable version's %s ms (at most %s%%)"
                .formatted(format(c), format(increase), format(s), format(max))
            : null);
  }

  private static AnalysisCheck accuracyDrop(
      VariantFigures candidate, VariantFigures stable, Analysis thresholds) {
    double max = thresholds.maxAccuracyDropPercent();
    if (candidate.feedbackRows() == null || stable.feedbackRows() == null) {
      return check(
          Figure.AccuracyDropPercent,
          null,
          null,
          max,
          Verdict.Skipped,
          "a server reports no live accuracy");
    }
    int min = thresholds.minFeedbackRowsOrDefault();
    if (candidate.feedbackRows() < min
        || stable.feedbackRows() < min
        || candidate.liveAccuracy() == null
        || stable.liveAccuracy() == null) {
      return check(
          Figure.AccuracyDropPercent,
          null,
          null,
          max,
          Verdict.Inconclusive,
          "labelled rows: candidate %d, stable %d, of the %d each needs"
              .formatted(candidate.feedbackRows(), stable.feedbackRows(), min));
    }
    double drop = (stable.liveAccuracy() - candidate.liveAccuracy()) * 100;
    boolean fail = drop > max;
    return check(
        Figure.AccuracyDropPercent,
        round(drop),
        0.0,
        max,
        fail ? Verdict.Fail : Verdict.Pass,
        fail
            ? "live accuracy %s is %s points below the stable version's %s (at most %s)"
                .formatted(
                    format(candidate.liveAccuracy()),
                    format(drop),
                    format(stable.liveAccuracy()),
                    format(max))
            : null);
  }

  private static boolean breaks(VariantFigures stable, int minRequests, Double value, double max) {
    return stable != null
        && count(stable.requests()) >= minRequests
        && value != null
        && value > max;
  }

  private static AnalysisCheck check(
      Figure figure,
      Double candidate,
      Double stable,
      Double threshold,
      Verdict verdict,
      String message) {
    return new AnalysisCheck(figure, round(candidate), round(stable), threshold, verdict, message);
  }

  private static List<AnalysisCheck> withVerdict(List<AnalysisCheck> checks, Verdict verdict) {
    return checks.stream().filter(c -> c.verdict() == verdict).toList();
  }

  private static String messages(List<AnalysisCheck> checks) {
    return checks.stream()
        .map(c -> c.message() == null ? c.figure().name() : c.message())
        .collect(Collectors.joining("; "));
  }

  private static long count(Long value) {
    return value == null ? 0 : value;
  }

  private static Double round(Double value) {
    return value == null ? null : Math.round(value * 1000) / 1000.0;
  }

  static String format(Double value) {
    if (value == null) {
      return "?";
    }
    double rounded = Math.round(value * 100) / 100.0;
    return rounded == Math.rint(rounded)
        ? String.valueOf((long) rounded)
        : String.format(Locale.ROOT, "%.2f", rounded).replaceAll("0$", "");
  }
}
