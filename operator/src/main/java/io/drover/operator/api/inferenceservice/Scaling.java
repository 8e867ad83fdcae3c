package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** How many model-server replicas run, and when none do. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message = "scaling.minReplicas cannot exceed scaling.maxReplicas")
public record Scaling(
    @JsonPropertyDescription(
            "Fewest replicas. 0 allows scale to zero when idle; the router wakes the version on"
                + " the next request. Default 1.")
        @Min(0)
        Integer minReplicas,
    @JsonPropertyDescription("Most replicas. Default 1.") @Min(1) Integer maxReplicas,
    @JsonPropertyDescription("Concurrent requests per replica the autoscaler aims for. Default 8.")
        @Min(1)
        Integer targetConcurrency,
    @JsonPropertyDescription("With minReplicas 0: idle time before scaling to zero. Default 15m.")
        @ValidationRule(value = ApiGroup.DURATION_RULE, message = "idleAfter must look like 15m")
        String idleAfter,
    @JsonPropertyDescription(
            "How long the router holds a request while a scaled-to-zero version wakes before"
                + " answering 503. Default 2m.")
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "activationTimeout must look like 2m")
        String activationTimeout,
    @JsonPropertyDescription(
            "When set, the service runs only inside these windows and scales to zero outside"
                + " them.")
        List<ActiveWindow> activeWindows) {

  public static Scaling defaults() {
    return new Scaling(null, null, null, null, null, null);
  }

  public int minReplicasOrDefault() {
    return minReplicas == null ? 1 : minReplicas;
  }

  public int maxReplicasOrDefault() {
    return maxReplicas == null ? Math.max(1, minReplicasOrDefault()) : maxReplicas;
  }

  /** A recurring time window in which the service is kept up. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @ValidationRule(value = "self.start != self.end", message = "a window's start and end differ")
  public record ActiveWindow(
      @JsonPropertyDescription("Days of the week: Mon, Tue, Wed, Thu, Fri, Sat, Sun.")
          @Required
          @Size(min = 1)
          List<Day> days,
      @JsonPropertyDescription("Start time of day, HH:MM (24h).")
          @Required
          @ValidationRule(
              value = "self.matches('^([01][0-9]|2[0-3]):[0-5][0-9]$')",
              message = "start must be HH:MM")
          String start,
      @JsonPropertyDescription("End time of day, HH:MM; before start means overnight.")
          @Required
          @ValidationRule(
              value = "self.matches('^([01][0-9]|2[0-3]):[0-5][0-9]$')",
              message = "end must be HH:MM")
          String end,
      @JsonPropertyDescription("IANA time zone, e.g. Europe/Berlin. Default UTC.")
          String timeZone) {}

  /** Day of the week. */
  public enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun
  }
}
