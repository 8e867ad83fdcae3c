package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.GoDuration;
import io.drover.operator.api.common.StorageUris;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

/**
 * How the live model is watched. Each model server measures drift and live accuracy ({@code
 * /v2/models/{name}/monitoring}); the operator reads every live version's figures on {@code
 * interval}, writes them to status.monitoring and the Prometheus gauges, and judges the retraining
 * triggers by them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Monitoring(
    @JsonPropertyDescription(
            "Population Stability Index above which a feature counts as drifted. Default 0.2.")
        @Min(0)
        Double driftThreshold,
    @JsonPropertyDescription(
            "Not acted on: each server measures drift over its last rows (its window), not over a"
                + " time span.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.monitoring.window " + ApiGroup.DURATION_HINT)
        String window,
    @JsonPropertyDescription("How often the operator reads the figures. Default 1m.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.monitoring.interval " + ApiGroup.DURATION_HINT)
        String interval,
    @JsonPropertyDescription(
            "Where the model servers keep each labelled feedback row (its features and true"
                + " label) as CSV files: a volume, e.g. pvc://feedback/iris, or a bucket prefix,"
                + " e.g. s3://feedback/iris (each server uploads its buffered rows as new objects"
                + " every DROVER_FEEDBACK_FLUSH_SECONDS, default 10 s, and when it stops). A"
                + " retraining run trains on it together with its own data"
                + " (spec.retraining.includeFeedback). A pvc:// claim must be ReadWriteMany when"
                + " the servers and the trainer run on different nodes.")
        @Size(max = ApiGroup.URI_MAX_LENGTH)
        @ValidationRule(
            value = "self.startsWith('pvc://') || self.startsWith('s3://')",
            message =
                "spec.monitoring.feedbackDataset must be pvc://<claim>/<path> (a mounted volume)"
                    + " or s3://<bucket>/<prefix> (object storage): the model servers write their"
                    + " feedback files there")
        @ValidationRule(
            value = StorageUris.RULE,
            message = "spec.monitoring.feedbackDataset " + StorageUris.MESSAGE)
        @ValidationRule(
            value = StorageUris.NO_PARENT_RULE,
            message = "spec.monitoring.feedbackDataset " + StorageUris.NO_PARENT_MESSAGE)
        String feedbackDataset,
    @JsonPropertyDescription(
            "Where the operator reads the figures: Servers (default) asks each model server;"
                + " Prometheus queries the Prometheus named by the operator's"
                + " drover.monitoring.prometheus-url setting, which must scrape the servers.")
        MonitoringSource source) {

  /** Default PSI above which a feature counts as drifted. */
  public static final double DEFAULT_DRIFT_THRESHOLD = 0.2;

  /** Default time between two readings of the servers' figures. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  public double driftThresholdOrDefault() {
    return driftThreshold == null ? DEFAULT_DRIFT_THRESHOLD : driftThreshold;
  }

  public Duration intervalOrDefault() {
    return interval == null
        ? DEFAULT_INTERVAL
        : GoDuration.parse("spec.monitoring.interval", interval);
  }

  public MonitoringSource sourceOrDefault() {
    return source == null ? MonitoringSource.Servers : source;
  }

  public static Monitoring defaults() {
    return new Monitoring(null, null, null, null, null);
  }

  /** Where the live versions' figures are read. */
  public enum MonitoringSource {
    /** Each ready model server's {@code /v2/models/{name}/monitoring}. */
    Servers,
    /** The servers' gauges as a Prometheus that scrapes them has them, by PromQL. */
    Prometheus
  }
}
