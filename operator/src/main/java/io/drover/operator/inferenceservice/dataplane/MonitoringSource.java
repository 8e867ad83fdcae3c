package io.drover.operator.inferenceservice.dataplane;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import java.time.Instant;
import java.util.List;

/**
 * Where the live versions' figures come from (spec.monitoring.source): the model servers
 * themselves, or a Prometheus that scrapes them. Both merge a version's replicas the same way
 * ({@link ReplicaMerge}); a source that cannot read says why in {@code unavailable}, never throws.
 */
public interface MonitoringSource {

  /**
   * @param namespace the InferenceService's namespace
   * @param model the model name the servers serve
   * @param versions the live versions, stable first, each with its ready pods
   * @param threshold the PSI above which a feature counts as drifted
   */
  MonitoringStatus read(
      String namespace, String model, List<LiveVersion> versions, double threshold, Instant now);

  /** One live version and the ready pods serving it. */
  record LiveVersion(VariantStatus variant, List<ServerPod> pods) {
    public LiveVersion {
      pods = List.copyOf(pods);
    }
  }

  /**
   * A ready model-server pod.
   *
   * @param name the pod's name (what Prometheus' pod label holds)
   * @param address its base URL, {@code http://<pod IP>:<port>}
   */
  record ServerPod(String name, String address) {}
}
