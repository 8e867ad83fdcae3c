package io.drover.operator.inferenceservice;

import io.drover.operator.inferenceservice.scaling.AutoscalerChoice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the cluster has KEDA's ScaledObject CRD, asked at most once a minute (KEDA installed
 * later is noticed within that). A CRD that cannot be read (no RBAC) counts as absent.
 */
final class KedaPresence {

  static final Duration REMEMBERED = Duration.ofMinutes(1);

  private volatile boolean installed;
  private volatile Instant askedAt;

  boolean installed(KubernetesClient client, Instant now) {
    Instant asked = askedAt;
    if (asked == null || !now.isBefore(asked.plus(REMEMBERED))) {
      installed = ask(client);
      askedAt = now;
    }
    return installed;
  }

  private static boolean ask(KubernetesClient client) {
    try {
      return client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(AutoscalerChoice.KEDA_CRD)
              .get()
          != null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }
}
