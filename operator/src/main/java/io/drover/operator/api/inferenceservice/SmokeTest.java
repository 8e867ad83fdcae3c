package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The test a new version passes before any traffic: its answers on known rows, compared with the
 * accuracy the registry recorded for it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SmokeTest(
    @JsonPropertyDescription(
            "ConfigMap in the service's namespace holding the rows to send, as CSV under the key"
                + " samples.csv: a header of the feature names and the label column, one row per"
                + " line. Default: the held-out test rows the built-in model server reads from"
                + " the bundle. A server that offers neither is smoke-tested on its readiness and"
                + " metadata only, and status says so.")
        @Size(max = ApiGroup.SUBDOMAIN_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.SUBDOMAIN_RULE,
            message =
                "spec.rollout.smokeTest.samplesConfigMap must be a ConfigMap name (a DNS"
                    + " subdomain)")
        String samplesConfigMap,
    @JsonPropertyDescription(
            "Greatest drop, in percentage points, of the accuracy on those rows below the"
                + " accuracy the registry recorded for the version. Default 5.")
        @Min(0)
        @Max(100)
        Double maxAccuracyDropPercent,
    @JsonPropertyDescription("Skip the smoke test (not recommended). Default false.")
        Boolean disabled) {

  public double maxAccuracyDropPercentOrDefault() {
    return maxAccuracyDropPercent == null ? 5.0 : maxAccuracyDropPercent;
  }

  public boolean isDisabled() {
    return Boolean.TRUE.equals(disabled);
  }
}
