package io.drover.e2e;

import static io.drover.e2e.support.Defect.REMOVE;

import io.drover.e2e.support.Defect;
import io.drover.e2e.support.Defect.Edit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Malformed TrainingRuns, ModelVersions and InferenceServices, one defect each, with the field the
 * refusal must name and a piece of what it must say. The bases are in {@code
 * src/test/resources/corpus}.
 */
final class MalformedResourceCorpus {

  private static final String SHA =
      "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

  private MalformedResourceCorpus() {}

  static List<Defect> all() {
    List<Defect> all = new ArrayList<>();
    all.addAll(trainingRuns());
    all.addAll(modelVersions());
    all.addAll(inferenceServices());
    all.addAll(storage());
    return all;
  }

  /** What every kind's spec.storage refuses, and the object-storage locations refused. */
  private static List<Defect> storage() {
    List<Defect> all = new ArrayList<>();
    for (String k : List.of("TrainingRun", "ModelVersion", "InferenceService")) {
      for (String name : List.of("Team-S3", "team_s3", "-team", "team-", "a..b", "")) {
        all.add(
            on(k, "storage Secret named '" + name + "'")
                .set("spec.storage.secretName", name)
                .refused("spec.storage.secretName", "must be a Secret name"));
      }
    }
    String k = "InferenceService";
    for (String location : List.of("gs://feedback/iris", "/data/feedback")) {
      all.add(
          on(k, "feedback data set at " + location)
              .set("spec.monitoring.feedbackDataset", location)
              .refused("spec.monitoring.feedbackDataset", "or s3://<bucket>/<prefix>"));
    }
    all.add(
        on(k, "feedback data set escaping its bucket prefix")
            .set("spec.monitoring.feedbackDataset", "s3://f/../x")
            .refused("spec.monitoring.feedbackDataset", "'..'"));
    return all;
  }

