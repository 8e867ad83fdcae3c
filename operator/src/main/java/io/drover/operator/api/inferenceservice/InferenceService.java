package io.drover.operator.api.inferenceservice;

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
 * A served model endpoint: which version it serves, how new versions roll out, how it scales, and
 * how it is watched and retrained. Short name disvc, so it never clashes with KServe's isvc.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("disvc")
@Categories(ApiGroup.CATEGORY)
@JsonIgnoreProperties(ignoreUnknown = true)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Stable", jsonPath = ".status.stable.version")
@AdditionalPrinterColumn(name = "Candidate", jsonPath = ".status.candidate.version")
@AdditionalPrinterColumn(name = "Traffic", jsonPath = ".status.traffic")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Scaling", jsonPath = ".status.scaling.state")
@AdditionalPrinterColumn(name = "Rollout", jsonPath = ".status.rollout.phase", priority = 1)
@AdditionalPrinterColumn(name = "Strategy", jsonPath = ".status.rollout.strategy", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class InferenceService extends CustomResource<InferenceServiceSpec, InferenceServiceStatus>
    implements Namespaced {

  @Override
  @Required
  @JsonPropertyDescription(
      "The endpoint wanted: model, runtime, rollout, scaling, monitoring and retraining.")
  public InferenceServiceSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed of the endpoint; written by the operator only.")
  public InferenceServiceStatus getStatus() {
    return super.getStatus();
  }
}
