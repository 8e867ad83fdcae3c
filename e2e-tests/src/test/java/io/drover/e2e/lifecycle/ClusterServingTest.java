package io.drover.e2e.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The serving lifecycle on a real cluster (Kind or k3s) prepared by {@code
 * e2e-tests/cluster/setup.sh}. Skipped, saying so, unless DROVER_E2E_KUBECONFIG names the cluster's
 * kubeconfig.
 */
class ClusterServingTest extends ServingScenarios {

  @Override
  ServingCluster connect() {
    String kubeconfig = System.getenv("DROVER_E2E_KUBECONFIG");
    return kubeconfig != null && Files.isReadable(Path.of(kubeconfig))
        ? new KubeconfigServingCluster(Path.of(kubeconfig))
        : null;
  }

  @Override
  String missing() {
    return "no real cluster: set DROVER_E2E_KUBECONFIG to the kubeconfig of a Kind or k3s cluster"
        + " prepared by e2e-tests/cluster/setup.sh to run the cluster tier";
  }
}
