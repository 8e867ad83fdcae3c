package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ComputeResources;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * The container that serves each version. Any Open Inference Protocol (KServe v2) server will do:
 * the built-in DJL server by default, or Triton, MLServer and the like through image, command and
 * args; the bundle's location is in $(DROVER_MODEL_URI).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServingRuntime(
    @JsonPropertyDescription(
            "Model-server image implementing the Open Inference Protocol. Default: the built-in"
                + " DJL server.")
        String image,
    @JsonPropertyDescription(
            "Entrypoint override for another server's image, e.g. [tritonserver]. Kubernetes"
                + " expands $(DROVER_MODEL_URI) and $(DROVER_MODEL_NAME) in it.")
        List<String> command,
    @JsonPropertyDescription(
            "Arguments for another server's image, e.g."
                + " [--model-repository=$(DROVER_MODEL_URI)].")
        List<String> args,
    @JsonPropertyDescription(
            "Name the server serves the model under, in /v2/models/{name}. Default: the"
                + " InferenceService's name, as KServe clients expect.")
        @ValidationRule(
            value = "self.matches('^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$')",
            message = "runtime.modelName must be letters, digits, '.', '_' or '-'")
        String modelName,
    @JsonPropertyDescription("HTTP port the server listens on. Default 8080.")
        @Min(1024)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription("CPU, memory and GPUs of each model-server replica.")
        ComputeResources resources,
    @JsonPropertyDescription("Extra environment variables for the model server.") List<EnvVar> env,
    @JsonPropertyDescription("Node labels the model server must run on.")
        Map<String, String> nodeSelector,
    @JsonPropertyDescription("Tolerations for tainted (typically GPU) nodes.")
        List<Toleration> tolerations) {

  public static final int DEFAULT_PORT = 8080;

  public static ServingRuntime defaults() {
    return new ServingRuntime(null, null, null, null, null, null, null, null, null);
  }

  public int portOrDefault() {
    return port == null ? DEFAULT_PORT : port;
  }

  public int gpusPerReplica() {
    return resources == null ? 0 : resources.gpuCount();
  }
}
