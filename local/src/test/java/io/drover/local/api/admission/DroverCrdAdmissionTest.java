package io.drover.local.api.admission;

import static io.drover.local.api.admission.DroverFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Admission of Drover's own resources against the committed CRDs: what users write is admitted,
 * what they get wrong is refused with the field and the message a real API server gives.
 */
class DroverCrdAdmissionTest {
  static final CrdAdmission TRAINING_RUNS = DroverFiles.admission("trainingruns.drover.io");
  static final CrdAdmission MODEL_VERSIONS = DroverFiles.admission("modelversions.drover.io");
  static final CrdAdmission INFERENCE_SERVICES =
      DroverFiles.admission("inferenceservices.drover.io");
  static final String V = "v1alpha1";
  static final String RULES_SKIPPED =
      "Invalid value: null: some validation rules were not checked because the object was"
          + " invalid; correct the existing errors to complete validation";

  static Stream<Path> examples() {
    return DroverFiles.examples().stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsAdmittedUnderStrictValidation(Path example) {
    ObjectNode object = DroverFiles.read(example);
    AdmissionResult result =
        admissionFor(object.get("kind").asText()).admitCreate(V, object, FieldValidation.STRICT);
    assertThat(result.warnings()).isEmpty();
    assertThat(result.object()).isEqualTo(object);
  }

  static CrdAdmission admissionFor(String kind) {
    return switch (kind) {
      case "TrainingRun" -> TRAINING_RUNS;
      case "ModelVersion" -> MODEL_VERSIONS;
      case "InferenceService" -> INFERENCE_SERVICES;
      default -> throw new IllegalArgumentException(kind);
    };
  }

  static ObjectNode trainingRun(String spec) {
    return yaml(
        """
        apiVersion: drover.io/v1alpha1
        kind: TrainingRun
        metadata:
          name: iris
        spec:
        """
            + spec.indent(2));
  }

  static ObjectNode inferenceService(String spec) {
    return yaml(
        """
        apiVersion: drover.io/v1alpha1
        kind: InferenceService
        metadata:
          name: iris
        spec:
        """
            + spec.indent(2));
  }

  static final String RUN_SPEC =
      """
      model: iris-classifier
      dataset:
        uri: pvc://datasets/iris.csv
      hyperparameters:
        epochs: "50"
      """;

  static final String SERVICE_SPEC =
      """
      model:
        name: iris-classifier
        stage: Production
      rollout:
        strategy: Canary
        steps:
          - weight: 10
            pause: 5m
      scaling:
        minReplicas: 0
        maxReplicas: 4
      """;

  static AdmissionException refused(CrdAdmission admission, ObjectNode object) {
    return catchThrowableOfType(
        AdmissionException.class, () -> admission.admitCreate(V, object, FieldValidation.STRICT));
  }

  @Nested
  class WrongValues {
    @Test
    void aListWhereTheStringMapWantsAString() {
      AdmissionException e =
          refused(TRAINING_RUNS, trainingRun(RUN_SPEC.replace("epochs: \"50\"", "epochs: [1]")));

      assertThat(e.code()).isEqualTo(422);
      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.hyperparameters.epochs",
                  "FieldValueTypeInvalid",
                  "Invalid value: \"array\": spec.hyperparameters.epochs in body must be of type"
                      + " string: \"array\""),
              tuple("<nil>", "FieldValueInvalid", RULES_SKIPPED));
      assertThat(e.getMessage())
          .isEqualTo(
              "TrainingRun.drover.io \"iris\" is invalid: [spec.hyperparameters.epochs: Invalid"
                  + " value: \"array\": spec.hyperparameters.epochs in body must be of type"
                  + " string: \"array\", <nil>: "
                  + RULES_SKIPPED
                  + "]");
    }

