package io.drover.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Operator-wide defaults for TrainingRuns, set by the platform engineer at install time. */
@ConfigMapping(prefix = "drover.training")
public interface TrainingConfig {

  /** Image of the built-in trainer, used when a run names none. */
  String trainerImage();

  /** Base location for model bundles when a run gives no spec.output.uri. */
  Optional<String> defaultOutputUri();

  /** How long a trainer pod may wait to be scheduled when the run does not say. */
  @WithDefault("15m")
  Duration pendingTimeout();

  /** How long finished Jobs are kept when the run does not say. */
  @WithDefault("24h")
  Duration ttlAfterFinished();

  /** UID and GID the trainer runs as, so the pod passes the restricted Pod Security profile. */
  @WithDefault("1000")
  long runAsUser();
}
