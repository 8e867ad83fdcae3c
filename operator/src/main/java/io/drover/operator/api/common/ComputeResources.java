package io.drover.operator.api.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** Compute for one pod: requests, optional limits, and GPUs. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComputeResources(
    @JsonPropertyDescription("CPU requested, in Kubernetes quantity form (\"2\", \"500m\").")
        @Size(max = 64)
        @ValidationRule(
            value = ApiGroup.QUANTITY_RULE,
            message = "resources.cpu must be a non-negative Kubernetes quantity such as 2 or 500m")
        Quantity cpu,
    @JsonPropertyDescription(
            "Memory requested (\"4Gi\"). Also the memory limit unless memoryLimit is set, so the"
                + " pod is not killed for using what it asked for.")
        @Size(max = 64)
        @ValidationRule(
            value = ApiGroup.QUANTITY_RULE,
            message =
                "resources.memory must be a non-negative Kubernetes quantity such as 4Gi or 512Mi")
        Quantity memory,
    @JsonPropertyDescription("CPU limit. Unset means no CPU limit (throttling slows training).")
        @Size(max = 64)
        @ValidationRule(
            value = ApiGroup.QUANTITY_RULE,
            message =
                "resources.cpuLimit must be a non-negative Kubernetes quantity such as 2 or 500m")
        Quantity cpuLimit,
    @JsonPropertyDescription("Memory limit; defaults to the memory request.")
        @Size(max = 64)
        @ValidationRule(
            value = ApiGroup.QUANTITY_RULE,
            message =
                "resources.memoryLimit must be a non-negative Kubernetes quantity such as 4Gi or 512Mi")
        Quantity memoryLimit,
    @JsonPropertyDescription(
            "Number of GPUs, requested and limited on gpuResourceName, at most 64 (a node's worth"
                + " even in MIG slices). 0 or unset runs on CPU.")
        @Min(0)
        @Max(64)
        Integer gpus,
    @JsonPropertyDescription(
            "Extended resource name of the GPUs; default nvidia.com/gpu (amd.com/gpu, a MIG"
                + " profile such as nvidia.com/mig-1g.10gb, ...).")
        @Size(max = ApiGroup.LABEL_KEY_MAX_LENGTH)
        @ValidationRule(
            value =
                "self.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)/[-a-zA-Z0-9_.]+$')",
            message =
                "resources.gpuResourceName must be a domain-prefixed resource name such as nvidia.com/gpu")
        String gpuResourceName) {

  public static final String DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

  public int gpuCount() {
    return gpus == null ? 0 : gpus;
  }

  public String gpuResource() {
    return gpuResourceName == null ? DEFAULT_GPU_RESOURCE : gpuResourceName;
  }
}
