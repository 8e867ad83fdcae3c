package io.drover.contract.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a model bundle ({@value ModelBundles#MANIFEST_FILE}): everything a model server
 * needs to rebuild the network, feed it and name its answers, plus the lineage the registry
 * records.
 *
 * @param apiVersion the bundle format version, {@value ModelBundles#API_VERSION}
 * @param name registry name of the model
 * @param version the version the trainer gave it (its TrainingRun, and trial when searching)
 * @param format model format, for example {@value ModelBundles#FORMAT_MLP}
 * @param engine the engine and version that wrote the weights, for example {@code PyTorch 2.7.1}
 * @param architecture what to build before loading the weights
 * @param weights file name of the weights inside the bundle
 * @param input the features the model reads, in the order it reads them
 * @param output what the model's outputs mean
 * @param metrics test-split metrics, by name
 * @param hyperparameters every hyperparameter the model was trained with, defaults included
 * @param dataset the data set it was trained on
 * @param trainingRun the TrainingRun that produced it
 * @param trial the hyperparameter-search trial, when the run searched
 * @param createdAt when the bundle was written, ISO-8601 UTC
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
    String apiVersion,
    String name,
    String version,
    String format,
    String engine,
    Architecture architecture,
    String weights,
    InputSchema input,
    OutputSchema output,
    Map<String, Double> metrics,
    Map<String, String> hyperparameters,
    DatasetSource dataset,
    String trainingRun,
    Integer trial,
    String createdAt) {

  public ModelManifest {
    // In the bundle's order: Map.copyOf would shuffle them anew in every JVM.
    metrics = metrics == null ? Map.of() : unmodifiable(metrics);
    hyperparameters = hyperparameters == null ? Map.of() : unmodifiable(hyperparameters);
  }

  private static <V> Map<String, V> unmodifiable(Map<String, V> map) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
  }

  /**
   * A fully connected network: {@code inputs → hidden[0] → … → hidden[n-1] → outputs}, each hidden
   * layer a linear layer followed by the activation, the last layer linear only.
   *
   * @param type {@value ModelBundles#ARCHITECTURE_MLP}
   * @param inputs number of input features
   * @param hidden widths of the hidden layers, first to last
   * @param activation activation after each hidden layer: {@code relu}
   * @param outputs number of output units, one per label
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Architecture(
      String type, int inputs, List<Integer> hidden, String activation, int outputs) {
    public Architecture {
      hidden = hidden == null ? List.of() : List.copyOf(hidden);
    }
  }

  /** The model's input: one float32 value per feature, in this order. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InputSchema(List<Feature> features) {
    public InputSchema {
      features = features == null ? List.of() : List.copyOf(features);
    }

    /** Feature names in input order. */
    public List<String> names() {
      return features.stream().map(Feature::name).toList();
    }
  }

  /**
   * One input feature. The network reads {@code (value - center) / scale}: standardization fitted
   * on the training split, so raw values go in and the server applies it.
   *
   * @param name column name in the data set
   * @param type value type: {@code number}
   * @param center subtracted before the network sees the value
   * @param scale divided by after centering; never zero
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Feature(String name, String type, double center, double scale) {}

  /**
   * @param labelColumn the data set column the model predicts
   * @param labels label of each output unit, in unit order
   * @param kind what the units hold: {@code logits} (apply softmax for probabilities)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record OutputSchema(String labelColumn, List<String> labels, String kind) {
    public OutputSchema {
      labels = labels == null ? List.of() : List.copyOf(labels);
    }
  }

  /**
   * @param uri where the data set was read, as the run named it
   * @param version the data set version the run named, if any
   * @param digest {@code sha256:<hex>} of the file's bytes
   * @param rows data rows (header excluded)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DatasetSource(String uri, String version, String digest, long rows) {}
}