  private static List<Defect> trainingRuns() {
    String k = "TrainingRun";
    return List.of(
        on(k, "no spec").remove("spec").refused("spec", "Required"),
        on(k, "no model").remove("spec.model").refused("spec.model", "Required"),
        on(k, "model not a DNS label")
            .set("spec.model", "Iris_Classifier")
            .refused("spec.model", "spec.model must be a lowercase DNS label"),
        on(k, "model of 64 characters")
            .set("spec.model", "a".repeat(64))
            .refused("spec.model", "63"),
        on(k, "image with a space")
            .set("spec.image", "ghcr.io/acme/trainer 1.0")
            .refused("spec.image", "image reference"),
        on(k, "image of 1025 characters")
            .set("spec.image", "a".repeat(1025))
            .refused("spec.image", "1024"),
        on(k, "command of 4097 characters")
            .set("spec.command[0]", "x".repeat(4097))
            .refused("spec.command[0]", "4096"),
        on(k, "65 args").set("spec.args", repeat("-v", 65)).refused("spec.args", "64"),
        on(k, "no dataset").remove("spec.dataset").refused("spec.dataset", "Required"),
        on(k, "dataset on ftp")
            .set("spec.dataset.uri", "ftp://data/iris.csv")
            .refused("spec.dataset.uri", "spec.dataset.uri must be pvc://"),
        on(k, "dataset escaping its claim")
            .set("spec.dataset.uri", "pvc://claim/../../etc/passwd")
            .refused("spec.dataset.uri", "'..'"),
        on(k, "dataset path escaping the root")
            .set("spec.dataset.uri", "/data/../etc/shadow")
            .refused("spec.dataset.uri", "'..'"),
        on(k, "dataset claim not a PVC name")
            .set("spec.dataset.uri", "pvc://Bad_Claim/iris.csv")
            .refused("spec.dataset.uri", "pvc://<claim>"),
        on(k, "dataset uri of 2049 characters")
            .set("spec.dataset.uri", "s3://bucket/" + "k".repeat(2037))
            .refused("spec.dataset.uri", "2048"),
        on(k, "dataset version of 129 characters")
            .set("spec.dataset.version", "v".repeat(129))
            .refused("spec.dataset.version", "128"),
        on(k, "shift significance 1.5")
            .set("spec.dataset.validation.shiftSignificance", 1.5)
            .refused("spec.dataset.validation.shiftSignificance", "less than 1"),
        on(k, "unknown shift action")
            .set("spec.dataset.validation.onShift", "Ignore")
            .refused("spec.dataset.validation.onShift", "\"Warn\""),
        on(k, "hyperparameter name with a space")
            .set("spec.hyperparameters", Map.of("learning rate", "0.1"))
            .refused("spec.hyperparameters", "spec.hyperparameters keys"),
        on(k, "hyperparameter value of 1025 characters")
            .set("spec.hyperparameters.epochs", "5".repeat(1025))
            .refused("spec.hyperparameters.epochs", "1024"),
        on(k, "65 hyperparameters")
            .set("spec.hyperparameters", numbered("p", 65, "1"))
            .refused("spec.hyperparameters", "64"),
        on(k, "no trials")
            .set("spec.search.maxTrials", 0)
            .refused("spec.search.maxTrials", "greater than or equal to 1"),
        on(k, "100000 trials")
            .set("spec.search.maxTrials", 100000)
            .refused("spec.search.maxTrials", "less than or equal to 1000"),
        on(k, "parallelism above maxTrials")
            .set("spec.search.parallelism", 20)
            .refused("spec.search.parallelism", "spec.search.parallelism cannot exceed"),
        on(k, "SuccessiveHalving without budgets")
            .set("spec.search.algorithm", "SuccessiveHalving")
            .refused("spec.search.algorithm", "needs minBudget and maxBudget"),
        on(k, "a budget for Random")
            .set("spec.search.minBudget", 10)
            .refused("spec.search.algorithm", "apply to algorithm SuccessiveHalving only"),
        on(k, "minBudget above maxBudget")
            .set("spec.search.algorithm", "SuccessiveHalving")
            .set("spec.search.minBudget", 90)
            .set("spec.search.maxBudget", 10)
            .refused("spec.search.minBudget", "must not exceed spec.search.maxBudget"),
        on(k, "reduction factor 1")
            .set("spec.search.algorithm", "SuccessiveHalving")
            .set("spec.search.minBudget", 10)
            .set("spec.search.maxBudget", 90)
            .set("spec.search.reductionFactor", 1)
            .refused("spec.search.reductionFactor", "greater than or equal to 2"),
        on(k, "epochs searched by SuccessiveHalving")
            .set("spec.search.algorithm", "SuccessiveHalving")
            .set("spec.search.minBudget", 10)
            .set("spec.search.maxBudget", 90)
            .set("spec.search.parameters[2].name", "epochs")
            .refused("spec.search.parameters", "epochs are its budget"),
        on(k, "a seed for a Grid")
            .set("spec.search.algorithm", "Grid")
            .refused("spec.search.seed", "a Grid draws nothing"),
        on(k, "negative failure allowance")
            .set("spec.search.maxFailedTrials", -1)
            .refused("spec.search.maxFailedTrials", "greater than or equal to 0"),
        on(k, "distributed search")
            .set("spec.workers", 4)
            .refused("spec.workers", "cannot be combined with spec.search"),
        on(k, "65 workers")
            .remove("spec.search")
            .set("spec.workers", 65)
            .refused("spec.workers", "less than or equal to 64"),
        on(k, "scheduling timeout not a duration")
            .set("spec.limits.schedulingTimeout", "soon")
            .refused(
                "spec.limits.schedulingTimeout",
                "spec.limits.schedulingTimeout must be a duration"),
        on(k, "search without parameters")
            .set("spec.search.parameters", List.of())
            .refused("spec.search.parameters", "at least 1"),
        on(k, "a parameter searched twice")
            .set("spec.search.parameters[2].name", "batchSize")
            .refused("spec.search.parameters", "once"),
        on(k, "parameter without a name")
            .set("spec.search.parameters[0].name", "")
            .refused("spec.search.parameters[0].name", "hyperparameter name"),
        on(k, "parameter name of 64 characters")
            .set("spec.search.parameters[0].name", "p".repeat(64))
            .refused("spec.search.parameters[0].name", "63"),
        on(k, "parameter with values and a range")
            .set("spec.search.parameters[1].min", 16.0)
            .set("spec.search.parameters[1].max", 64.0)
            .refused("spec.search.parameters[1]", "either values or both min and max"),
        on(k, "parameter with neither values nor a range")
            .remove("spec.search.parameters[0].max")
            .refused("spec.search.parameters[0]", "either values or both min and max"),
        on(k, "range upside down")
            .set("spec.search.parameters[0].min", 0.5)
            .set("spec.search.parameters[0].max", 0.05)
            .refused("spec.search.parameters[0].min", "must not exceed its max"),
        on(k, "log range from 0")
            .set("spec.search.parameters[0].min", 0.0)
            .refused("spec.search.parameters[0].min", "above 0 for scale Log"),
        on(k, "Int range of fractions")
            .set("spec.search.parameters[0].type", "Int")
            .remove("spec.search.parameters[0].scale")
            .set("spec.search.parameters[0].min", 0.5)
            .set("spec.search.parameters[0].max", 2.5)
            .refused("spec.search.parameters[0]", "whole-number"),
        on(k, "Int values that are not numbers")
            .set("spec.search.parameters[1].values", List.of("16", "many"))
            .refused("spec.search.parameters[1].values", "numbers of the parameter's type"),
        on(k, "Double values that are not numbers")
            .set("spec.search.parameters[1].type", "Double")
            .set("spec.search.parameters[1].values", List.of("0.1", "fast"))
            .refused("spec.search.parameters[1].values", "numbers of the parameter's type"),
        on(k, "values as numbers, not strings")
            .set("spec.search.parameters[1].values", List.of(16, 32))
            .refused("spec.search.parameters[1].values[0]", "string"),
        on(k, "empty value list")
            .set("spec.search.parameters[2].values", List.of())
            .refused("spec.search.parameters[2].values", "at least 1"),
        on(k, "a value listed twice")
            .set("spec.search.parameters[2].values", List.of("16", "16"))
            .refused("spec.search.parameters[2].values", "must not repeat"),
        on(k, "value of 257 characters")
            .set("spec.search.parameters[2].values[0]", "1".repeat(257))
            .refused("spec.search.parameters[2].values[0]", "256"),
        on(k, "unknown number type")
            .set("spec.search.parameters[0].type", "Float")
            .refused("spec.search.parameters[0].type", "\"Double\""),
        on(k, "unknown algorithm")
            .set("spec.search.algorithm", "Bayesian")
            .refused("spec.search.algorithm", "\"Random\""),
        on(k, "objective metric with a space")
            .set("spec.search.objective.metric", "log loss")
            .refused("spec.search.objective.metric", "metric name"),
        on(k, "cpu: banana")
            .set("spec.resources.cpu", "banana")
            .refused("spec.resources.cpu", "non-negative Kubernetes quantity"),
        on(k, "memory: -512Mi")
            .set("spec.resources.memory", "-512Mi")
            .refused("spec.resources.memory", "non-negative Kubernetes quantity"),
        on(k, "negative integer cpu limit")
            .set("spec.resources.cpuLimit", -1)
            .refused("spec.resources.cpuLimit", "non-negative Kubernetes quantity"),
        on(k, "memory limit with a space")
            .set("spec.resources.memoryLimit", "4 GB")
            .refused("spec.resources.memoryLimit", "non-negative Kubernetes quantity"),
        on(k, "negative GPUs")
            .set("spec.resources.gpus", -1)
            .refused("spec.resources.gpus", "greater than or equal to 0"),
        on(k, "1000 GPUs")
            .set("spec.resources.gpus", 1000)
            .refused("spec.resources.gpus", "less than or equal to 64"),
        on(k, "GPUs as text")
            .set("spec.resources.gpus", "one")
            .refused("spec.resources.gpus", "integer"),
        on(k, "GPU resource without a domain")
            .set("spec.resources.gpuResourceName", "gpu")
            .refused("spec.resources.gpuResourceName", "domain-prefixed"),
        on(k, "node label key with a space")
            .set("spec.nodeSelector", Map.of("gpu type", "a100"))
            .refused("spec.nodeSelector", "label keys"),
        on(k, "node label value of 64 characters")
            .set("spec.nodeSelector", Map.of("gpu", "a".repeat(64)))
            .refused("spec.nodeSelector.gpu", "63"),
        on(k, "node label value with a slash")
            .set("spec.nodeSelector", Map.of("gpu", "a100/80gb"))
            .refused("spec.nodeSelector", "label values"),
        on(k, "toleration operator Maybe")
            .set("spec.tolerations[0].operator", "Maybe")
            .refused("spec.tolerations[0].operator", "\"Exists\""),
        on(k, "toleration effect Sometimes")
            .set("spec.tolerations[0].effect", "Sometimes")
            .refused("spec.tolerations[0].effect", "\"NoSchedule\""),
        on(k, "toleration Exists with a value")
            .set("spec.tolerations[0].value", "present")
            .refused("spec.tolerations", "spec.tolerations[].value must be empty"),
        on(k, "tolerationSeconds on NoSchedule")
            .set("spec.tolerations[0].tolerationSeconds", 60)
            .refused("spec.tolerations", "spec.tolerations[].tolerationSeconds"),
        on(k, "toleration Equal without a key")
            .remove("spec.tolerations[1].key")
            .refused("spec.tolerations", "spec.tolerations[].key"),
        on(k, "negative tolerationSeconds")
            .set("spec.tolerations[1].tolerationSeconds", -5)
            .refused("spec.tolerations[1].tolerationSeconds", "greater than or equal to 0"),
        on(k, "toleration key of 318 characters")
            .set("spec.tolerations[1].key", "k".repeat(318))
            .refused("spec.tolerations[1].key", "317"),
        on(k, "33 tolerations")
            .set("spec.tolerations", repeat(Map.of("operator", "Exists"), 33))
            .refused("spec.tolerations", "32"),
        on(k, "priority class with capitals")
            .set("spec.priorityClassName", "Batch_High")
            .refused("spec.priorityClassName", "PriorityClass name"),
        on(k, "queue name with a dot")
            .set("spec.queueName", "gpu.queue")
            .refused("spec.queueName", "LocalQueue"),
        on(k, "active deadline 0s")
            .set("spec.limits.activeDeadline", "0s")
            .refused("spec.limits.activeDeadline", "above 0s"),
        on(k, "pending timeout 999999999999h")
            .set("spec.limits.pendingTimeout", "999999999999h")
            .refused("spec.limits.pendingTimeout", "at most 8760h"),
        on(k, "ttl of 10000h")
            .set("spec.limits.ttlAfterFinished", "10000h")
            .refused("spec.limits.ttlAfterFinished", "at most 8760h"),
        on(k, "deadline in words")
            .set("spec.limits.activeDeadline", "2 hours")
            .refused("spec.limits.activeDeadline", "spec.limits.activeDeadline must be a duration"),
        on(k, "negative duration")
            .set("spec.limits.pendingTimeout", "-5m")
            .refused("spec.limits.pendingTimeout", "must be a duration"),
        on(k, "11 retries")
            .set("spec.limits.backoffLimit", 11)
            .refused("spec.limits.backoffLimit", "less than or equal to 10"),
        on(k, "output escaping its claim")
            .set("spec.output.uri", "pvc://drover-models/../other")
            .refused("spec.output.uri", "spec.output.uri must not contain '..'"),
        on(k, "output without uri")
            .remove("spec.output.uri")
            .refused("spec.output.uri", "Required"),
        on(k, "code revision of 257 characters")
            .set("spec.codeRevision", "c".repeat(257))
            .refused("spec.codeRevision", "256"),
        on(k, "accuracy minimum as a percentage")
            .set("spec.registration.policy.minimums.accuracy", 90)
            .refused("spec.registration.policy.minimums", "between 0 and 1"),
        on(k, "policy metric with a space")
            .set("spec.registration.policy.maximums", Map.of("log loss", 0.3))
            .refused("spec.registration.policy.maximums", "keys"),
        on(k, "negative margin")
            .set("spec.registration.policy.mustBeatProduction.margin", -0.1)
            .refused(
                "spec.registration.policy.mustBeatProduction.margin", "greater than or equal to 0"),
        on(k, "margin without a metric")
            .remove("spec.registration.policy.mustBeatProduction.metric")
            .refused("spec.registration.policy.mustBeatProduction.metric", "Required"),
        on(k, "unknown promotion")
            .set("spec.registration.promotion", "Everywhere")
            .refused("spec.registration.promotion", "\"Production\""),
        on(k, "unknown field").set("spec.gpu", 1).refused("spec.gpu", "unknown field"));
  }

