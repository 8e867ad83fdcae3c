package io.drover.e2e.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the lifecycle scenarios run: local mode in CI, a real cluster (Kind, k3s) when one is
 * given. The scenarios use nothing else of it.
 */
interface ServingCluster extends AutoCloseable {

  KubernetesClient client();

  /**
   * The namespace the scenarios use; its claim {@code datasets} holds {@code iris.csv}, and {@link
   * #modelsClaim()} takes the bundles.
   */
  String namespace();

  /** The claim trainers write bundles to. */
  String modelsClaim();

  /** An address this test reaches the Service at. */
  URI serviceUrl(String service);

  /** Restarts the operator as a crash would: it resumes from what the API holds. */
  void restartOperator();

  /** The files of a claim, when this machine can reach them (local mode only). */
  Optional<Path> claim(String name);

  /** Where to look when a scenario fails. */
  String logs();

  @Override
  void close();
}
