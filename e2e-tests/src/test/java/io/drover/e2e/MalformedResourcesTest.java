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
