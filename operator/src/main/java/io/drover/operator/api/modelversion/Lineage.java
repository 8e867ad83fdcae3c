package io.drover.operator.api.modelversion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.PodFields;
import io.drover.operator.api.common.RetrainingTrigger;
import io.drover.operator.api.common.SourceRead;
import io.drover.operator.api.common.StorageUris;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Where a model version came from: enough to reproduce it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lineage(
    @JsonPropertyDescription("The TrainingRun that produced it, if any.")
        @Size(max = ApiGroup.SUBDOMAIN_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.SUBDOMAIN_RULE,
            message = "spec.source.trainingRun must be a TrainingRun name (a DNS subdomain)")
        String trainingRun,
    @JsonPropertyDescription("The data set's location.")
        @Size(max = ApiGroup.URI_MAX_LENGTH)
        @ValidationRule(
            value = StorageUris.RULE,
            message = "spec.source.datasetUri " + StorageUris.MESSAGE)
        @ValidationRule(
            value = StorageUris.NO_PARENT_RULE,
            message = "spec.source.datasetUri " + StorageUris.NO_PARENT_MESSAGE)
        String datasetUri,
    @JsonPropertyDescription("The data set's version label, if the run gave one.") @Size(max = 128)
        String datasetVersion,
    @JsonPropertyDescription("Content digest of the data set as read, sha256:<64 hex digits>.")
        @Size(max = 71)
        @ValidationRule(
            value = "self.matches('^sha256:[a-f0-9]{64}$')",
            message =
                "spec.source.datasetDigest must be sha256: followed by 64 lowercase hex digits")
        String datasetDigest,
    @JsonPropertyDescription("Trainer image, by digest where known.")
        @Size(max = ApiGroup.IMAGE_MAX_LENGTH)
        @ValidationRule(
            value = PodFields.IMAGE_RULE,
            message = "spec.source.image " + PodFields.IMAGE_HINT)
        String image,
    @JsonPropertyDescription("Revision of the training code, e.g. a Git commit.") @Size(max = 256)
        String codeRevision,
    @JsonPropertyDescription(
            "The InferenceService trigger that started the run, when a retraining started it:"
                + " the service, the reason (Drift, Accuracy, Schedule), its figures and time.")
        RetrainingTrigger trigger,
    @JsonPropertyDescription(
            "Each source of the data set with its digest, when the run read several (e.g. its"
                + " data and an InferenceService's feedback rows).")
        @Size(max = 9)
        List<SourceRead> datasetSources,
    @JsonPropertyDescription(
            "The search trial whose model this is, when the run searched hyperparameters; its"
                + " parameters are spec.hyperparameters.")
        @Min(0)
        Integer trial) {

  /** Lineage of a model neither retrained nor chosen by a search, from one data source. */
  public Lineage(
      String trainingRun,
      String datasetUri,
      String datasetVersion,
      String datasetDigest,
      String image,
      String codeRevision) {
    this(
        trainingRun,
        datasetUri,
        datasetVersion,
        datasetDigest,
        image,
        codeRevision,
        null,
        null,
        null);
  }
}
