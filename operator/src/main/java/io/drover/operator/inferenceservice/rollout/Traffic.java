package io.drover.operator.inferenceservice.rollout;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.Rollout;
import io.drover.operator.api.inferenceservice.Rollout.RolloutStrategy;
import java.util.ArrayList;
import java.util.List;

/** The traffic split in words, for the printer column, messages and Events. */
final class Traffic {

  private Traffic() {}

  /** E.g. "v3 90% / v4 10%", "v3 100% (v4 shadow 100%)", "v4 100% (v3 kept)". */
  static String describe(VariantStatus stable, VariantStatus candidate, VariantStatus previous) {
    if (stable == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    parts.add("v%d %d%%".formatted(stable.version(), stable.weightOrZero()));
    if (candidate != null && candidate.weightOrZero() > 0) {
      parts.add("v%d %d%%".formatted(candidate.version(), candidate.weightOrZero()));
    }
    String text = String.join(" / ", parts);
    if (candidate != null && candidate.mirrorPercentOrZero() > 0) {
      text += " (v%d shadow %d%%)".formatted(candidate.version(), candidate.mirrorPercentOrZero());
    } else if (candidate != null && candidate.weightOrZero() == 0) {
      text += " (v%d starting)".formatted(candidate.version());
    }
    if (previous != null) {
      text += " (v%d kept)".formatted(previous.version());
    }
    return text;
  }

  static String stepMessage(
      RolloutStrategy strategy,
      int index,
      Rollout rollout,
      VariantStatus candidate,
      VariantStatus stable) {
    return switch (strategy) {
      case Canary ->
          "canary step %d of %d: v%d gets %d%% of traffic"
              .formatted(
                  index + 1,
                  rollout.stepsOrDefault().size(),
                  candidate.version(),
                  candidate.weightOrZero());
      case Shadow ->
          "shadow: v%d gets a copy of %d%% of v%d's requests; its answers are compared, not served"
              .formatted(candidate.version(), candidate.mirrorPercentOrZero(), stable.version());
      case BlueGreen ->
          "blue-green: v%d runs at full size on mirrored traffic before the switch"
              .formatted(candidate.version());
      case AbTest ->
          "A/B test: v%d serves %d%% of users, sticky by %s; it is never promoted by itself: pin"
                  .formatted(candidate.version(), candidate.weightOrZero(), rollout.stickyHeader())
              + " spec.model.version to the winner";
      default -> strategy.name();
    };
  }
}
