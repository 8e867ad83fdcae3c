package io.drover.operator.inferenceservice.dataplane;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The default source: every ready model-server pod's monitoring report ({@code
 * /v2/models/{name}/monitoring}), each version's replicas merged by {@link ReplicaMerge}.
 */
public final class ServersMonitoring implements MonitoringSource {

  private final DataPlane dataPlane;

  public ServersMonitoring(DataPlane dataPlane) {
    this.dataPlane = dataPlane;
  }

  @Override
  public MonitoringStatus read(
      String namespace, String model, List<LiveVersion> versions, double threshold, Instant now) {
    List<VersionMonitoring> read = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (LiveVersion version : versions) {
      if (version.pods().isEmpty()) {
        problems.add("v%d has no ready pod".formatted(version.variant().version()));
        continue;
      }
      List<ReplicaFigures> replicas = new ArrayList<>();
      for (ServerPod pod : version.pods()) {
        try {
          dataPlane
              .monitoring(pod.address(), model)
              .map(ReplicaFigures::of)
              .ifPresent(replicas::add);
        } catch (DataPlaneException e) {
          problems.add(e.getMessage());
        }
      }
      ReplicaMerge.merge(version.variant(), replicas, threshold).ifPresent(read::add);
    }
    return new MonitoringStatus(
        now.toString(),
        read.isEmpty() ? null : List.copyOf(read),
        problems.isEmpty() ? null : String.join("; ", problems));
  }
}
