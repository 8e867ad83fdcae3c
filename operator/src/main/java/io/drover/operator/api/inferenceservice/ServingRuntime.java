package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.ComputeResources;
import io.drover.operator.api.common.PodFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
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
        @Size(max = ApiGroup.IMAGE_MAX_LENGTH)
        @ValidationRule(
            value = PodFields.IMAGE_RULE,
            message = "spec.runtime.image " + PodFields.IMAGE_HINT)
        String image,
    @JsonPropertyDescription(
            "Entrypoint override for another server's image, e.g. [tritonserver]. Kubernetes"
                + " expands $(DROVER_MODEL_URI) and $(DROVER_MODEL_NAME) in it.")
        @Size(max = ApiGroup.MAX_ARGS)
        List<@Size(max = ApiGroup.ARG_MAX_LENGTH) String> command,
    @JsonPropertyDescription(
            "Arguments for another server's image, e.g."
                + " [--model-repository=$(DROVER_MODEL_URI)].")
        @Size(max = ApiGroup.MAX_ARGS)
        List<@Size(max = ApiGroup.ARG_MAX_LENGTH) String> args,
    @JsonPropertyDescription(
            "Name the server serves the model under, in /v2/models/{name}. Default: the"
                + " InferenceService's name, as KServe clients expect.")
        @Size(max = 128)
        @ValidationRule(
            value = "self.matches('^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$')",
            message = "spec.runtime.modelName must be letters, digits, '.', '_' or '-'")
        String modelName,
    @JsonPropertyDescription("HTTP port the server listens on. Default 8080.")
        @Min(1024)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription("CPU, memory and GPUs of each model-server replica.")
        ComputeResources resources,
    @JsonPropertyDescription("Extra environment variables for the model server.")
        @Size(max = PodFields.MAX_ENV)
        @ValidationRule(
            value = PodFields.ENV_UNIQUE_RULE,
            message = "spec.runtime.env " + PodFields.ENV_UNIQUE_HINT)
        @ValidationRule(
            value = PodFields.ENV_NAME_RULE,
            message = "spec.runtime.env[].name " + PodFields.ENV_NAME_HINT)
        @ValidationRule(
            value = PodFields.ENV_VALUE_RULE,
            message = "spec.runtime.env[] " + PodFields.ENV_VALUE_HINT)
        List<EnvVar> env,
    @JsonPropertyDescription("Node labels the model server must run on.")
        @Size(max = PodFields.MAX_LABELS)
        @ValidationRule(
            value = PodFields.LABELS_RULE,
            message = "spec.runtime.nodeSelector " + PodFields.LABELS_HINT)
        Map<String, @Size(max = ApiGroup.LABEL_VALUE_MAX_LENGTH) String> nodeSelector,
    @JsonPropertyDescription("Tolerations for tainted (typically GPU) nodes.")
        @Size(max = PodFields.MAX_TOLERATIONS)
        @ValidationRule(
            value = PodFields.TOLERATION_KEY_RULE,
            message = "spec.runtime.tolerations[].key " + PodFields.TOLERATION_KEY_HINT)
        @ValidationRule(
            value = PodFields.TOLERATION_VALUE_RULE,
            message = "spec.runtime.tolerations[].value " + PodFields.TOLERATION_VALUE_HINT)
        @ValidationRule(
            value = PodFields.TOLERATION_SECONDS_RULE,
            message =
                "spec.runtime.tolerations[].tolerationSeconds " + PodFields.TOLERATION_SECONDS_HINT)
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
