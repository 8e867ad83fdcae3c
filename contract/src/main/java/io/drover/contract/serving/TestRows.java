package io.drover.contract.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code GET /v2/models/{name}/test-rows}: the bundle's held-out test rows, exactly as the trainer
 * kept them, for the operator's smoke test of a new version.
 *
 * @param features feature names in the model's input order
 * @param labelColumn the column the model predicts
 * @param rows feature values of each row, in feature order
 * @param labels the true label of each row
 * @param total rows in the bundle's test file (more than {@code rows} when limited)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestRows(
    List<String> features,
    String labelColumn,
    List<List<Double>> rows,
    List<String> labels,
    long total) {

  public TestRows {
    features = features == null ? List.of() : List.copyOf(features);
    rows = rows == null ? List.of() : List.copyOf(rows);
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