    @Test
    void aWordWhereAnIntegerBelongs() {
      AdmissionException e =
          refused(
              INFERENCE_SERVICES,
              inferenceService(SERVICE_SPEC.replace("minReplicas: 0", "minReplicas: two")));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.scaling.minReplicas",
                  "FieldValueTypeInvalid",
                  "Invalid value: \"string\": spec.scaling.minReplicas in body must be of type"
                      + " integer: \"string\""),
              tuple("<nil>", "FieldValueInvalid", RULES_SKIPPED));
    }

    @Test
    void negativeGpus() {
      AdmissionException e =
          refused(TRAINING_RUNS, trainingRun(RUN_SPEC + "resources:\n  gpus: -1\n"));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.resources.gpus",
                  "FieldValueInvalid",
                  "Invalid value: -1: spec.resources.gpus in body should be greater than or equal"
                      + " to 0"));
      assertThat(e.causes().get(0).badValue().asLong()).isEqualTo(-1);
    }

    @Test
    void aStepWeightOverOneHundredAndAnErrorBudgetOverOneHundredPercent() {
      ObjectNode service = inferenceService(SERVICE_SPEC.replace("weight: 10", "weight: 150"));
      ((ObjectNode) service.at("/spec/rollout")).putObject("analysis").put("maxErrorPercent", 101);

      AdmissionException e = refused(INFERENCE_SERVICES, service);

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactlyInAnyOrder(
              tuple(
                  "spec.rollout.steps[0].weight",
                  "Invalid value: 150: spec.rollout.steps[0].weight in body should be less than or"
                      + " equal to 100"),
              tuple(
                  "spec.rollout.analysis.maxErrorPercent",
                  "Invalid value: 101: spec.rollout.analysis.maxErrorPercent in body should be less"
                      + " than or equal to 100"));
    }

    @Test
    void aShiftSignificanceOfOneBreaksTheExclusiveMaximum() {
      AdmissionException e =
          refused(
              TRAINING_RUNS,
              trainingRun(
                  RUN_SPEC.replace(
                      "uri: pvc://datasets/iris.csv",
                      "uri: pvc://datasets/iris.csv\n  validation:\n    shiftSignificance: 1")));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.dataset.validation.shiftSignificance",
                  "Invalid value: 1: spec.dataset.validation.shiftSignificance in body should be"
                      + " less than 1"));
    }

    @Test
    void aTimeoutInWordsAndADatasetWithoutAScheme() {
      assertThat(
              refused(
                      TRAINING_RUNS,
                      trainingRun(RUN_SPEC + "limits:\n  pendingTimeout: 15 minutes\n"))
                  .causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.limits.pendingTimeout",
                  "Invalid value: \"15 minutes\": spec.limits.pendingTimeout must be a duration"
                      + " above 0s and at most 8760h, such as 30s, 15m or 1h30m"));
      assertThat(
              refused(
                      TRAINING_RUNS,
                      trainingRun(RUN_SPEC.replace("pvc://datasets/iris.csv", "datasets/iris.csv")))
                  .causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.dataset.uri",
                  "Invalid value: \"datasets/iris.csv\": spec.dataset.uri must be"
                      + " pvc://<claim>/<path>,"
                      + " s3://<bucket>/<key>, gs://<bucket>/<key>, http(s)://... or an absolute"
                      + " path"));
    }

    @Test
    void aPauseWrittenInWords() {
      AdmissionException e =
          refused(
              INFERENCE_SERVICES,
              inferenceService(SERVICE_SPEC.replace("pause: 5m", "pause: 5 minutes")));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.rollout.steps[0].pause",
                  "FieldValueInvalid",
                  "Invalid value: \"5 minutes\": spec.rollout.steps[].pause must be a duration"
                      + " above 0s and at most 8760h, such as 30s, 15m or 1h30m"));
    }

    @Test
    void aCronScheduleWithTooFewFields() {
      ObjectNode service =
          inferenceService(
              SERVICE_SPEC
                  + """
                  retraining:
                    triggers:
                      schedule: "0 3 * *"
                    template:
                      model: iris-classifier
                      dataset:
                        uri: pvc://datasets/iris.csv
                  """);

      AdmissionException e = refused(INFERENCE_SERVICES, service);

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.retraining.triggers.schedule",
                  "Invalid value: \"0 3 * *\": spec.retraining.triggers.schedule must be a"
                      + " five-field cron expression with fields in range (minute 0-59, hour"
                      + " 0-23, day 1-31, month 1-12, weekday 0-7), e.g. \"0 3 * * 0\", or"
                      + " @daily"));
    }

    @Test
    void aStrategyThatDoesNotExist() {
      AdmissionException e =
          refused(
              INFERENCE_SERVICES,
              inferenceService(SERVICE_SPEC.replace("strategy: Canary", "strategy: Fast")));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.rollout.strategy",
                  "FieldValueNotSupported",
                  "Unsupported value: \"Fast\": supported values: \"AbTest\", \"Auto\","
                      + " \"BlueGreen\", \"Canary\", \"Immediate\", \"Shadow\""),
              tuple("<nil>", "FieldValueInvalid", RULES_SKIPPED));
    }

    @Test
    void aModelThatBothPinsAVersionAndTracksAStage() {
      AdmissionException e =
          refused(
              INFERENCE_SERVICES,
              inferenceService(
                  SERVICE_SPEC.replace("stage: Production", "stage: Production\n  version: 3")));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.model",
                  "FieldValueInvalid",
                  "Invalid value: set exactly one of spec.model.version (pin a version) or"
                      + " spec.model.stage (track a stage)"));
      assertThat(e.causes().get(0).badValue()).isNull();
    }

    @Test
    void aSearchParameterWithBothValuesAndARange() {
      ObjectNode run =
          trainingRun(
              RUN_SPEC
                  + """
                  search:
                    algorithm: Grid
                    objective: {metric: accuracy}
                    parameters:
                      - name: epochs
                        values: ["10", "20"]
                        min: 1
                        max: 5
                  """);

      AdmissionException e = refused(TRAINING_RUNS, run);

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.search.parameters[0]",
                  "Invalid value: spec.search.parameters[]: give a search parameter either values"
                      + " or both min and max, not both or neither"));
    }

    @Test
    void successiveHalvingWithoutBudgetsAndWorkersWithASearch() {
      ObjectNode run =
          trainingRun(
              RUN_SPEC
                  + """
                  workers: 4
                  search:
                    algorithm: SuccessiveHalving
                    objective: {metric: accuracy}
                    parameters:
                      - name: learningRate
                        values: ["0.1", "0.01"]
                  """);

      AdmissionException e = refused(TRAINING_RUNS, run);

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactlyInAnyOrder(
              tuple(
                  "spec.workers",
                  "Invalid value: spec.workers above 1 (distributed training) cannot be combined"
                      + " with spec.search: run the search single-node, or train the chosen"
                      + " parameters on many workers"),
              tuple(
                  "spec.search.algorithm",
                  "Invalid value: spec.search: algorithm SuccessiveHalving needs minBudget and"
                      + " maxBudget (epochs), e.g. 10 and 90"));
    }

    @Test
    void cpuGivenAsABooleanFailsBothBranchesOfIntOrString() {
      AdmissionException e =
          refused(TRAINING_RUNS, trainingRun(RUN_SPEC + "resources:\n  cpu: true\n"));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.resources.cpu",
                  "FieldValueTypeInvalid",
                  "Invalid value: \"boolean\": spec.resources.cpu in body must be of type"
                      + " integer,string: \"boolean\""),
              tuple(
                  "<nil>",
                  "FieldValueInvalid",
                  "Invalid value: \"\": \"spec.resources.cpu\" must validate at least one schema"
                      + " (anyOf)"),
              tuple(
                  "spec.resources.cpu",
                  "FieldValueTypeInvalid",
                  "Invalid value: \"boolean\": spec.resources.cpu in body must be of type integer:"
                      + " \"boolean\""),
              tuple("<nil>", "FieldValueInvalid", RULES_SKIPPED));
    }

    @Test
    void anInvalidNameIsRefused() {
      ObjectNode run = trainingRun(RUN_SPEC);
      ((ObjectNode) run.get("metadata")).put("name", "Iris_1");

      AdmissionException e = refused(TRAINING_RUNS, run);

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactly(
              tuple(
                  "metadata.name",
                  "Invalid value: \"Iris_1\": a lowercase RFC 1123 subdomain must consist of lower"
                      + " case alphanumeric characters, '-' or '.', and must start and end with an"
                      + " alphanumeric character (e.g. 'example.com', regex used for validation is"
                      + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
    }

    @Test
    void aNameLongerThan253Characters() {
      ObjectNode run = trainingRun(RUN_SPEC);
      ((ObjectNode) run.get("metadata")).put("name", "a".repeat(254));

      assertThat(refused(TRAINING_RUNS, run).causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactly(
              tuple(
                  "metadata.name",
                  "Invalid value: \""
                      + "a".repeat(254)
                      + "\": must be no more than 253 characters"));
    }
  }

  @Nested
  class MissingFields {
    @Test
    void anInferenceServiceWithoutAModel() {
      AdmissionException e =
          refused(INFERENCE_SERVICES, inferenceService("scaling:\n  minReplicas: 1\n"));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple("spec.model", "FieldValueRequired", "Required value"),
              tuple("<nil>", "FieldValueInvalid", RULES_SKIPPED));
    }

    @Test
    void aDatasetWithoutAUri() {
      AdmissionException e =
          refused(
              TRAINING_RUNS,
              trainingRun(RUN_SPEC.replace("uri: pvc://datasets/iris.csv", "version: \"1\"")));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type)
          .containsExactly(
              tuple("spec.dataset.uri", "FieldValueRequired"), tuple("<nil>", "FieldValueInvalid"));
    }

    @Test
    void aCanaryWithoutSteps() {
      AdmissionException e =
          refused(
              INFERENCE_SERVICES,
              inferenceService(
                  SERVICE_SPEC.replace("  steps:\n    - weight: 10\n      pause: 5m\n", "")));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactly(
              tuple(
                  "spec.rollout.steps",
                  "Invalid value: spec.rollout.steps is required for the Canary strategy"));
    }
  }

  @Nested
  class UnknownFields {
    ObjectNode withUnknownFields() {
      ObjectNode service = inferenceService(SERVICE_SPEC);
      ((ObjectNode) service.get("spec")).put("foo", 1);
      ((ObjectNode) service.at("/spec/rollout/steps/0")).put("bogus", true);
      ((ObjectNode) service.get("metadata")).put("colour", "red");
      return service;
    }

    @Test
    void strictRefusesTheRequestNamingEveryUnknownField() {
      AdmissionException e = refused(INFERENCE_SERVICES, withUnknownFields());

      assertThat(e.code()).isEqualTo(400);
      assertThat(e.reason()).isEqualTo("BadRequest");
      assertThat(e.getMessage())
          .isEqualTo(
              "InferenceService in version \"v1alpha1\" cannot be handled as a InferenceService:"
                  + " strict decoding error: unknown field \"metadata.colour\", unknown field"
                  + " \"spec.foo\", unknown field \"spec.rollout.steps[0].bogus\"");
      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type)
          .containsExactly(
              tuple("metadata.colour", "UnknownField"),
              tuple("spec.foo", "UnknownField"),
              tuple("spec.rollout.steps[0].bogus", "UnknownField"));
      assertThat(e.status().has("details")).isFalse();
    }

    @Test
    void aPatchIsRefusedAsInvalidWithThePatchedObject() {
      AdmissionException patch =
          refused(INFERENCE_SERVICES, withUnknownFields()).asPatchRefusal("{\"spec\":{\"foo\":1}}");

      assertThat(patch.code()).isEqualTo(422);
      assertThat(patch.getMessage())
          .isEqualTo(
              " \"\" is invalid: patch: Invalid value: \"{\\\"spec\\\":{\\\"foo\\\":1}}\": strict"
                  + " decoding error: unknown field \"metadata.colour\", unknown field \"spec.foo\","
                  + " unknown field \"spec.rollout.steps[0].bogus\"");
      assertThat(patch.status().at("/details/causes/0/field").asText()).isEqualTo("patch");
      assertThat(patch.status().get("details").has("name")).isFalse();
    }

    @Test
    void warnDropsThemWithAWarningEach() {
      AdmissionResult result =
          INFERENCE_SERVICES.admitCreate(V, withUnknownFields(), FieldValidation.WARN);

      assertThat(result.warnings())
          .containsExactly(
              "unknown field \"metadata.colour\"",
              "unknown field \"spec.foo\"",
              "unknown field \"spec.rollout.steps[0].bogus\"");
      assertThat(result.object()).isEqualTo(inferenceService(SERVICE_SPEC));
    }

    @Test
    void ignoreDropsThemSilently() {
      AdmissionResult result =
          INFERENCE_SERVICES.admitCreate(V, withUnknownFields(), FieldValidation.IGNORE);

      assertThat(result.warnings()).isEmpty();
      assertThat(result.object()).isEqualTo(inferenceService(SERVICE_SPEC));
    }

    @Test
    void theCallersObjectIsLeftAsItWas() {
      ObjectNode request = withUnknownFields();
      INFERENCE_SERVICES.admitCreate(V, request, FieldValidation.IGNORE);
      assertThat(request.at("/spec/foo").asInt()).isEqualTo(1);
    }

    @Test
    void anotherApiVersionIsABadRequest() {
      ObjectNode service = inferenceService(SERVICE_SPEC).put("apiVersion", "drover.io/v1");

      AdmissionException e = refused(INFERENCE_SERVICES, service);

      assertThat(e.code()).isEqualTo(400);
      assertThat(e.getMessage())
          .isEqualTo(
              "the API version in the data (drover.io/v1) does not match the expected API"
                  + " version (drover.io/v1alpha1)");
    }
  }

  @Nested
  class Updates {
    ObjectNode storedRun() {
      return TRAINING_RUNS.admitCreate(V, trainingRun(RUN_SPEC), FieldValidation.STRICT).object();
    }

    @Test
    void aTrainingRunSpecCannotChange() {
      ObjectNode stored = storedRun();
      ObjectNode edited = stored.deepCopy();
      ((ObjectNode) edited.at("/spec/hyperparameters")).put("epochs", "60");

      AdmissionException e =
          catchThrowableOfType(
              AdmissionException.class,
              () ->
                  TRAINING_RUNS.admitUpdate(
                      V, stored, edited, FieldValidation.STRICT, Subresource.MAIN));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple(
                  "spec",
                  "FieldValueInvalid",
                  "Invalid value: spec is immutable: a TrainingRun is a record of one training;"
                      + " create a new TrainingRun to train again"));
    }

    @Test
    void aTrainingRunCanBeRelabelledAndItsStatusWritten() {
      ObjectNode stored = storedRun();
      ObjectNode relabelled = stored.deepCopy();
      ((ObjectNode) relabelled.get("metadata")).putObject("labels").put("team", "growth");
      AdmissionResult labelled =
          TRAINING_RUNS.admitUpdate(
              V, stored, relabelled, FieldValidation.STRICT, Subresource.MAIN);
      assertThat(labelled.object().at("/metadata/labels/team").asText()).isEqualTo("growth");

      ObjectNode withStatus = labelled.object().deepCopy();
      withStatus.putObject("status").put("phase", "Running");
      AdmissionResult status =
          TRAINING_RUNS.admitUpdate(
              V, labelled.object(), withStatus, FieldValidation.STRICT, Subresource.STATUS);
      assertThat(status.object().at("/status/phase").asText()).isEqualTo("Running");
    }

    @Test
    void aModelVersionsIdentityAndArtifactCannotChangeButItsStageCan() {
      ObjectNode stored =
          MODEL_VERSIONS
              .admitCreate(
                  V,
                  DroverFiles.read(
                      DroverFiles.examples().stream()
                          .filter(p -> p.toString().endsWith("imported-modelversion.yaml"))
                          .findFirst()
                          .orElseThrow()),
                  FieldValidation.STRICT)
              .object();

      ObjectNode promoted = stored.deepCopy();
      ((ObjectNode) promoted.get("spec")).put("stage", "Production");
      assertThat(
              MODEL_VERSIONS
                  .admitUpdate(V, stored, promoted, FieldValidation.STRICT, Subresource.MAIN)
                  .object()
                  .at("/spec/stage")
                  .asText())
          .isEqualTo("Production");

      ObjectNode renumbered = stored.deepCopy();
      ((ObjectNode) renumbered.get("spec")).put("version", 2);
      ((ObjectNode) renumbered.at("/spec/artifact")).put("uri", "s3://elsewhere/model");
      AdmissionException e =
          catchThrowableOfType(
              AdmissionException.class,
              () ->
                  MODEL_VERSIONS.admitUpdate(
                      V, stored, renumbered, FieldValidation.STRICT, Subresource.MAIN));
      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::message)
          .containsExactly(
              tuple(
                  "spec",
                  "Invalid value: spec.model and spec.version identify a ModelVersion and cannot"
                      + " change"),
              tuple(
                  "spec",
                  "Invalid value: spec.artifact cannot change: register a new ModelVersion for a"
                      + " new artifact"));
    }

    @Test
    void theMainEndpointKeepsTheStoredStatusAndTheStatusEndpointTheStoredSpec() {
      ObjectNode stored = storedRun();
      stored.putObject("status").put("phase", "Running");

      ObjectNode viaMain = stored.deepCopy();
      ((ObjectNode) viaMain.get("status")).put("phase", "Succeeded");
      assertThat(
              TRAINING_RUNS
                  .admitUpdate(V, stored, viaMain, FieldValidation.STRICT, Subresource.MAIN)
                  .object()
                  .at("/status/phase")
                  .asText())
          .isEqualTo("Running");

      ObjectNode viaStatus = stored.deepCopy();
      ((ObjectNode) viaStatus.get("status")).put("phase", "Succeeded");
      ((ObjectNode) viaStatus.get("spec")).put("model", "another-model");
      ObjectNode admitted =
          TRAINING_RUNS
              .admitUpdate(V, stored, viaStatus, FieldValidation.STRICT, Subresource.STATUS)
              .object();
      assertThat(admitted.at("/status/phase").asText()).isEqualTo("Succeeded");
      assertThat(admitted.at("/spec/model").asText()).isEqualTo("iris-classifier");
    }

    @Test
    void aCreateDropsTheStatus() {
      ObjectNode run = trainingRun(RUN_SPEC);
      run.putObject("status").put("phase", "Succeeded");
      assertThat(TRAINING_RUNS.admitCreate(V, run, FieldValidation.STRICT).object().has("status"))
          .isFalse();
    }

    @Test
    void aStatusWriteIsCheckedAgainstTheStatusSchemaWithStatusRelativeMessages() {
      ObjectNode stored =
          INFERENCE_SERVICES
              .admitCreate(V, inferenceService(SERVICE_SPEC), FieldValidation.STRICT)
              .object();
      ObjectNode status = stored.deepCopy();
      status.putObject("status").putObject("rollout").put("step", "two");

      AdmissionException e =
          catchThrowableOfType(
              AdmissionException.class,
              () ->
                  INFERENCE_SERVICES.admitUpdate(
                      V, stored, status, FieldValidation.STRICT, Subresource.STATUS));

      assertThat(e.causes())
          .extracting(FieldError::field, FieldError::type, FieldError::message)
          .containsExactly(
              tuple(
                  "status.rollout.step",
                  "FieldValueTypeInvalid",
                  "Invalid value: \"string\": rollout.step in body must be of type integer:"
                      + " \"string\""),
              tuple("<nil>", "FieldValueInvalid", RULES_SKIPPED));
    }

    @Test
    void aValueStoredBeforeTheRulesTightenedDoesNotBlockOtherEdits() {
      ObjectNode stored = inferenceService(SERVICE_SPEC);
      ((ObjectNode) stored.at("/spec/scaling")).put("minReplicas", -3);
      ObjectNode edited = stored.deepCopy();
      ((ObjectNode) edited.at("/spec/scaling")).put("maxReplicas", 5);

      AdmissionResult result =
          INFERENCE_SERVICES.admitUpdate(
              V, stored, edited, FieldValidation.STRICT, Subresource.MAIN);
      assertThat(result.object().at("/spec/scaling/maxReplicas").asInt()).isEqualTo(5);

      ObjectNode worse = edited.deepCopy();
      ((ObjectNode) worse.at("/spec/scaling")).put("minReplicas", -4);
      assertThatThrownBy(
              () ->
                  INFERENCE_SERVICES.admitUpdate(
                      V, stored, worse, FieldValidation.STRICT, Subresource.MAIN))
          .isInstanceOf(AdmissionException.class)
          .hasMessageContaining(
              "spec.scaling.minReplicas: Invalid value: -4: spec.scaling.minReplicas in body should"
                  + " be greater than or equal to 0");
    }
  }
}
