package io.drover.operator.registry;

import io.drover.operator.api.common.RetrainingTrigger;
import io.drover.operator.api.modelversion.Artifact;
import io.drover.operator.api.modelversion.Artifact.ModelFormat;
import io.drover.operator.api.modelversion.Lineage;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.modelversion.ModelVersionSpec;
import io.drover.operator.api.trainingrun.Registration;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.TrainingRunStatus;
import io.drover.operator.api.trainingrun.Trial;
import io.drover.operator.kubernetes.DroverLabels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ModelVersion a succeeded run registers: a pure function of the run and a version number. It
 * carries no owner reference, so deleting the run never deletes the model.
 */
final class RegisteredVersionBuilder {

  private RegisteredVersionBuilder() {}

  static ModelVersion build(TrainingRun run, int version, String trainerImage) {
    TrainingRunStatus status = run.getStatus();
    var spec = run.getSpec();
    Optional<Registration> registration = Optional.ofNullable(spec.registration());
    // A search registers its best trial: the model was trained with that trial's parameters.
    Optional<Trial> best =
        Optional.ofNullable(status.bestTrial())
            .flatMap(
                index -> status.trials().stream().filter(t -> index.equals(t.index())).findFirst());
    ModelVersion model = new ModelVersion();
    model.setMetadata(
        new ObjectMetaBuilder()
            .withName(ModelRegistration.versionName(spec.model(), version))
            .withNamespace(run.getMetadata().getNamespace())
            .withLabels(
                Map.of(
                    DroverLabels.MODEL_LABEL, spec.model(),
                    DroverLabels.TRAINING_RUN_LABEL,
                        DroverLabels.trainingRunLabelValue(run.getMetadata().getName()),
                    DroverLabels.MANAGED_BY_LABEL, DroverLabels.MANAGED_BY))
            .withAnnotations(Map.of(DroverLabels.TRAINING_RUN_LABEL, run.getMetadata().getName()))
            .build());
    model.setSpec(
        new ModelVersionSpec(
            spec.model(),
            version,
            new Artifact(status.bundleUri(), format(status.bundleFormat()), status.bundleDigest()),
            new Lineage(
                run.getMetadata().getName(),
                spec.dataset().uri(),
                spec.dataset().version(),
                status.dataset() == null ? null : status.dataset().digest(),
                spec.image() == null ? trainerImage : spec.image(),
                spec.codeRevision(),
                RetrainingTrigger.of(run.getMetadata().getAnnotations()).orElse(null),
                status.dataset() == null ? null : status.dataset().sources(),
                best.map(Trial::index).orElse(null)),
            status.metrics(),
            best.map(t -> hyperparameters(spec.hyperparameters(), t))
                .orElse(spec.hyperparameters()),
            registration.map(Registration::policy).orElse(null),
            registration.map(Registration::promotion).orElse(null),
            null,
            // The bundle the run wrote is read with the Secret it was written with.
            spec.storage()));
    return model;
  }

  /** The run's hyperparameters with the trial's values over them, as the trial trained. */
  private static Map<String, String> hyperparameters(Map<String, String> run, Trial trial) {
    Map<String, String> merged = new TreeMap<>(run);
    merged.putAll(trial.parameters());
    return merged;
  }

  /** The trainer names formats in lowercase (drover-mlp, onnx); the API in CamelCase. */
  static ModelFormat format(String reported) {
    if (reported == null) {
      return null;
    }
    return switch (reported.toLowerCase(Locale.ROOT).replace("_", "-")) {
      case "drover-mlp" -> ModelFormat.DroverMlp;
      case "torchscript" -> ModelFormat.TorchScript;
      case "onnx" -> ModelFormat.Onnx;
      case "xgboost" -> ModelFormat.XGBoost;
      default -> null;
    };
  }
}
