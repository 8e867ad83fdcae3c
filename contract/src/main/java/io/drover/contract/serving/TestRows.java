package io.drover.contract.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code GET /v2/models/{name}/test-rows}: the bundle's held-out test rows, exactly as the trainer
 * kept them, for the operator's smoke test of a new version. The server writes this record from the
 * bundle's test file; the operator reads it, and also makes one from rows a person supplies.
 *
 * @param features feature names in the model's input order
 * @param labelColumn the column holding the true labels
 * @param rows feature values of each row, in {@code features} order: the first rows of the file,
 *     each number the file's own
 * @param labels the true label of each of those rows
 * @param total data rows in the bundle's test file (more than {@code rows} when limited)
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
    rows = rows == null ? List.of() : rows.stream().map(List::copyOf).toList();
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
