package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ComputeResources;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** The container that serves each version. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServingRuntime(
    @JsonPropertyDescription(
            "Model-server image implementing the Open Inference Protocol. Default: the built-in"
                + " DJL server.")
        String image,
    @JsonPropertyDescription("CPU, memory and GPUs of each model-server replica.")
        ComputeResources resources,
    @JsonPropertyDescription("Extra environment variables for the model server.") List<EnvVar> env,
    @JsonPropertyDescription("Node labels the model server must run on.")
        Map<String, String> nodeSelector,
    @JsonPropertyDescription("Tolerations for tainted (typically GPU) nodes.")
        List<Toleration> tolerations) {}
