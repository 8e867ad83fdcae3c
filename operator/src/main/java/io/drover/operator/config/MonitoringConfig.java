package io.drover.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Where the operator reads live figures from when an InferenceService sets {@code
 * spec.monitoring.source: Prometheus}, and the label names its series carry.
 */
@ConfigMapping(prefix = "drover.monitoring")
public interface MonitoringConfig {

  /**
   * Base URL of the Prometheus server that scrapes the model servers, e.g. {@code
   * http://prometheus.monitoring.svc:9090}. Unset: services asking for Prometheus get no figures
   * and say why in status.monitoring.unavailable.
   */
  Optional<String> prometheusUrl();

  /** The series label holding the pod's namespace. */
  @WithDefault("namespace")
  String prometheusNamespaceLabel();

  /** The series label holding the pod's {@code drover.io/variant} label. */
  @WithDefault("variant")
  String prometheusVariantLabel();

  /** The series label holding the pod's name: one replica per value. */
  @WithDefault("pod")
  String prometheusPodLabel();
}
