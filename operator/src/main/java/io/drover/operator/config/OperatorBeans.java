package io.drover.operator.config;

import io.drover.operator.events.EventRecorder;
import io.drover.operator.inferenceservice.dataplane.DataPlane;
import io.drover.operator.inferenceservice.dataplane.HttpDataPlane;
import io.drover.operator.inferenceservice.dataplane.MonitoringSources;
import io.drover.operator.kubernetes.SharedEmptyExtras;
import io.drover.operator.kubernetes.SharedStrings;
import io.drover.operator.metrics.OperatorMetrics;
import io.drover.operator.notifications.WebhookNotifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the reconcilers' collaborators; tests build the same objects by hand. */
@ApplicationScoped
public class OperatorBeans {

  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The client reads the strings of what the informers cache as shared copies, and objects without
   * unknown fields with one shared empty map of them.
   */
  @Produces
  @Singleton
  KubernetesClientObjectMapperCustomizer sharedCopies() {
    return mapper ->
        mapper.registerModule(SharedStrings.module()).registerModule(SharedEmptyExtras.module());
  }

  @Produces
  @ApplicationScoped
  OperatorMetrics operatorMetrics(MeterRegistry registry) {
    return new OperatorMetrics(registry);
  }

  @Produces
  @ApplicationScoped
  WebhookNotifier webhookNotifier(KubernetesClient client, NotificationConfig config) {
    return new WebhookNotifier(client, config);
  }

  @Produces
  @ApplicationScoped
  DataPlane dataPlane(ServingConfig config) {
    return new HttpDataPlane(config.dataPlaneTimeout());
  }

  @Produces
  @ApplicationScoped
  MonitoringSources monitoringSources(
      DataPlane dataPlane, MonitoringConfig monitoring, ServingConfig serving) {
    return MonitoringSources.of(
        dataPlane,
        new MonitoringSources.PrometheusSettings(
            monitoring.prometheusUrl(),
            monitoring.prometheusNamespaceLabel(),
            monitoring.prometheusVariantLabel(),
            monitoring.prometheusPodLabel()),
        serving.dataPlaneTimeout());
  }

  @Produces
  @ApplicationScoped
  EventRecorder eventRecorder(KubernetesClient client, Clock clock) {
    return new EventRecorder(client, clock);
  }

  /**
   * QOSDK elects a leader (in the prod profile) only when this bean is there and not null: without
   * it every replica would reconcile the same objects.
   */
  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(LeaderElectionConfig config) {
    return config.enabled() ? LeaderElectionSettings.of(config) : null;
  }
}
