package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.drover.e2e.support.Crds;
import io.drover.e2e.support.Repo;
import io.drover.e2e.support.Yamls;
import io.drover.local.api.admission.AdmissionException;
import io.drover.local.api.admission.FieldError;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What a user plausibly gets wrong in an example is refused as kube-apiserver refuses it: each case
 * breaks a valid example in one way and expects the field path and message a real cluster answers
 * {@code kubectl apply} with (local mode's admission, a port of kube-apiserver's).
 */
class MalformedResourcesTest {
  /**
   * kube-apiserver adds this cause when a type, enum or required error keeps CEL rules from
   * running.
   */
  private static final String RULES_SKIPPED =
      "Invalid value: null: some validation rules were not checked because the object was"
          + " invalid; correct the existing errors to complete validation";

  private static AdmissionException refused(String example, Consumer<Map<String, Object>> change) {
    Map<String, Object> obj = Yamls.parseOne(Repo.MANIFESTS.resolve("examples/" + example));
    change.accept(obj);
    AdmissionException refusal =
        catchThrowableOfType(AdmissionException.class, () -> Crds.admit(obj));
    assertThat(refusal).as("%s, changed, is refused", example).isNotNull();
    return refusal;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object obj, String path) {
    return (Map<String, Object>) Yamls.at(obj, path);
  }

  @Test
  void admitsTheUnchangedExample() {
    Map<String, Object> iris =
        Yamls.parseOne(Repo.MANIFESTS.resolve("examples/iris-trainingrun.yaml"));

    assertThat(Crds.admit(iris).warnings()).isEmpty();
  }

  @Test
  void refusesAnUnknownEnumValue() {
    AdmissionException e =
        refused(
            "registered-trainingrun.yaml",
            o -> map(o, "spec.registration").put("promotion", "production"));

    assertThat(e.code()).isEqualTo(422);
    assertThat(e.causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.registration.promotion",
                "Unsupported value: \"production\": supported values: \"None\", \"Production\","
                    + " \"Staging\""),
            tuple("<nil>", RULES_SKIPPED));
  }

  @Test
  void refusesNegativeGpus() {
    AdmissionException e =
        refused("gpu-trainingrun.yaml", o -> map(o, "spec.resources").put("gpus", -1));

    assertThat(e.causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.resources.gpus",
                "Invalid value: -1: spec.resources.gpus in body should be greater than or equal"
                    + " to 0"));
    assertThat(e.getMessage())
        .as("what kubectl prints after 'Error from server (Invalid):'")
        .isEqualTo(
            "TrainingRun.drover.io \"churn-gpu\" is invalid: spec.resources.gpus: Invalid"
                + " value: -1: spec.resources.gpus in body should be greater than or equal to 0");
  }

  @Test
  void refusesAMissingRequiredField() {
    AdmissionException e = refused("iris-trainingrun.yaml", o -> map(o, "spec").remove("dataset"));

    assertThat(e.causes())
        .extracting(FieldError::field, FieldError::type, FieldError::message)
        .containsExactly(
            tuple("spec.dataset", "FieldValueRequired", "Required value"),
            tuple("<nil>", "FieldValueInvalid", RULES_SKIPPED));
  }

  @Test
  void refusesANumberWhereTheCrdWantsAString() {
    // A classic: unquoted hyperparameters are YAML integers, the CRD holds strings.
    AdmissionException e =
        refused("iris-trainingrun.yaml", o -> map(o, "spec.hyperparameters").put("epochs", 50));

    assertThat(e.causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.hyperparameters.epochs",
                "Invalid value: \"integer\": spec.hyperparameters.epochs in body must be of type"
                    + " string: \"integer\""),
            tuple("<nil>", RULES_SKIPPED));
  }

  @Test
  void refusesAnUnknownFieldUnderStrictFieldValidation() {
    AdmissionException e =
        refused(
            "iris-trainingrun.yaml",
            o -> map(o, "spec").put("hyperparameter", Map.of("epochs", "5")));

    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage())
        .isEqualTo(
            "TrainingRun in version \"v1alpha1\" cannot be handled as a TrainingRun: strict"
                + " decoding error: unknown field \"spec.hyperparameter\"");
  }

  @Test
  void refusesValuesOutsideExclusiveBounds() {
    AdmissionException e =
        refused(
            "registered-trainingrun.yaml",
            o -> map(o, "spec.dataset.validation").put("shiftSignificance", 1.0));

    assertThat(e.causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.dataset.validation.shiftSignificance",
                "Invalid value: 1: spec.dataset.validation.shiftSignificance in body should be"
                    + " less than 1"));
  }

  @Test
  void refusesWhatTheCrdsCelRulesRefuseWithTheirMessages() {
    // kube-apiserver (1.31+) shows a refused scalar's value and omits an object's.
    assertThat(
            refused(
                    "gpu-trainingrun.yaml",
                    o -> map(o, "spec.limits").put("pendingTimeout", "15 minutes"))
                .causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.limits.pendingTimeout",
                "Invalid value: \"15 minutes\": must be a duration such as 30s, 15m, 2h or 1h30m"));
    assertThat(
            refused(
                    "iris-trainingrun.yaml",
                    o -> map(o, "spec.dataset").put("uri", "datasets/iris.csv"))
                .causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.dataset.uri",
                "Invalid value: \"datasets/iris.csv\": must be pvc://<claim>/<path>, s3://<bucket>/<key>,"
                    + " gs://<bucket>/<key>, http(s)://... or an absolute path"));
    assertThat(
            refused("canary-inferenceservice.yaml", o -> map(o, "spec.rollout").remove("steps"))
                .causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.rollout",
                "Invalid value: rollout.steps is required for the Canary strategy"));
    assertThat(
            refused("canary-inferenceservice.yaml", o -> map(o, "spec.model").put("version", 3))
                .causes())
        .as("pinned and tracking at once")
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.model",
                "Invalid value: set exactly one of model.version (pin a version) or"
                    + " model.stage (track a stage)"));
  }

  @Test
  void refusesAnApiVersionTheEndpointDoesNotServe() {
    AdmissionException e =
        refused("iris-trainingrun.yaml", o -> o.put("apiVersion", "drover.io/v1"));

    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage())
        .isEqualTo(
            "the API version in the data (drover.io/v1) does not match the expected API version"
                + " (drover.io/v1alpha1)");
  }

  @Test
  void refusesAnInvalidName() {
    AdmissionException e =
        refused("iris-trainingrun.yaml", o -> map(o, "metadata").put("name", "Iris_Run"));

    assertThat(e.causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "metadata.name",
                "Invalid value: \"Iris_Run\": a lowercase RFC 1123 subdomain must consist of"
                    + " lower case alphanumeric characters, '-' or '.', and must start and end"
                    + " with an alphanumeric character (e.g. 'example.com', regex used for"
                    + " validation is"
                    + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
  }
}