  private static List<Defect> modelVersions() {
    String k = "ModelVersion";
    return List.of(
        on(k, "no spec").remove("spec").refused("spec", "Required"),
        on(k, "no model").remove("spec.model").refused("spec.model", "Required"),
        on(k, "model of 64 characters")
            .set("spec.model", "m".repeat(64))
            .refused("spec.model", "63"),
        on(k, "model with capitals")
            .set("spec.model", "Fraud")
            .refused("spec.model", "spec.model must be a lowercase DNS label"),
        on(k, "version 0")
            .set("spec.version", 0)
            .refused("spec.version", "greater than or equal to 1"),
        on(k, "no artifact").remove("spec.artifact").refused("spec.artifact", "Required"),
        on(k, "artifact escaping its claim")
            .set("spec.artifact.uri", "pvc://models/../../etc/passwd")
            .refused("spec.artifact.uri", "'..'"),
        on(k, "relative artifact path")
            .set("spec.artifact.uri", "models/fraud")
            .refused("spec.artifact.uri", "spec.artifact.uri must be pvc://"),
        on(k, "artifact uri of 2049 characters")
            .set("spec.artifact.uri", "/" + "m".repeat(2048))
            .refused("spec.artifact.uri", "2048"),
        on(k, "short digest")
            .set("spec.artifact.digest", "sha256:abc")
            .refused("spec.artifact.digest", "64 lowercase hex"),
        on(k, "md5 digest")
            .set("spec.artifact.digest", "md5:" + SHA.substring(0, 32))
            .refused("spec.artifact.digest", "spec.artifact.digest must be sha256:"),
        on(k, "unknown format")
            .set("spec.artifact.format", "Pickle")
            .refused("spec.artifact.format", "\"Onnx\""),
        on(k, "dataset digest without sha256:")
            .set("spec.source.datasetDigest", SHA)
            .refused("spec.source.datasetDigest", "spec.source.datasetDigest must be sha256:"),
        on(k, "dataset digest in capitals")
            .set("spec.source.datasetDigest", "sha256:" + SHA.toUpperCase())
            .refused("spec.source.datasetDigest", "64 lowercase hex"),
        on(k, "dataset escaping its claim")
            .set("spec.source.datasetUri", "pvc://data/../../secrets")
            .refused("spec.source.datasetUri", "'..'"),
        on(k, "training run with capitals")
            .set("spec.source.trainingRun", "Run_1")
            .refused("spec.source.trainingRun", "TrainingRun name"),
        on(k, "image with a space")
            .set("spec.source.image", "acme trainer")
            .refused("spec.source.image", "image reference"),
        on(k, "code revision of 257 characters")
            .set("spec.source.codeRevision", "c".repeat(257))
            .refused("spec.source.codeRevision", "256"),
        on(k, "dataset version of 129 characters")
            .set("spec.source.datasetVersion", "v".repeat(129))
            .refused("spec.source.datasetVersion", "128"),
        on(k, "accuracy as a percentage")
            .set("spec.metrics.accuracy", 98.2)
            .refused("spec.metrics", "between 0 and 1"),
        on(k, "negative auc").set("spec.metrics.auc", -0.1).refused("spec.metrics", "fractions"),
        on(k, "metric name with a space")
            .set("spec.metrics", Map.of("log loss", 0.1))
            .refused("spec.metrics", "spec.metrics keys"),
        on(k, "65 metrics")
            .set("spec.metrics", numbered("m", 65, 0.5))
            .refused("spec.metrics", "64"),
        on(k, "hyperparameter of 1025 characters")
            .set("spec.hyperparameters.epochs", "9".repeat(1025))
            .refused("spec.hyperparameters.epochs", "1024"),
        on(k, "precision minimum above 1")
            .set("spec.policy.minimums", Map.of("precision", 1.5))
            .refused("spec.policy.minimums", "between 0 and 1"),
        on(k, "stage Rejected requested")
            .set("spec.stage", "Rejected")
            .refused("spec.stage", "\"Archived\""),
        on(k, "unknown promotion")
            .set("spec.promotion", "Prod")
            .refused("spec.promotion", "\"Production\""));
  }

