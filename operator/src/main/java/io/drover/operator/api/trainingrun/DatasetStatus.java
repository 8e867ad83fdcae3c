package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.SourceRead;
import java.util.List;

/** Identity of the data a run read, for lineage. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetStatus(
    @JsonPropertyDescription("Content digest of the data as read, sha256:<hex>.") String digest,
    @JsonPropertyDescription("Number of data rows.") Long rows,
    @JsonPropertyDescription("Rows the training split got.") Long trainRows,
    @JsonPropertyDescription("Rows the test split got (the reported metrics come from them).")
        Long testRows,
    @JsonPropertyDescription(
            "Test rows that duplicate a training row (same features and label): leakage that makes"
                + " the test metrics look better than the model is.")
        Long leakedTestRows,
    @JsonPropertyDescription(
            "Each source read, spec.dataset.uri first, when the run had further sources; digest"
                + " and rows above then cover them all.")
        List<SourceRead> sources) {

  public DatasetStatus(String digest, Long rows) {
    this(digest, rows, null, null, null, null);
  }
}
