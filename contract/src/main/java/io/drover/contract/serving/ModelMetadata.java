package io.drover.contract.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v2/models/{name}} of the Open Inference Protocol (KServe v2): the model's name,
 * versions, platform and tensors. Drover's server writes this record and the operator reads it, to
 * tell whether two versions are the same kind of model; any KServe v2 server answers it. {@code
 * parameters}, the protocol's free-form extension point, carries the built-in server's extras under
 * the keys named by the constants below.
 *
 * @param name the name the model is served under
 * @param versions the versions served (Drover's server: exactly one)
 * @param platform the protocol's platform name, e.g. {@code drover_mlp} or {@code
 *     pytorch_torchscript}
 * @param inputs the input tensors a client sends
 * @param outputs the output tensors the server answers
 * @param parameters extras by key, in the server's order; values may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
    String name,
    List<String> versions,
    String platform,
    List<TensorMetadata> inputs,
    List<TensorMetadata> outputs,
    Map<String, Object> parameters) {

  /** Parameter: the feature names, in input order (the columnar request form names tensors so). */
  public static final String FEATURES = "features";

  /** Parameter: the labels, in the order of the probabilities. */
  public static final String LABELS = "labels";

  /** Parameter: the column the model predicts, null when the manifest names none. */
  public static final String LABEL_COLUMN = "label_column";

  /** Parameter: the bundle's format as the manifest names it ({@code drover-mlp}, …). */
  public static final String FORMAT = "format";

  /** Parameter: a stable description of the network, equal for the same architecture. */
  public static final String ARCHITECTURE = "architecture";

  /** Parameter: {@code sha256:<hex>} of the weights file, equal for the same weights. */
  public static final String WEIGHTS_DIGEST = "weights_digest";

  /** Parameter: the most rows one infer request may carry. */
  public static final String MAX_BATCH_ROWS = "max_batch_rows";

  /** Parameter: the manifest's test-split metrics by name. */
  public static final String METRICS = "metrics";

  /** Parameter: the TrainingRun that produced the bundle, when the manifest names one. */
  public static final String TRAINING_RUN = "training_run";

  /** Parameter: when the bundle was written (ISO-8601), when the manifest says. */
  public static final String CREATED_AT = "created_at";

  public ModelMetadata {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    // Values may be JSON nulls, which Map.copyOf refuses; the order is the server's.
    parameters =
        parameters == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** A parameter as text, or null when absent. */
  public String parameter(String key) {
    Object value = parameters.get(key);
    return value == null ? null : String.valueOf(value);
  }

  /**
   * One tensor of the protocol.
   *
   * @param name the tensor's name
   * @param datatype the protocol's datatype ({@code FP32}, {@code BYTES}, …)
   * @param shape dimensions, {@code -1} where any size goes (the batch)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TensorMetadata(String name, String datatype, List<Long> shape) {}
}
