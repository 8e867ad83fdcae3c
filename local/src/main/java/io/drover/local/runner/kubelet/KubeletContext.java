package io.drover.local.runner.kubelet;

import io.drover.local.runner.RunnerOptions;
import io.drover.local.runner.events.EventRecorder;
import io.drover.local.runner.network.HostsFile;
import io.drover.local.runner.network.PodAddresses;
import io.drover.local.runner.scheduler.Scheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** What every pod worker shares: the API, the options, the node's resources and timers. */
record KubeletContext(
    KubernetesClient client,
    RunnerOptions options,
    EventRecorder events,
    Scheduler scheduler,
    PodAddresses addresses,
    ScheduledExecutorService timers,
    Path pidDir,
    HostsFile hosts,
    Requeue requeue) {

  /** Asks the kubelet to look at a pod again, now or after a delay. */
  interface Requeue {
    void after(String podKey, Duration delay);
  }
}
