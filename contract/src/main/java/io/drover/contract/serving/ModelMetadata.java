package io.drover.contract.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v2/models/{name}} of the Open Inference Protocol, as far as the operator reads it:
 * enough to tell whether two versions are the same kind of model. Any KServe v2 server answers
 * this; {@code parameters} carries the built-in server's extras ({@code format}, {@code
 * architecture}, {@code weights_digest}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
    String name,
    List<String> versions,
    String platform,
    List<TensorMetadata> inputs,
    List<TensorMetadata> outputs,
    Map<String, Object> parameters) {

  public ModelMetadata {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    // Values may be JSON nulls, which Map.copyOf refuses.
    parameters =
        parameters == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
  }

  /** A parameter as text, or null when absent. */
  public String parameter(String key) {
    Object value = parameters.get(key);
    return value == null ? null : String.valueOf(value);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TensorMetadata(String name, String datatype, List<Long> shape) {}
}
