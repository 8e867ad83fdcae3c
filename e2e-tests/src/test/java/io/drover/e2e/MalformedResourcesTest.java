package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Crds;
import io.drover.e2e.support.Defect;
import io.drover.e2e.support.Yamls;
import io.drover.local.api.admission.AdmissionException;
import io.drover.local.api.admission.AdmissionResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A corpus of malformed resources, one defect each, admitted through the committed CRDs as
 * kube-apiserver admits them ({@link Crds}): each must be refused with a cause that names the field
 * and says what is wrong or what to write instead. The bases themselves are accepted, so every
 * refusal is the defect's.
 */
class MalformedResourcesTest {

  static Stream<Defect> defects() {
    return MalformedResourceCorpus.all().stream();
  }

  @ParameterizedTest(name = "{0} is accepted")
  @ValueSource(strings = {"TrainingRun", "ModelVersion", "InferenceService"})
  void baseIsAcceptedWithoutWarnings(String kind) {
    AdmissionResult admitted = Crds.admit(base(kind));

    assertThat(admitted.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void defectIsRefusedNamingTheField(Defect defect) {
    Map<String, Object> broken = defect.applyTo(base(defect.kind()));

    AdmissionException refusal = refusalOf(broken, defect);

    assertThat(refusal.causes())
        .as("causes of the refusal of %s", defect)
        .anySatisfy(
            cause -> {
              assertThat(cause.field()).isEqualTo(defect.field());
              assertThat(cause.message().toLowerCase(Locale.ROOT))
                  .contains(defect.hint().toLowerCase(Locale.ROOT));
            });
  }

  /** Values at the edge of what the rules allow, so that no rule refuses more than it should. */
  static Stream<Defect.Edit> edgeValues() {
    return Stream.of(
        new Defect.Edit("spec.limits.activeDeadline", "1h30m"),
        new Defect.Edit("spec.limits.activeDeadline", "1.5h"),
        new Defect.Edit("spec.limits.activeDeadline", "500ms"),
        new Defect.Edit("spec.limits.activeDeadline", "8760h"),
        new Defect.Edit("spec.resources.cpu", "0.5"),
        new Defect.Edit("spec.resources.cpu", 0),
        new Defect.Edit("spec.resources.memory", "1e9"),
        new Defect.Edit("spec.resources.memory", "+128974848"),
        new Defect.Edit("spec.resources.gpus", 64),
        new Defect.Edit("spec.dataset.uri", "pvc://datasets.team-a/iris..v2/iris.csv"),
        new Defect.Edit("spec.dataset.uri", "https://example.com/data/iris.csv?v=2"),
        new Defect.Edit("spec.dataset.uri", "gs://ml-data/iris.csv"),
        new Defect.Edit("spec.model", "m".repeat(63)),
        new Defect.Edit("spec.priorityClassName", "batch.high-priority"),
        new Defect.Edit(
            "spec.nodeSelector", Map.of("node.kubernetes.io/instance-type", "p4d.24xlarge")),
        new Defect.Edit("spec.search.parameters[1].values", List.of("-1", "0", "128")),
        new Defect.Edit("spec.registration.policy.minimums", Map.of("accuracy", 1, "f1", 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edgeValues")
  void edgeValueIsAccepted(Defect.Edit edit) {
    Defect edited = new Defect("TrainingRun", "edge", List.of(edit), "", "");

    assertThat(Crds.admit(edited.applyTo(base("TrainingRun"))).warnings()).isEmpty();
  }

  @ParameterizedTest(name = "schedule {0}")
  @ValueSource(
      strings = {"*/15 0-6 1,15 JAN-MAR MON-FRI", "@daily", "0 0 31 12 7", "5,35 */2 * * *"})
  void cronScheduleInRangeIsAccepted(String schedule) {
    Defect edited =
        new Defect(
            "InferenceService",
            "edge",
            List.of(new Defect.Edit("spec.retraining.triggers.schedule", schedule)),
            "",
            "");

    assertThat(Crds.admit(edited.applyTo(base("InferenceService"))).warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"TrainingRun", "ModelVersion", "InferenceService"})
  void aSecretNameIsAcceptedInEveryKindsStorage(String kind) {
    for (String name : List.of("team-s3", "s3.credentials", "a")) {
      Defect edited =
          new Defect(
              kind, "edge", List.of(new Defect.Edit("spec.storage.secretName", name)), "", "");

      assertThat(Crds.admit(edited.applyTo(base(kind))).warnings()).as(name).isEmpty();
    }
  }

  @ParameterizedTest(name = "feedback data set {0}")
  @ValueSource(strings = {"s3://feedback/iris", "s3://feedback", "pvc://feedback/iris"})
  void aFeedbackDataSetOnAVolumeOrInABucketIsAccepted(String location) {
    Defect edited =
        new Defect(
            "InferenceService",
            "edge",
            List.of(new Defect.Edit("spec.monitoring.feedbackDataset", location)),
            "",
            "");

    assertThat(Crds.admit(edited.applyTo(base("InferenceService"))).warnings()).isEmpty();
  }

  @Test
  void corpusCoversEveryKindWithOneDefectEach() {
    List<Defect> all = MalformedResourceCorpus.all();

    assertThat(all)
        .extracting(Defect::kind)
        .contains("TrainingRun", "ModelVersion", "InferenceService");
    assertThat(all).extracting(Defect::toString).doesNotHaveDuplicates();
    assertThat(all).hasSizeGreaterThanOrEqualTo(150);
  }

  private static AdmissionException refusalOf(Map<String, Object> broken, Defect defect) {
    try {
      AdmissionResult admitted = Crds.admit(broken);
      throw new AssertionError(
          defect
              + " was accepted"
              + (admitted.warnings().isEmpty() ? "" : ", warnings " + admitted.warnings()));
    } catch (AdmissionException refused) {
      return refused;
    }
  }

  private static Map<String, Object> base(String kind) {
    String resource = "/corpus/" + kind.toLowerCase(Locale.ROOT) + ".yaml";
    try (InputStream in = MalformedResourcesTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      return Yamls.parseAll(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
