package io.drover.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinishedJobsTest {

  @Test
  void podsOfAnEarlierJobOfTheSameNameAreNotThisJobs() {
    Job current =
        new JobBuilder()
            .withNewMetadata()
            .withName("v2-compare")
            .withUid("uid-2")
            .endMetadata()
            .build();

    List<Pod> pods =
        FinishedJobs.ownedBy(
            current, List.of(pod("v2-compare-0", "uid-1"), pod("v2-compare-1", "uid-2")));

    assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("v2-compare-1");
  }

  private static Pod pod(String name, String jobUid) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("job-name", "v2-compare")
        .addNewOwnerReference()
        .withKind("Job")
        .withName("v2-compare")
        .withUid(jobUid)
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .build();
  }
}