  private static List<Defect> inferenceServices() {
    String k = "InferenceService";
    return List.of(
        on(k, "no spec").remove("spec").refused("spec", "Required"),
        on(k, "no model").remove("spec.model").refused("spec.model", "Required"),
        on(k, "model name of 300 characters")
            .set("spec.model.name", "m".repeat(300))
            .refused("spec.model.name", "63"),
        on(k, "model name with capitals")
            .set("spec.model.name", "Iris")
            .refused("spec.model.name", "spec.model.name must be a lowercase DNS label"),
        on(k, "model pinned and tracking")
            .set("spec.model.version", 3)
            .refused("spec.model", "exactly one of spec.model.version"),
        on(k, "model neither pinned nor tracking")
            .remove("spec.model.stage")
            .refused("spec.model", "exactly one of spec.model.version"),
        on(k, "model version 0")
            .remove("spec.model.stage")
            .set("spec.model.version", 0)
            .refused("spec.model.version", "greater than or equal to 1"),
        on(k, "tracking stage Archived")
            .set("spec.model.stage", "Archived")
            .refused("spec.model.stage", "\"Production\""),
        on(k, "image with spaces")
            .set("spec.runtime.image", "my model server")
            .refused("spec.runtime.image", "spec.runtime.image must be an image reference"),
        on(k, "65 commands")
            .set("spec.runtime.command", repeat("x", 65))
            .refused("spec.runtime.command", "64"),
        on(k, "argument of 4097 characters")
            .set("spec.runtime.args[0]", "a".repeat(4097))
            .refused("spec.runtime.args[0]", "4096"),
        on(k, "model name starting with '-'")
            .set("spec.runtime.modelName", "-iris")
            .refused("spec.runtime.modelName", "spec.runtime.modelName must be"),
        on(k, "model name of 129 characters")
            .set("spec.runtime.modelName", "i".repeat(129))
            .refused("spec.runtime.modelName", "128"),
        on(k, "privileged port")
            .set("spec.runtime.port", 80)
            .refused("spec.runtime.port", "greater than or equal to 1024"),
        on(k, "cpu: banana")
            .set("spec.runtime.resources.cpu", "banana")
            .refused("spec.runtime.resources.cpu", "non-negative Kubernetes quantity"),
        on(k, "memory: -512Mi")
            .set("spec.runtime.resources.memory", "-512Mi")
            .refused("spec.runtime.resources.memory", "non-negative Kubernetes quantity"),
        on(k, "100 GPUs per replica")
            .set("spec.runtime.resources.gpus", 100)
            .refused("spec.runtime.resources.gpus", "less than or equal to 64"),
        on(k, "env name twice")
            .set("spec.runtime.env[1].name", "LOG_LEVEL")
            .remove("spec.runtime.env[1].valueFrom")
            .set("spec.runtime.env[1].value", "debug")
            .refused("spec.runtime.env", "must not repeat a name"),
        on(k, "env name starting with a digit")
            .set("spec.runtime.env[0].name", "1LOG")
            .refused("spec.runtime.env", "spec.runtime.env[].name"),
        on(k, "env with value and valueFrom")
            .set("spec.runtime.env[1].value", "x")
            .refused("spec.runtime.env", "either value or valueFrom"),
        on(k, "env without a name")
            .remove("spec.runtime.env[0].name")
            .refused("spec.runtime.env[0].name", "Required"),
        on(k, "env value of 32769 characters")
            .set("spec.runtime.env[0].value", "v".repeat(32769))
            .refused("spec.runtime.env[0].value", "32768"),
        on(k, "65 env variables")
            .set("spec.runtime.env", numberedEnv(65))
            .refused("spec.runtime.env", "64"),
        on(k, "toleration operator in lower case")
            .set("spec.runtime.tolerations[0].operator", "exists")
            .refused("spec.runtime.tolerations[0].operator", "\"Exists\""),
        on(k, "toleration Exists with a value")
            .set("spec.runtime.tolerations[0].value", "yes")
            .refused("spec.runtime.tolerations", "spec.runtime.tolerations[].value"),
        on(k, "node label key with a space")
            .set("spec.runtime.nodeSelector", Map.of("os type", "linux"))
            .refused("spec.runtime.nodeSelector", "label keys"),
        on(k, "unknown strategy")
            .set("spec.rollout.strategy", "Linear")
            .refused("spec.rollout.strategy", "\"Canary\""),
        on(k, "no strategy")
            .remove("spec.rollout.strategy")
            .refused("spec.rollout.strategy", "Required"),
        on(k, "A/B test without a sticky header")
            .set("spec.rollout.strategy", "AbTest")
            .refused(
                "spec.rollout.stickyHeader",
                "spec.rollout.stickyHeader is required for the AbTest strategy"),
        on(k, "sticky header of 10000 characters")
            .set("spec.rollout.stickyHeader", "h".repeat(10000))
            .refused("spec.rollout.stickyHeader", "128"),
        on(k, "sticky header with a space")
            .set("spec.rollout.stickyHeader", "x user")
            .refused("spec.rollout.stickyHeader", "HTTP header name"),
        on(k, "canary without steps")
            .set("spec.rollout.steps", List.of())
            .refused("spec.rollout.steps", "spec.rollout.steps is required for the Canary"),
        on(k, "thenCanary on a canary")
            .set("spec.rollout.thenCanary", true)
            .refused("spec.rollout.thenCanary", "Shadow strategy only"),
        on(k, "step weight 0")
            .set("spec.rollout.steps[0].weight", 0)
            .refused("spec.rollout.steps[0].weight", "greater than or equal to 1"),
        on(k, "step weight 101")
            .set("spec.rollout.steps[0].weight", 101)
            .refused("spec.rollout.steps[0].weight", "less than or equal to 100"),
        on(k, "step pause 0s")
            .set("spec.rollout.steps[0].pause", "0s")
            .refused(
                "spec.rollout.steps[0].pause", "spec.rollout.steps[].pause must be a duration"),
        on(k, "21 steps")
            .set("spec.rollout.steps", repeat(Map.of("weight", 10), 21))
            .refused("spec.rollout.steps", "20"),
        on(k, "candidate weight 100")
            .set("spec.rollout.candidateWeight", 100)
            .refused("spec.rollout.candidateWeight", "less than or equal to 99"),
        on(k, "mirror 0 percent")
            .set("spec.rollout.mirrorPercent", 0)
            .refused("spec.rollout.mirrorPercent", "greater than or equal to 1"),
        on(k, "observe for 999999999999h")
            .set("spec.rollout.observeFor", "999999999999h")
            .refused("spec.rollout.observeFor", "at most 8760h"),
        on(k, "keep previous for 0s")
            .set("spec.rollout.keepPreviousFor", "0s")
            .refused("spec.rollout.keepPreviousFor", "above 0s"),
        on(k, "progress deadline in words")
            .set("spec.rollout.progressDeadline", "10 minutes")
            .refused("spec.rollout.progressDeadline", "spec.rollout.progressDeadline must be"),
        on(k, "negative surge")
            .set("spec.rollout.maxSurge", -1)
            .refused("spec.rollout.maxSurge", "greater than or equal to 0"),
        on(k, "surge of 1000")
            .set("spec.rollout.maxSurge", 1000)
            .refused("spec.rollout.maxSurge", "less than or equal to 100"),
        on(k, "samples ConfigMap with capitals")
            .set("spec.rollout.smokeTest.samplesConfigMap", "Iris_Samples")
            .refused("spec.rollout.smokeTest.samplesConfigMap", "ConfigMap name"),
        on(k, "smoke-test drop of 150 points")
            .set("spec.rollout.smokeTest.maxAccuracyDropPercent", 150)
            .refused("spec.rollout.smokeTest.maxAccuracyDropPercent", "less than or equal to 100"),
        on(k, "no requests needed")
            .set("spec.rollout.analysis.minRequests", 0)
            .refused("spec.rollout.analysis.minRequests", "greater than or equal to 1"),
        on(k, "error percent 101")
            .set("spec.rollout.analysis.maxErrorPercent", 101)
            .refused("spec.rollout.analysis.maxErrorPercent", "less than or equal to 100"),
        on(k, "negative agreement")
            .set("spec.rollout.analysis.minShadowAgreementPercent", -1)
            .refused(
                "spec.rollout.analysis.minShadowAgreementPercent", "greater than or equal to 0"),
        on(k, "p99 of 0 ms")
            .set("spec.rollout.analysis.maxLatencyP99Millis", 0)
            .refused("spec.rollout.analysis.maxLatencyP99Millis", "greater than or equal to 1"),
        on(k, "analysis interval 0s")
            .set("spec.rollout.analysis.interval", "0s")
            .refused("spec.rollout.analysis.interval", "spec.rollout.analysis.interval must be"),
        on(k, "inconclusive timeout 99999999h")
            .set("spec.rollout.analysis.inconclusiveTimeout", "99999999h")
            .refused("spec.rollout.analysis.inconclusiveTimeout", "at most 8760h"),
        on(k, "unknown inconclusive action")
            .set("spec.rollout.analysis.onInconclusive", "Retry")
            .refused("spec.rollout.analysis.onInconclusive", "\"Pause\""),
        on(k, "more min than max replicas")
            .set("spec.scaling.minReplicas", 5)
            .refused("spec.scaling", "minReplicas cannot exceed"),
        on(k, "idle after 0s")
            .set("spec.scaling.idleAfter", "0s")
            .refused("spec.scaling.idleAfter", "idleAfter"),
        on(k, "negative drift threshold")
            .set("spec.monitoring.driftThreshold", -0.1)
            .refused("spec.monitoring.driftThreshold", "greater than or equal to 0"),
        on(k, "monitoring window 0s")
            .set("spec.monitoring.window", "0s")
            .refused("spec.monitoring.window", "spec.monitoring.window must be"),
        on(k, "monitoring interval in years")
            .set("spec.monitoring.interval", "1y")
            .refused("spec.monitoring.interval", "must be a duration"),
        on(k, "monitoring source Grafana")
            .set("spec.monitoring.source", "Grafana")
            .refused("spec.monitoring.source", "\"Prometheus\""),
        on(k, "cron 99 99 99 99 99")
            .set("spec.retraining.triggers.schedule", "99 99 99 99 99")
            .refused("spec.retraining.triggers.schedule", "in range"),
        on(k, "cron with four fields")
            .set("spec.retraining.triggers.schedule", "0 3 * *")
            .refused("spec.retraining.triggers.schedule", "five-field cron"),
        on(k, "cron hour 24")
            .set("spec.retraining.triggers.schedule", "0 24 * * *")
            .refused("spec.retraining.triggers.schedule", "hour 0-23"),
        on(k, "cron day 32")
            .set("spec.retraining.triggers.schedule", "0 3 32 * *")
            .refused("spec.retraining.triggers.schedule", "day 1-31"),
        on(k, "cron month 13")
            .set("spec.retraining.triggers.schedule", "0 3 1 13 *")
            .refused("spec.retraining.triggers.schedule", "month 1-12"),
        on(k, "cron weekday 8")
            .set("spec.retraining.triggers.schedule", "0 3 * * 8")
            .refused("spec.retraining.triggers.schedule", "weekday 0-7"),
        on(k, "cron step 0")
            .set("spec.retraining.triggers.schedule", "*/0 * * * *")
            .refused("spec.retraining.triggers.schedule", "cron"),
        on(k, "cron of 257 characters")
            .set("spec.retraining.triggers.schedule", "0 3 * * " + "0,".repeat(124) + "0")
            .refused("spec.retraining.triggers.schedule", "256"),
        on(k, "accuracy trigger as a percentage")
            .set("spec.retraining.triggers.accuracyBelow", 90)
            .refused("spec.retraining.triggers.accuracyBelow", "less than or equal to 1"),
        on(k, "cooldown 0s")
            .set("spec.retraining.triggers.cooldown", "0s")
            .refused("spec.retraining.triggers.cooldown", "spec.retraining.triggers.cooldown"),
        on(k, "feedback data set on the web")
            .set("spec.monitoring.feedbackDataset", "https://feedback.example.com/iris")
            .refused("spec.monitoring.feedbackDataset", "or s3://<bucket>/<prefix>"),
        on(k, "feedback data set escaping its claim")
            .set("spec.monitoring.feedbackDataset", "pvc://feedback/../../etc")
            .refused("spec.monitoring.feedbackDataset", "'..'"),
        on(k, "drift readings 0")
            .set("spec.retraining.triggers.driftReadings", 0)
            .refused("spec.retraining.triggers.driftReadings", "greater than or equal to 1"),
        on(k, "eleven runs a day")
            .set("spec.retraining.triggers.maxRunsPerDay", 11)
            .refused("spec.retraining.triggers.maxRunsPerDay", "less than or equal to 10"),
        on(k, "schedule in a made-up zone")
            .set("spec.retraining.triggers.timeZone", "Mars/Olympus")
            .refused("spec.retraining.triggers.timeZone", "IANA time zone"),
        on(k, "no labelled rows needed")
            .set("spec.retraining.triggers.minLabelledRows", 0)
            .refused("spec.retraining.triggers.minLabelledRows", "greater than or equal to 1"),
        on(k, "breaker that never opens")
            .set("spec.retraining.maxConsecutiveFailures", 0)
            .refused("spec.retraining.maxConsecutiveFailures", "greater than or equal to 1"),
        on(k, "template trains another model")
            .set("spec.retraining.template.model", "iris-other")
            .refused("spec.retraining.template.model", "must be spec.model.name"),
        on(k, "retraining without triggers")
            .remove("spec.retraining.triggers")
            .refused("spec.retraining.triggers", "Required"),
        on(k, "template model with a space")
            .set("spec.retraining.template.model", "iris classifier")
            .refused("spec.retraining.template.model", "lowercase DNS label"),
        on(k, "template dataset escaping its claim")
            .set("spec.retraining.template.dataset.uri", "pvc://datasets/../../etc")
            .refused("spec.retraining.template.dataset.uri", "'..'"),
        on(k, "template cpu: banana")
            .set("spec.retraining.template.resources.cpu", "banana")
            .refused("spec.retraining.template.resources.cpu", "quantity"),
        on(k, "template without dataset")
            .remove("spec.retraining.template.dataset")
            .refused("spec.retraining.template.dataset", "Required"),
        on(k, "template deadline 0s")
            .set("spec.retraining.template.limits.activeDeadline", "0s")
            .refused("spec.retraining.template.limits.activeDeadline", "above 0s"),
        on(k, "unknown field")
            .set("spec.rollout.canarySteps", 3)
            .refused("spec.rollout.canarySteps", "unknown field"));
  }

  private static List<Object> repeat(Object value, int times) {
    return new ArrayList<>(Collections.nCopies(times, value));
  }

  private static Map<String, Object> numbered(String prefix, int count, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      map.put(prefix + i, value);
    }
    return map;
  }

  private static List<Object> numberedEnv(int count) {
    List<Object> env = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      env.add(Map.of("name", "VAR_" + i, "value", "x"));
    }
    return env;
  }

  private static Builder on(String kind, String what) {
    return new Builder(kind, what);
  }

  /** Builds one defect: the edits, then the refusal expected. */
  private static final class Builder {
    private final String kind;
    private final String what;
    private final List<Edit> edits = new ArrayList<>();

    Builder(String kind, String what) {
      this.kind = kind;
      this.what = what;
    }

    Builder set(String path, Object value) {
      edits.add(new Edit(path, value));
      return this;
    }

    Builder remove(String path) {
      return set(path, REMOVE);
    }

    Defect refused(String field, String hint) {
      return new Defect(kind, what, List.copyOf(edits), field, hint);
    }
  }
}
