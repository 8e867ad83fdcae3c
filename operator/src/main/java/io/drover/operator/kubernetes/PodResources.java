package io.drover.operator.kubernetes;

import io.drover.operator.api.common.ComputeResources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;
import java.util.TreeMap;

/** A container's requests and limits from Drover's compute spec, the same for every pod kind. */
public final class PodResources {

  private PodResources() {}

  /**
   * Requests as asked; the memory limit defaults to the request (a pod is not killed for using what
   * it asked for); GPUs are requested and limited alike, as extended resources must be.
   */
  public static ResourceRequirements of(ComputeResources compute) {
    Map<String, Quantity> requests = new TreeMap<>();
    Map<String, Quantity> limits = new TreeMap<>();
    if (compute.cpu() != null) {
      requests.put("cpu", compute.cpu());
    }
    if (compute.cpuLimit() != null) {
      limits.put("cpu", compute.cpuLimit());
    }
    if (compute.memory() != null) {
      requests.put("memory", compute.memory());
    }
    Quantity memoryLimit = compute.memoryLimit() != null ? compute.memoryLimit() : compute.memory();
    if (memoryLimit != null) {
      limits.put("memory", memoryLimit);
    }
    if (compute.gpuCount() > 0) {
      Quantity gpus = new Quantity(Integer.toString(compute.gpuCount()));
      requests.put(compute.gpuResource(), gpus);
      limits.put(compute.gpuResource(), gpus);
    }
    ResourceRequirements requirements = new ResourceRequirements();
    requirements.setRequests(requests);
    requirements.setLimits(limits);
    return requirements;
  }
}
