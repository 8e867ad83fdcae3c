package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.RetrainingTrigger;
import io.drover.operator.api.inferenceservice.Rollout.RolloutStrategy;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the operator observed of an endpoint, and the state of its rollout: a restarted operator
 * resumes from here. Written by the operator only.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record InferenceServiceStatus(
    @JsonPropertyDescription("In-cluster URL of the endpoint (the router's Service).") String url,
    @JsonPropertyDescription("The version serving users.") VariantStatus stable,
    @JsonPropertyDescription("The version rolling out, if any.") VariantStatus candidate,
    @JsonPropertyDescription(
            "BlueGreen: the version traffic switched away from, kept at full size until"
                + " keepUntil so that switching back is instant.")
        VariantStatus previous,
    @JsonPropertyDescription("Who gets the traffic now, e.g. \"v3 90% / v4 10%\".") String traffic,
    @JsonPropertyDescription("Progress of the current or last rollout.") RolloutStatus rollout,
    @JsonPropertyDescription(
            "Versions whose rollout failed or was rolled back: not tried again until the spec"
                + " changes (a new generation) or the model reference moves on.")
        List<FailedVersion> failedVersions,
    @JsonPropertyDescription(
            "Scaling: Active, ScaledToZero, Waking or OutsideWindow, and the compute used and"
                + " saved.")
        ScalingStatus scaling,
    @JsonPropertyDescription(
            "Each live version's drift per feature, outlier rate, live accuracy and labelled"
                + " rows, read from its model servers every spec.monitoring.interval.")
        MonitoringStatus monitoring,
    @JsonPropertyDescription(
            "The retraining triggers' state, the circuit breaker, and the last cycles: trigger,"
                + " run, version and how its rollout ended.")
        RetrainingStatus retraining,
    @JsonPropertyDescription(
            "Ready, Progressing and Degraded, following Kubernetes API conventions.")
        List<Condition> conditions,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration) {

  /** This status with the retraining state machine's state replaced. */
  public InferenceServiceStatus withRetraining(RetrainingStatus newRetraining) {
    return new InferenceServiceStatus(
        url,
        stable,
        candidate,
        previous,
        traffic,
        rollout,
        failedVersions,
        scaling,
        monitoring,
        newRetraining,
        conditions,
        observedGeneration);
  }

  /** One served version: its model-server Deployment and Service share the variant's name. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VariantStatus(
      @JsonPropertyDescription(
              "Name of the variant: its Deployment, Service and the router's name for it.")
          String variant,
      @JsonPropertyDescription("The ModelVersion object served.") String modelVersion,
      @JsonPropertyDescription("Version number.") Integer version,
      @JsonPropertyDescription("Location of the model bundle served.") String artifact,
      @JsonPropertyDescription("Digest of the model bundle, sha256:<hex>.") String digest,
      @JsonPropertyDescription("Replicas wanted.") Integer replicas,
      @JsonPropertyDescription("Replicas whose model is loaded and ready.") Integer readyReplicas,
      @JsonPropertyDescription("GPUs the wanted replicas request.") Integer gpus,
      @JsonPropertyDescription("Share of client traffic it answers, 0-100.") Integer weight,
      @JsonPropertyDescription("Share of client requests mirrored to it as a shadow, 0-100.")
          Integer mirrorPercent,
      @JsonPropertyDescription("previous only: when it is removed (RFC 3339).") String keepUntil,
      @JsonPropertyDescription(
              "The Secret the served ModelVersion's spec.storage names for reading its bundle;"
                  + " the servers use it unless the service's own spec.storage names one.")
          String storageSecret) {

    public VariantStatus withReplicas(Integer wanted, Integer ready, Integer gpusWanted) {
      return new VariantStatus(
          variant,
          modelVersion,
          version,
          artifact,
          digest,
          wanted,
          ready,
          gpusWanted,
          weight,
          mirrorPercent,
          keepUntil,
          storageSecret);
    }

    public VariantStatus withTraffic(Integer newWeight, Integer newMirrorPercent) {
      return new VariantStatus(
          variant,
          modelVersion,
          version,
          artifact,
          digest,
          replicas,
          readyReplicas,
          gpus,
          newWeight,
          newMirrorPercent,
          keepUntil,
          storageSecret);
    }

    public VariantStatus withKeepUntil(String until) {
      return new VariantStatus(
          variant,
          modelVersion,
          version,
          artifact,
          digest,
          replicas,
          readyReplicas,
          gpus,
          weight,
          mirrorPercent,
          until,
          storageSecret);
    }

    public int weightOrZero() {
      return weight == null ? 0 : weight;
    }

    public int mirrorPercentOrZero() {
      return mirrorPercent == null ? 0 : mirrorPercent;
    }
  }

  /** Where a rollout stands; the state machine's state. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RolloutStatus(
      @JsonPropertyDescription(
              "Deploying (the candidate starts), SmokeTesting, Progressing (traffic steps and"
                  + " analyses), Paused (analysis inconclusive too long, or the stable version"
                  + " itself unhealthy), Promoted, RolledBack (the candidate had traffic and"
                  + " failed), Failed (it never got traffic), Aborted (the spec moved on).")
          RolloutPhase phase,
      @JsonPropertyDescription("The strategy in use (Auto resolved to one of the others).")
          RolloutStrategy strategy,
      @JsonPropertyDescription("Why this strategy: the spec, or what Auto saw change.")
          String strategyReason,
      @JsonPropertyDescription("Shadow: continue as a canary once the shadow passed.")
          Boolean thenCanary,
      @JsonPropertyDescription(
              "Index of the current step: the canary step, or for BlueGreen 0 while mirrored"
                  + " and 1 once switched.")
          Integer step,
      @JsonPropertyDescription("When the current step started (RFC 3339).") String stepStartTime,
      @JsonPropertyDescription("When the rollout started (RFC 3339).") String startTime,
      @JsonPropertyDescription(
              "Since when analyses have been Inconclusive after the step's pause (RFC 3339).")
          String inconclusiveSince,
      @JsonPropertyDescription("The smoke test of the candidate.") SmokeTestResult smokeTest,
      @JsonPropertyDescription("The latest analysis of the candidate.") AnalysisResult lastAnalysis,
      @JsonPropertyDescription("When the rollout ended (RFC 3339).") String completionTime,
      @JsonPropertyDescription("One sentence on the rollout.") String message) {

    public RolloutStatus withPhase(RolloutPhase newPhase, String newMessage) {
      return new RolloutStatus(
          newPhase,
          strategy,
          strategyReason,
          thenCanary,
          step,
          stepStartTime,
          startTime,
          inconclusiveSince,
          smokeTest,
          lastAnalysis,
          completionTime,
          newMessage);
    }

    /** The rollout ended at {@code time}. */
    public RolloutStatus completedAt(java.time.Instant time) {
      return new RolloutStatus(
          phase,
          strategy,
          strategyReason,
          thenCanary,
          step,
          stepStartTime,
          startTime,
          inconclusiveSince,
          smokeTest,
          lastAnalysis,
          time.toString(),
          message);
    }

    public RolloutStatus withSmokeTest(SmokeTestResult result) {
      return new RolloutStatus(
          phase,
          strategy,
          strategyReason,
          thenCanary,
          step,
          stepStartTime,
          startTime,
          inconclusiveSince,
          result,
          lastAnalysis,
          completionTime,
          message);
    }

    /**
     * @param shadowThenCanary Shadow only: go on as a canary once the shadow passed
     */
    public RolloutStatus withStrategy(
        RolloutStrategy chosen, String reason, boolean shadowThenCanary) {
      return new RolloutStatus(
          phase,
          chosen,
          reason,
          shadowThenCanary ? Boolean.TRUE : null,
          step,
          stepStartTime,
          startTime,
          inconclusiveSince,
          smokeTest,
          lastAnalysis,
          completionTime,
          message);
    }

    /** The latest analysis; a verdict other than Inconclusive ends any inconclusive stretch. */
    public RolloutStatus withAnalysis(AnalysisResult analysis) {
      return new RolloutStatus(
          phase,
          strategy,
          strategyReason,
          thenCanary,
          step,
          stepStartTime,
          startTime,
          analysis.verdict() == Verdict.Inconclusive ? inconclusiveSince : null,
          smokeTest,
          analysis,
          completionTime,
          message);
    }

    public RolloutStatus withInconclusiveSince(String since) {
      return new RolloutStatus(
          phase,
          strategy,
          strategyReason,
          thenCanary,
          step,
          stepStartTime,
          startTime,
          since,
          smokeTest,
          lastAnalysis,
          completionTime,
          message);
    }
  }

  /** Rollout phases. */
  public enum RolloutPhase {
    Idle,
    Deploying,
    SmokeTesting,
    Progressing,
    Paused,
    Promoted,
    RolledBack,
    Failed,
    Aborted;

    /** The rollout is over: nothing moves until the model reference does. */
    public boolean isFinal() {
      return this == Promoted || this == RolledBack || this == Failed || this == Aborted;
    }
  }

  /** The result of the smoke test. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SmokeTestResult(
      @JsonPropertyDescription("When it ran (RFC 3339).") String time,
      @JsonPropertyDescription("Pass or Fail.") Verdict verdict,
      @JsonPropertyDescription(
              "Where the rows came from: the bundle's held-out test rows, a ConfigMap, or none"
                  + " (readiness and metadata only).")
          String source,
      @JsonPropertyDescription("Rows sent.") Integer rows,
      @JsonPropertyDescription("Share of rows answered correctly, 0-1.") Double accuracy,
      @JsonPropertyDescription("Accuracy the registry recorded for the version, 0-1.")
          Double expectedAccuracy,
      @JsonPropertyDescription("Requests that failed.") Integer errors,
      @JsonPropertyDescription("What was found.") String message) {}

  /** The figures of one analysis, each check, and the verdict. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record AnalysisResult(
      @JsonPropertyDescription("When it ran (RFC 3339).") String time,
      @JsonPropertyDescription("Pass, Fail or Inconclusive (too little data: never promoted on).")
          Verdict verdict,
      @JsonPropertyDescription(
              "Whether the stable version itself met the thresholds in the same window; when it"
                  + " did not, the rollout pauses instead of blaming the candidate.")
          Boolean baselineHealthy,
      @JsonPropertyDescription("Each check: figure, candidate and stable values, threshold.")
          List<AnalysisCheck> checks,
      @JsonPropertyDescription("Both versions' figures side by side.") List<VariantFigures> figures,
      @JsonPropertyDescription("The verdict in a sentence.") String message) {}

  /** One check of an analysis. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AnalysisCheck(
      @JsonPropertyDescription(
              "Requests, ErrorPercent, LatencyP99Millis, LatencyIncreasePercent,"
                  + " ShadowAgreementPercent or AccuracyDropPercent.")
          Figure figure,
      @JsonPropertyDescription("The candidate's value.") Double candidate,
      @JsonPropertyDescription("The stable version's value in the same window.") Double stable,
      @JsonPropertyDescription("The threshold from spec.rollout.analysis.") Double threshold,
      @JsonPropertyDescription("Pass, Fail, Inconclusive or Skipped.") Verdict verdict,
      @JsonPropertyDescription("Why, when it did not pass.") String message) {}

  /** What an analysis measures. */
  public enum Figure {
    Requests,
    ErrorPercent,
    LatencyP99Millis,
    LatencyIncreasePercent,
    ShadowAgreementPercent,
    AccuracyDropPercent
  }

  /** Verdicts of analyses, checks and smoke tests. Skipped is only ever a check's. */
  public enum Verdict {
    Pass,
    Fail,
    Inconclusive,
    Skipped
  }

  /** One version's figures over the analysis window. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VariantFigures(
      @JsonPropertyDescription("The variant.") String variant,
      @JsonPropertyDescription("Its version number.") Integer version,
      @JsonPropertyDescription("Requests it answered (a shadow: copies it got).") Long requests,
      @JsonPropertyDescription("Error percentage.") Double errorPercent,
      @JsonPropertyDescription("p99 latency, milliseconds.") Double latencyP99Millis,
      @JsonPropertyDescription("A shadow: percentage of compared answers that agreed.")
          Double shadowAgreementPercent,
      @JsonPropertyDescription("Live accuracy from ground-truth feedback, 0-1.")
          Double liveAccuracy,
      @JsonPropertyDescription("Labelled rows behind liveAccuracy.") Long feedbackRows) {}

  /** A version that is not tried again for this generation of the spec. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FailedVersion(
      @JsonPropertyDescription("The ModelVersion.") String modelVersion,
      @JsonPropertyDescription("Its version number.") Integer version,
      @JsonPropertyDescription(
              "SmokeTestFailed, CandidateNotReady, AnalysisFailed, AnalysisInconclusive or"
                  + " ArtifactUnsupported.")
          String reason,
      @JsonPropertyDescription("The failing figure or error.") String message,
      @JsonPropertyDescription("When (RFC 3339).") String time,
      @JsonPropertyDescription("The metadata.generation of the spec it failed under.")
          Long generation) {}

  /** Where scaling stands: whether the service runs, and why not. */
  public enum ScalingState {
    /** Replicas run. */
    Active,
    /** Idle past spec.scaling.idleAfter: no replica runs; the next request wakes it. */
    ScaledToZero,
    /** A request woke it: its replica is starting; the router holds requests meanwhile. */
    Waking,
    /** Outside spec.scaling.activeWindows: no replica runs and requests are refused. */
    OutsideWindow
  }

  /** Scaling state, and the compute the service used and saved. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScalingStatus(
      @JsonPropertyDescription("Active, ScaledToZero, Waking or OutsideWindow.") ScalingState state,
      @JsonPropertyDescription("The stable version the state is about.") Integer version,
      @JsonPropertyDescription("Why it is in that state, for people.") String message,
      @JsonPropertyDescription("When it entered that state (RFC 3339).") String since,
      @JsonPropertyDescription("Replicas of the stable version wanted now.") Integer replicas,
      @JsonPropertyDescription(
              "The last request the router saw for the stable version (RFC 3339); the idle time"
                  + " counts from it.")
          String lastRequestTime,
      @JsonPropertyDescription(
              "The router's last wake-up request acted on (the drover.io/activate annotation).")
          String lastWake,
      @JsonPropertyDescription(
              "With active windows: when the service next starts or stops by its schedule (RFC"
                  + " 3339).")
          String nextWindowChange,
      @JsonPropertyDescription(
              "Outside the windows: when the next window opens (RFC 3339), as the router tells"
                  + " clients.")
          String opensAt,
      @JsonPropertyDescription(
              "The autoscaler between 1 and maxReplicas: HorizontalPodAutoscaler, ScaledObject,"
                  + " or absent when none is wanted or it cannot be made.")
          String autoscaler,
      @JsonPropertyDescription("Compute used and saved since the service was created.")
          ComputeCost cost) {

    public boolean asleep() {
      return state == ScalingState.ScaledToZero || state == ScalingState.OutsideWindow;
    }
  }

  /**
   * Compute used and saved. Used counts the replicas wanted over time times what each requests;
   * saved counts the replicas scaling down took away (to zero, or outside active windows).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ComputeCost(
      @JsonPropertyDescription("GPU-seconds used.") Double gpuSeconds,
      @JsonPropertyDescription("GPU-seconds saved by scaling down.") Double gpuSecondsSaved,
      @JsonPropertyDescription("CPU-seconds requested by the replicas that ran.") Double cpuSeconds,
      @JsonPropertyDescription("CPU-seconds saved by scaling down.") Double cpuSecondsSaved,
      @JsonPropertyDescription("Counted up to this time (RFC 3339).") String countedUntil) {}

  /** Live figures from the model servers. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record MonitoringStatus(
      @JsonPropertyDescription("When the figures were read (RFC 3339).") String time,
      @JsonPropertyDescription("The figures of each live version, stable first.")
          List<VersionMonitoring> versions,
      @JsonPropertyDescription("Why some figures could not be read at that time, if so.")
          String unavailable) {}

  /** One live version's figures, merged over its ready replicas. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VersionMonitoring(
      @JsonPropertyDescription("Version number.") Integer version,
      @JsonPropertyDescription("The ModelVersion object.") String modelVersion,
      @JsonPropertyDescription("The variant serving it.") String variant,
      @JsonPropertyDescription("Replicas whose figures were read.") Integer replicas,
      @JsonPropertyDescription("Infer requests the replicas answered since they started.")
          Long requests,
      @JsonPropertyDescription("Input rows in the replicas' drift windows.") Long windowRows,
      @JsonPropertyDescription(
              "Per-feature drift over the window; empty while the window is too short.")
          List<FeatureDrift> features,
      @JsonPropertyDescription("The largest feature PSI.") Double maxPsi,
      @JsonPropertyDescription("The largest share of a feature's values outside training's range.")
          Double maxOutlierRate,
      @JsonPropertyDescription("Whether any feature's PSI exceeds the drift threshold.")
          Boolean drifted,
      @JsonPropertyDescription("Accuracy on the labelled rows (feedback), 0-1.")
          Double liveAccuracy,
      @JsonPropertyDescription("Labelled rows behind liveAccuracy.") Long labelledRows) {}

  /** Drift of one feature. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeatureDrift(
      @JsonPropertyDescription("Feature name.") String feature,
      @JsonPropertyDescription(
              "Population Stability Index against the training baseline, the replicas' windows"
                  + " weighted by their rows.")
          Double psi,
      @JsonPropertyDescription("Share of values outside the training range, 0-1.")
          Double outlierRate,
      @JsonPropertyDescription("Whether psi exceeds the drift threshold.") Boolean drifted) {}

  /** The retraining loop: its triggers' state, the breaker, and the last cycles. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RetrainingStatus(
      @JsonPropertyDescription(
              "Readings in a row in which the stable version drifted past the threshold.")
          Integer driftedReadings,
      @JsonPropertyDescription(
              "The schedule's firings up to this time (RFC 3339) have been considered.")
          String scheduleCheckedUntil,
      @JsonPropertyDescription("The schedule's next firing (RFC 3339).") String nextScheduledTime,
      @JsonPropertyDescription(
              "Why a trigger that fired started no run, e.g. the cooldown; empty when none was"
                  + " held back.")
          String held,
      @JsonPropertyDescription("Retraining cycles started so far; names the next run.")
          Integer cyclesStarted,
      @JsonPropertyDescription("Cycles in a row that failed, were rejected or rolled back.")
          Integer consecutiveFailures,
      @JsonPropertyDescription("The circuit breaker; open stops automatic runs.")
          RetrainingBreaker breaker,
      @JsonPropertyDescription(
              "The value of the drover.io/reset-retraining annotation last acted on.")
          String lastReset,
      @JsonPropertyDescription("The last cycles, newest first: trigger, run, version, outcome.")
          List<RetrainingCycle> cycles) {}

  /** The retraining circuit breaker. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RetrainingBreaker(
      @JsonPropertyDescription("Whether automatic retraining is stopped.") Boolean open,
      @JsonPropertyDescription("Why it opened.") String reason,
      @JsonPropertyDescription("When it opened (RFC 3339).") String openedAt,
      @JsonPropertyDescription(
              "The metadata.generation it opened at; a spec change (a new generation) closes it.")
          Long generation) {}

  /** One retraining: trigger → run → version → rollout outcome. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RetrainingCycle(
      @JsonPropertyDescription("The cycle's number, 1 for the first.") Integer number,
      @JsonPropertyDescription("What started it.") RetrainingTrigger trigger,
      @JsonPropertyDescription("The TrainingRun it created.") String trainingRun,
      @JsonPropertyDescription(
              "The run's uid once it was seen, so a run deleted afterwards is told from one not"
                  + " created yet.")
          String trainingRunUid,
      @JsonPropertyDescription(
              "Training, Registered, RollingOut, RolledOut, Failed, Rejected or RolledBack.")
          CyclePhase phase,
      @JsonPropertyDescription("The ModelVersion the run registered.") String modelVersion,
      @JsonPropertyDescription("What happened last, in a sentence.") String message,
      @JsonPropertyDescription("When it started (RFC 3339).") String startedAt,
      @JsonPropertyDescription("When it ended (RFC 3339).") String endedAt) {

    public RetrainingCycle advance(CyclePhase next, String version, String why, String now) {
      return new RetrainingCycle(
          number,
          trigger,
          trainingRun,
          trainingRunUid,
          next,
          version,
          why,
          startedAt,
          next.isFinal() ? now : null);
    }

    public RetrainingCycle seen(String uid) {
      return new RetrainingCycle(
          number, trigger, trainingRun, uid, phase, modelVersion, message, startedAt, endedAt);
    }
  }

  /** Where a retraining cycle is. */
  public enum CyclePhase {
    /** The run is created, or training. */
    Training,
    /** The run registered its version; the registry's gates and promotion decide what next. */
    Registered,
    /** The version is the candidate of a rollout. */
    RollingOut,
    /** The version serves as stable: the cycle succeeded. */
    RolledOut,
    /** The run failed or was deleted. */
    Failed,
    /** The registry refused the version (policy, comparison) or archived it unserved. */
    Rejected,
    /** The rollout rolled the version back. */
    RolledBack;

    public boolean isFinal() {
      return this == RolledOut || this == Failed || this == Rejected || this == RolledBack;
    }

    public boolean isFailure() {
      return this == Failed || this == Rejected || this == RolledBack;
    }
  }
}
