package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One searched hyperparameter: a list of values, or a numeric range. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.values) != (has(self.min) && has(self.max))",
    message = "give a search parameter either values or both min and max, not both or neither")
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "a search parameter's min must not exceed its max")
@ValidationRule(
    value = "!has(self.scale) || self.scale != 'Log' || !has(self.min) || self.min > 0.0",
    message = "a Log-scaled search parameter needs min > 0")
public record SearchParameter(
    @JsonPropertyDescription("Hyperparameter name, e.g. learningRate.") @Required String name,
    @JsonPropertyDescription("Values to try, as strings (e.g. [\"16\", \"32,16\"]).")
        List<String> values,
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
