package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One searched hyperparameter: a list of values, or a numeric range. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.values) != (has(self.min) && has(self.max))",
    message =
        "spec.search.parameters[]: give a search parameter either values or both min and max, not"
            + " both or neither")
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "spec.search.parameters[].min must not exceed its max",
    fieldPath = ".min")
@ValidationRule(
    value = "!has(self.scale) || self.scale != 'Log' || !has(self.min) || self.min > 0.0",
    message = "spec.search.parameters[].min must be above 0 for scale Log",
    fieldPath = ".min")
@ValidationRule(
    value =
        "!has(self.type) || self.type != 'Int' || ((!has(self.min) || self.min == double(int(self.min)))"
            + " && (!has(self.max) || self.max == double(int(self.max))))",
    message = "spec.search.parameters[]: type Int needs whole-number min and max, e.g. 16 and 128")
@ValidationRule(
    value =
        "!has(self.values) || !has(self.type) || self.values.all(v, self.type == 'Int' ?"
            + " v.matches('^-?[0-9]+$') : v.matches('^-?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?$'))",
    message =
        "spec.search.parameters[].values must all be numbers of the parameter's type (Int: 16;"
            + " Double: 0.01), or drop type for text values",
    fieldPath = ".values")
public record SearchParameter(
    @JsonPropertyDescription("Hyperparameter name, e.g. learningRate.")
        @Required
        @Size(max = ApiGroup.IDENTIFIER_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.IDENTIFIER_RULE,
            message =
                "spec.search.parameters[].name must be a hyperparameter name: letters, digits,"
                    + " '_', '.' or '-'")
        String name,
    @JsonPropertyDescription(
            "Values to try, as strings (e.g. [\"16\", \"32,16\"]); with type set, numbers of that"
                + " type.")
        @Size(min = 1, max = 100)
        @ValidationRule(
            value = "self.all(v, self.exists_one(w, w == v))",
            message = "spec.search.parameters[].values must not repeat a value")
        List<@Size(max = 256) String> values,
    @JsonPropertyDescription("Lower bound of a numeric range.") Double min,
    @JsonPropertyDescription("Upper bound of a numeric range.") Double max,
    @JsonPropertyDescription("Int or Double (default) values within the range.") NumberType type,
    @JsonPropertyDescription(
            "Linear (default) or Log sampling of the range; Log suits learning rates.")
        Scale scale) {

  /** Kind of number drawn from a range. */
  public enum NumberType {
    Int,
    Double
  }

  /** How a range is sampled. */
  public enum Scale {
    Linear,
    Log
  }
}
