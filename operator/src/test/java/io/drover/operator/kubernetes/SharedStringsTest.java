package io.drover.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.operator.api.modelversion.ModelVersion;
import org.junit.jupiter.api.Test;

/** Two objects read from the API share the strings they repeat. */
class SharedStringsTest {

  private static final String VERSION =
      """
      {"apiVersion": "drover.io/v1alpha1", "kind": "ModelVersion",
       "metadata": {"name": "iris-v%d", "namespace": "ml",
                    "labels": {"app.kubernetes.io/managed-by": "drover"}},
       "spec": {"model": "iris", "version": %d, "artifact": {"uri": "%s"}}}
      """;

  private final ObjectMapper mapper = new ObjectMapper().registerModule(SharedStrings.module());

  @Test
  void repeatedStringsAreOneCopy() throws Exception {
    ModelVersion first = read(1, "s3://models/iris/run-1");
    ModelVersion second = read(2, "s3://models/iris/run-2");

    assertThat(second.getMetadata().getNamespace()).isSameAs(first.getMetadata().getNamespace());
    assertThat(second.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))
        .isSameAs(first.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertThat(second.getSpec().model()).isSameAs(first.getSpec().model());
    assertThat(second.getSpec().artifact().uri()).isEqualTo("s3://models/iris/run-2");
  }

  @Test
  void longStringsAreReadAsTheyCome() throws Exception {
    String uri = "s3://models/" + "x".repeat(SharedStrings.LONGEST_SHARED);
    ModelVersion first = read(1, uri);
    ModelVersion second = read(2, uri);

    assertThat(second.getSpec().artifact().uri())
        .isEqualTo(first.getSpec().artifact().uri())
        .isNotSameAs(first.getSpec().artifact().uri());
  }

  private ModelVersion read(int version, String uri) throws Exception {
    return mapper.readValue(VERSION.formatted(version, version, uri), ModelVersion.class);
  }
}
