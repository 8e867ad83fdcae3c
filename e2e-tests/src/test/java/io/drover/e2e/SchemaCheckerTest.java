package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Crds;
import io.drover.e2e.support.Repo;
import io.drover.e2e.support.SchemaChecker.Violation;
import io.drover.e2e.support.Yamls;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The checker behind {@link ExamplesTest} refuses what the API server would refuse: each case
 * breaks a valid example in one way a user plausibly would.
 */
class SchemaCheckerTest {

  private static Map<String, Object> iris() {
    return Yamls.parseOne(Repo.MANIFESTS.resolve("examples/iris-trainingrun.yaml"));
  }

  private static List<Violation> broken(String example, Consumer<Map<String, Object>> change) {
    Map<String, Object> obj = Yamls.parseOne(Repo.MANIFESTS.resolve("examples/" + example));
    change.accept(obj);
    return Crds.validate(obj);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object obj, String path) {
    return (Map<String, Object>) Yamls.at(obj, path);
  }

  @Test
  void acceptsTheUnchangedExample() {
    assertThat(Crds.validate(iris())).isEmpty();
  }

  @Test
  void refusesAnUnknownEnumValue() {
    List<Violation> v =
        broken(
            "registered-trainingrun.yaml",
            o -> map(o, "spec.registration").put("promotion", "production"));

    assertThat(v)
        .extracting(Violation::toString)
        .containsExactly(
            "TrainingRun.spec.registration.promotion: unsupported value \"production\", must be"
                + " one of [None, Production, Staging]");
  }

  @Test
  void refusesNegativeGpus() {
    List<Violation> v =
        broken("gpu-trainingrun.yaml", o -> map(o, "spec.resources").put("gpus", -1));

    assertThat(v)
        .extracting(Violation::toString)
        .containsExactly("TrainingRun.spec.resources.gpus: should be greater than or equal to 0");
  }

  @Test
  void refusesAMissingRequiredField() {
    List<Violation> v = broken("iris-trainingrun.yaml", o -> map(o, "spec").remove("dataset"));

    assertThat(v)
        .extracting(Violation::toString)
        .containsExactly("TrainingRun.spec.dataset: Required value");
  }

  @Test
  void refusesANumberWhereTheCrdWantsAString() {
    // A classic: unquoted hyperparameters are YAML integers, the CRD holds strings.
    List<Violation> v =
        broken("iris-trainingrun.yaml", o -> map(o, "spec.hyperparameters").put("epochs", 50));

    assertThat(v)
        .extracting(Violation::toString)
        .containsExactly(
            "TrainingRun.spec.hyperparameters.epochs: must be of type string, not integer 50");
  }

  @Test
  void refusesAnUnknownField() {
    List<Violation> v =
        broken(
            "iris-trainingrun.yaml",
            o -> map(o, "spec").put("hyperparameter", Map.of("epochs", "5")));

    assertThat(v)
        .extracting(Violation::toString)
        .containsExactly("TrainingRun.spec.hyperparameter: unknown field \"hyperparameter\"");
  }

  @Test
  void refusesValuesOutsideExclusiveBounds() {
    List<Violation> v =
        broken(
            "registered-trainingrun.yaml",
            o -> map(o, "spec.dataset.validation").put("shiftSignificance", 1.0));

    assertThat(v)
        .extracting(Violation::toString)
        .containsExactly(
            "TrainingRun.spec.dataset.validation.shiftSignificance: should be less than 1");
  }

  @Test
  void refusesWhatTheCrdsCelRulesRefuseWithTheirMessages() {
    assertThat(
            broken(
                "gpu-trainingrun.yaml",
                o -> map(o, "spec.limits").put("pendingTimeout", "15 minutes")))
        .extracting(Violation::toString)
        .containsExactly(
            "TrainingRun.spec.limits.pendingTimeout: must be a duration such as 30s, 15m, 2h or 1h30m");
    assertThat(
            broken(
                "iris-trainingrun.yaml",
                o -> map(o, "spec.dataset").put("uri", "datasets/iris.csv")))
        .extracting(Violation::message)
        .containsExactly(
            "must be pvc://<claim>/<path>, s3://<bucket>/<key>, gs://<bucket>/<key>, http(s)://... or"
                + " an absolute path");
    assertThat(broken("canary-inferenceservice.yaml", o -> map(o, "spec.rollout").remove("steps")))
        .extracting(Violation::path)
        .containsExactly("InferenceService.spec.rollout");
    assertThat(broken("canary-inferenceservice.yaml", o -> map(o, "spec.model").put("version", 3)))
        .as("pinned and tracking at once")
        .extracting(Violation::path)
        .containsExactly("InferenceService.spec.model");
  }

  @Test
  void refusesAWrongApiVersionAndAnInvalidName() {
    Map<String, Object> obj = iris();
    obj.put("apiVersion", "drover.io/v1");
    map(obj, "metadata").put("name", "Iris_Run");

    assertThat(Crds.validate(obj))
        .extracting(Violation::path)
        .containsExactlyInAnyOrder("apiVersion", "metadata.name");
  }
}
