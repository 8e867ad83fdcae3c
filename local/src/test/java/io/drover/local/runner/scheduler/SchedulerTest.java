package io.drover.local.runner.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  static Pod pod(String uid, String resource, String amount, boolean asLimitOnly) {
    var container =
        new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("c").withNewResources();
    container =
        asLimitOnly
            ? container.addToLimits(resource, new Quantity(amount))
            : container.addToRequests(resource, new Quantity(amount));
    return new PodBuilder()
        .withNewMetadata()
        .withUid(uid)
        .endMetadata()
        .withNewSpec()
        .addToContainers(container.endResources().build())
        .endSpec()
        .build();
  }

  @Test
  void extendedResourcesFitWithinTheFakeCapacityAndAreFreedAgain() {
    Scheduler scheduler = new Scheduler(2);
    assertThat(scheduler.schedule(pod("a", "nvidia.com/gpu", "1", true)))
        .isInstanceOf(Scheduler.Bound.class);
    assertThat(scheduler.schedule(pod("b", "nvidia.com/gpu", "1", false)))
        .isInstanceOf(Scheduler.Bound.class);
    Scheduler.Decision third = scheduler.schedule(pod("c", "nvidia.com/gpu", "1", true));
    assertThat(third)
        .isEqualTo(
            new Scheduler.Unschedulable(
                "0/1 nodes are available: 1 Insufficient nvidia.com/gpu."
                    + " preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."));
    scheduler.release("a");
    assertThat(scheduler.schedule(pod("c", "nvidia.com/gpu", "1", true)))
        .isInstanceOf(Scheduler.Bound.class);
  }

  @Test
  void cpuAndMemoryAlwaysFit() {
    Scheduler scheduler = new Scheduler(0);
    assertThat(scheduler.schedule(pod("a", "cpu", "64", false)))
        .isInstanceOf(Scheduler.Bound.class);
    assertThat(scheduler.schedule(pod("b", "memory", "1Ti", false)))
        .isInstanceOf(Scheduler.Bound.class);
    assertThat(scheduler.schedule(pod("c", "amd.com/gpu", "1", false)))
        .isInstanceOf(Scheduler.Unschedulable.class);
  }
}
