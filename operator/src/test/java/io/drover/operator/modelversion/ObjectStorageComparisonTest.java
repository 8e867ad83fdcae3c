package io.drover.operator.modelversion;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.config.FixedStorageConfig;
import io.drover.operator.config.FixedStorageConfig.FixedCache;
import io.drover.operator.kubernetes.ObjectStorageAccess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The comparison Job evaluates bundles in object storage and checks their registered digests. */
class ObjectStorageComparisonTest {

  static final String CANDIDATE_DIGEST = "sha256:" + "aa".repeat(32);
  static final String PRODUCTION_DIGEST = "sha256:" + "bb".repeat(32);

  final ComparisonJobBuilder builder =
      new ComparisonJobBuilder(
          "drover/trainer:test",
          1000,
          new ObjectStorageAccess(
              new FixedStorageConfig(
                  Optional.of("s3-keys"),
                  Optional.empty(),
                  false,
                  Optional.of("us-west-2"),
                  new FixedCache(Optional.empty(), Optional.empty(), "4Gi"))));

  @Test
  void eachEvaluatorReadsItsBundleAndTheCandidatesTestSplitFromTheBucket() {
    var containers =
        builder
            .build(
                version("iris-v2", "s3://models/iris/run-2", CANDIDATE_DIGEST),
                version("iris-v1", "s3://models/iris/run-1", PRODUCTION_DIGEST))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers();
    Map<String, EnvVar> candidate = env(containers.get(0));
    Map<String, EnvVar> production = env(containers.get(1));

    assertThat(candidate.get("DROVER_BUNDLE_URI").getValue()).isEqualTo("s3://models/iris/run-2");
    assertThat(candidate.get("DROVER_DATASET_URI").getValue())
        .isEqualTo("s3://models/iris/run-2/test.csv");
    assertThat(candidate.get("DROVER_BUNDLE_DIGEST").getValue()).isEqualTo(CANDIDATE_DIGEST);
    assertThat(production.get("DROVER_BUNDLE_URI").getValue()).isEqualTo("s3://models/iris/run-1");
    assertThat(production.get("DROVER_DATASET_URI").getValue())
        .isEqualTo("s3://models/iris/run-2/test.csv");
    assertThat(production.get("DROVER_BUNDLE_DIGEST").getValue()).isEqualTo(PRODUCTION_DIGEST);
    for (Map<String, EnvVar> env : java.util.List.of(candidate, production)) {
      assertThat(env.get("AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("s3-keys");
      assertThat(env.get("AWS_REGION").getValue()).isEqualTo("us-west-2");
    }
  }

  @Test
  void eachEvaluatorUsesItsOwnVersionsSecretOverTheOperators() {
    var containers =
        builder
            .build(
                version("iris-v2", "s3://models/iris/run-2", CANDIDATE_DIGEST, "team-s3"),
                version("iris-v1", "s3://models/iris/run-1", PRODUCTION_DIGEST))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers();
    Map<String, EnvVar> candidate = env(containers.get(0));
    Map<String, EnvVar> production = env(containers.get(1));

    assertThat(candidate.get("AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("team-s3");
    assertThat(candidate.get("DROVER_S3_CREDENTIALS_SECRET").getValue()).isEqualTo("team-s3");
    assertThat(production.get("AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("s3-keys");
    assertThat(production.get("DROVER_S3_CREDENTIALS_SECRET").getValue()).isEqualTo("s3-keys");
  }

  private static ModelVersion version(String name, String uri, String digest) {
    return version(name, uri, digest, null);
  }

  private static ModelVersion version(String name, String uri, String digest, String secret) {
    return Serialization.unmarshal(
        """
        apiVersion: drover.io/v1alpha1
        kind: ModelVersion
        metadata: {name: %s, namespace: ml, uid: %s-uid}
        spec:
          model: iris
          version: 1
          artifact: {uri: "%s", format: DroverMlp, digest: "%s"}
        %s
        """
            .formatted(
                name,
                name,
                uri,
                digest,
                secret == null ? "" : "  storage: {secretName: " + secret + "}"),
        ModelVersion.class);
  }

  private static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }
}
