package io.drover.operator.api.modelversion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One trained model in the registry: its artifact, metrics, lineage and stage. Created by the
 * operator when a TrainingRun succeeds, or by a person to import a model trained elsewhere.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("mver")
@Categories(ApiGroup.CATEGORY)
@JsonIgnoreProperties(ignoreUnknown = true)
@AdditionalPrinterColumn(name = "Model", jsonPath = ".spec.model")
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".spec.version",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Stage", jsonPath = ".status.stage")
@AdditionalPrinterColumn(name = "Metric", jsonPath = ".status.objective.metric")
@AdditionalPrinterColumn(
    name = "Value",
    jsonPath = ".status.objective.value",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Run", jsonPath = ".spec.source.trainingRun", priority = 1)
public class ModelVersion extends CustomResource<ModelVersionSpec, ModelVersionStatus>
    implements Namespaced {

  @Override
  @Required
  @JsonPropertyDescription(
      "The registered model: artifact, lineage, metrics, policy and requested stage.")
  public ModelVersionSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "The registry verdict: effective stage, policy checks, comparison, approval; written by the operator only.")
  public ModelVersionStatus getStatus() {
    return super.getStatus();
  }
}
