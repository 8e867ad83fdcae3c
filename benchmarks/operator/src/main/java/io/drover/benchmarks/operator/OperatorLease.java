package io.drover.benchmarks.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The Lease the operator's replicas elect their leader with (chart: {@code drover-operator}). */
final class OperatorLease {

  static final String NAME = "drover-operator";

  private OperatorLease() {}

  /** The replica that holds it, or null when nobody does. */
  static String holder(KubernetesClient client) {
    Lease lease = lease(client).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  /**
   * Forgets it, for after a replica stopped that may not have released it: the next one leads at
   * once instead of waiting out the lease duration.
   */
  static void forget(KubernetesClient client) {
    lease(client).delete();
  }

  private static io.fabric8.kubernetes.client.dsl.Resource<Lease> lease(KubernetesClient client) {
    return client.resources(Lease.class).inNamespace(BenchApi.OPERATOR_NAMESPACE).withName(NAME);
  }
}
