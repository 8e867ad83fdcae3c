package io.drover.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Operator-wide settings for InferenceServices, set by the platform engineer at install time. */
@ConfigMapping(prefix = "drover.serving")
public interface ServingConfig {

  /** Image of the built-in model server, used when a service's spec.runtime names none. */
  String serverImage();

  /** Image of the router; the model-server image when unset (one image runs both). */
  Optional<String> routerImage();

  /** UID and GID of model-server and router pods (the image's user), for the restricted profile. */
  @WithDefault("65532")
  long runAsUser();

  /**
   * Namespace the operator runs in: the model servers' NetworkPolicy lets the operator's pods in
   * (smoke tests, figures) besides the router.
   */
  @WithDefault("drover-system")
  String operatorNamespace();

  /** How long the operator waits for a router's or model server's answer. */
  @WithDefault("3s")
  Duration dataPlaneTimeout();

  default String router() {
    return routerImage().orElse(serverImage());
  }
}
