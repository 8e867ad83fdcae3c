package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One training of one model on one data set, possibly a hyperparameter search. A run is a record:
 * its spec cannot change once accepted; to train again, create a new TrainingRun.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("trun")
@Categories(ApiGroup.CATEGORY)
@JsonIgnoreProperties(ignoreUnknown = true)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Model", jsonPath = ".spec.model")
@AdditionalPrinterColumn(name = "Metric", jsonPath = ".status.objective.metric")
@AdditionalPrinterColumn(
    name = "Value",
    jsonPath = ".status.objective.value",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.duration")
@AdditionalPrinterColumn(name = "Trials", jsonPath = ".status.search.trials")
@AdditionalPrinterColumn(
    name = "Best",
    jsonPath = ".status.search.bestObjective",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.modelVersion", priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", priority = 1)
public class TrainingRun extends CustomResource<TrainingRunSpec, TrainingRunStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "What to train, on which data, with which compute; immutable once created.")
  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec is immutable: a TrainingRun is a record of one training; create a new"
              + " TrainingRun to train again")
  public TrainingRunSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator observed of the run; written by the operator only.")
  public TrainingRunStatus getStatus() {
    return super.getStatus();
  }
}
