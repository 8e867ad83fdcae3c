package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.StorageUris;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The data a run trains on. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSpec(
    @JsonPropertyDescription(
            "Location of the data set: pvc://<claim>/<path> (mounted read-only into the trainer),"
                + " s3://, gs://, http(s):// or an absolute path inside the trainer image.")
        @Required
        @Size(max = ApiGroup.URI_MAX_LENGTH)
        @ValidationRule(
            value = StorageUris.RULE,
            message = "spec.dataset.uri " + StorageUris.MESSAGE)
        @ValidationRule(
            value = StorageUris.NO_PARENT_RULE,
            message = "spec.dataset.uri " + StorageUris.NO_PARENT_MESSAGE)
        String uri,
    @JsonPropertyDescription(
            "Version label of the data set, recorded in lineage (e.g. a DVC tag or a date).")
        @Size(max = 128)
        String version,
    @JsonPropertyDescription("Checks run on the data before training starts.")
        DataValidation validation,
    @JsonPropertyDescription(
            "Further sources read together with uri as one data set, with the same columns in"
                + " the same order, e.g. the feedback rows an InferenceService collected. A source"
                + " that is a folder is read as its *.csv files; an empty one adds no rows. Each"
                + " source's digest is recorded in status.dataset and the version's lineage.")
        @Size(max = 8)
        List<DatasetSource> sources) {

  public List<DatasetSource> sources() {
    return sources == null ? List.of() : sources;
  }

  /** This data set with one more source, unless it already reads that location. */
  public DatasetSpec withSource(DatasetSource source) {
    if (source.uri().equals(uri)
        || sources().stream().anyMatch(s -> s.uri().equals(source.uri()))) {
      return this;
    }
    List<DatasetSource> more = new ArrayList<>(sources());
    more.add(source);
    return new DatasetSpec(uri, version, validation, List.copyOf(more));
  }
}
