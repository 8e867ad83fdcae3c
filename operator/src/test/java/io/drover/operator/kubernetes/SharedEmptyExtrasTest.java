package io.drover.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Objects read from the API without unknown fields share one empty map of them. */
class SharedEmptyExtrasTest {

  private static final String JOB =
      """
      {"apiVersion": "batch/v1", "kind": "Job",
       "metadata": {"name": "train-%d", "namespace": "ml",
                    "ownerReferences": [{"apiVersion": "drover.io/v1alpha1", "kind": "TrainingRun",
                                         "name": "run", "uid": "u-1", "controller": true}]},
       "spec": {"template": {"spec": {"restartPolicy": "Never",
                 "containers": [{"name": "trainer", "image": "drover-trainer:0.1.0",
                                 "env": [{"name": "DROVER_RUN", "value": "run"}]}]}}},
       "status": {"conditions": [{"type": "Complete", "status": "True"}]}}
      """;

  private final ObjectMapper mapper = new ObjectMapper().registerModule(SharedEmptyExtras.module());

  @Test
  void objectsWithoutUnknownFieldsShareOneEmptyMap() throws Exception {
    Job first = mapper.readValue(JOB.formatted(1), Job.class);
    Job second = mapper.readValue(JOB.formatted(2), Job.class);

    Map<String, Object> shared = first.getAdditionalProperties();
    assertThat(shared).isEmpty();
    assertThat(second.getAdditionalProperties()).isSameAs(shared);
    assertThat(first.getMetadata().getAdditionalProperties()).isSameAs(shared);
    assertThat(first.getMetadata().getOwnerReferences().get(0).getAdditionalProperties())
        .isSameAs(shared);
    assertThat(
            second
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .get(0)
                .getAdditionalProperties())
        .isSameAs(shared);
    assertThat(second.getStatus().getConditions().get(0).getAdditionalProperties())
        .isSameAs(shared);
  }

  @Test
  void unknownFieldsAreKeptAndWrittenBack() throws Exception {
    ObjectMeta meta =
        mapper.readValue("{\"name\": \"a\", \"futureField\": {\"x\": 1}}", ObjectMeta.class);

    assertThat(meta.getAdditionalProperties()).containsEntry("futureField", Map.of("x", 1));
    assertThat(mapper.writeValueAsString(meta)).contains("\"futureField\":{\"x\":1}");
  }

  @Test
  void whatIsReadWritesBackTheSameAndCopiesTakeUnknownFieldsAgain() throws Exception {
    Job job = mapper.readValue(JOB.formatted(1), Job.class);
    Job plain = new ObjectMapper().readValue(JOB.formatted(1), Job.class);

    assertThat(mapper.writeValueAsString(job))
        .isEqualTo(new ObjectMapper().writeValueAsString(plain));
    assertThat(job).isEqualTo(plain);
    ObjectMeta copy =
        new ObjectMetaBuilder(job.getMetadata()).addToAdditionalProperties("x", 1).build();
    assertThat(copy.getAdditionalProperties()).containsEntry("x", 1);
  }

  @Test
  void genericResourcesKeepTheirOwnMapForEverything() throws Exception {
    GenericKubernetesResource resource =
        mapper.readValue(
            "{\"apiVersion\": \"v1\", \"kind\": \"Thing\", \"metadata\": {\"name\": \"t\"}}",
            GenericKubernetesResource.class);

    resource.setAdditionalProperty("spec", Map.of("a", 1));
    assertThat(resource.getAdditionalProperties()).containsKey("spec");
  }
}
