package io.drover.operator.inferenceservice.rollout;

import io.drover.contract.serving.ModelMetadata;
import io.drover.contract.serving.ModelMetadata.TensorMetadata;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.Rollout;
import io.drover.operator.api.inferenceservice.Rollout.RolloutStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The strategy a rollout uses, and why. With {@code Auto} it follows the risk of the change: a
 * different kind of model (architecture, format, inputs or outputs) is first shadowed, then
 * canaried; the same kind with new weights is canaried; identical weights (only serving changed)
 * are swapped as soon as the smoke test passed.
 *
 * @param thenCanary Shadow only: continue through the canary steps once the shadow passed
 */
public record StrategyChoice(RolloutStrategy strategy, boolean thenCanary, String reason) {

  public static StrategyChoice choose(
      Rollout rollout,
      VariantStatus stable,
      VariantStatus candidate,
      Optional<StrategyEvidence> evidence) {
    if (rollout.strategy() != RolloutStrategy.Auto) {
      return new StrategyChoice(
          rollout.strategy(),
          rollout.strategy() == RolloutStrategy.Shadow && rollout.thenCanaryOrDefault(),
          "spec.rollout.strategy is " + rollout.strategy());
    }
    if (stable.digest() != null && stable.digest().equals(candidate.digest())) {
      return new StrategyChoice(
          RolloutStrategy.Immediate,
          false,
          "Auto: v%d has the same weights as v%d (%s), only serving changed: switched once the smoke test passed"
              .formatted(candidate.version(), stable.version(), shortDigest(stable.digest())));
    }
    Optional<ModelMetadata> before = evidence.flatMap(StrategyEvidence::stable);
    Optional<ModelMetadata> after = evidence.flatMap(StrategyEvidence::candidate);
    if (before.isEmpty() || after.isEmpty()) {
      String why = evidence.map(StrategyEvidence::unavailable).orElse("not read");
      return new StrategyChoice(
          RolloutStrategy.Shadow,
          true,
          "Auto: could not compare the two versions' model metadata (%s): treated as a new kind of model, Shadow then Canary"
              .formatted(why));
    }
    List<String> changes = kindChanges(before.get(), after.get());
    if (!changes.isEmpty()) {
      return new StrategyChoice(
          RolloutStrategy.Shadow,
          true,
          "Auto: a new kind of model (%s): Shadow then Canary"
              .formatted(String.join(", ", changes)));
    }
    String kind = describe(after.get());
    return new StrategyChoice(
        RolloutStrategy.Canary,
        false,
        "Auto: same kind of model (%s), new weights (new data or hyperparameters): Canary"
            .formatted(kind));
  }

  /** What makes two models of a different kind, each as "what: before → after". */
  static List<String> kindChanges(ModelMetadata before, ModelMetadata after) {
    List<String> changes = new ArrayList<>();
    compare(changes, "platform", before.platform(), after.platform());
    compare(changes, "format", before.parameter("format"), after.parameter("format"));
    compare(
        changes, "architecture", before.parameter("architecture"), after.parameter("architecture"));
    compare(changes, "inputs", shapes(before.inputs()), shapes(after.inputs()));
    compare(changes, "outputs", shapes(before.outputs()), shapes(after.outputs()));
    return changes;
  }

  private static void compare(List<String> changes, String what, String before, String after) {
    if (!Objects.equals(before, after)) {
      changes.add("%s %s → %s".formatted(what, before, after));
    }
  }

  private static String shapes(List<TensorMetadata> tensors) {
    return tensors.stream()
        .map(t -> t.name() + ":" + t.datatype() + t.shape())
        .reduce((a, b) -> a + " " + b)
        .orElse("none");
  }

  private static String describe(ModelMetadata metadata) {
    String architecture = metadata.parameter("architecture");
    return architecture != null ? architecture : metadata.platform();
  }

  private static String shortDigest(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) + "…" : digest;
  }
}
