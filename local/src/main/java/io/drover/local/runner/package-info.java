/**
 * The local runner: {@link io.drover.local.runner.LocalRunner} plays the Job controller, the
 * Deployment controller, kube-proxy and the kubelet of a one-node cluster, running the containers
 * of Drover's own images ({@link io.drover.local.runner.RunnableImage}) as local JVM processes.
 *
 * <h2>Faithful where the operator or a user can tell</h2>
 *
 * Pod, Job and Deployment status, conditions, reasons and messages are those Kubernetes 1.31
 * writes; Events are those {@code kubectl describe} shows (Scheduled, FailedScheduling, Pulled,
 * Created, Started, Killing, BackOff, Unhealthy, Failed, FailedMount; SuccessfulCreate,
 * SuccessfulDelete, Completed, BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, Suspended,
 * Resumed; ScalingReplicaSet).
 *
 * <h2>Where local mode differs</h2>
 *
 * <ul>
 *   <li>Deployments: one pod (one process) stands for all replicas; {@code readyReplicas} and
 *       {@code availableReplicas} read {@code spec.replicas} when it is ready, and during a rollout
 *       both pods count ({@code replicas} reads twice the spec). There are no ReplicaSet objects:
 *       pods are owned by the Deployment, and {@code pod-template-hash} is a stable hash of the
 *       template but not the value a cluster would compute. maxSurge is not used.
 *   <li>Jobs: no {@code batch.kubernetes.io/job-tracking} finalizer, so counts are those of the
 *       pods that exist (a deleted failed pod is forgotten); {@code spec.selector} is not filled
 *       in; the TTL deletes a finished Job in the background, not the foreground.
 *   <li>Pods: {@code spec.nodeName} is not set (the node is {@code drover-local}, hostIP
 *       127.0.0.1); init containers, ephemeral containers, {@code spec.activeDeadlineSeconds},
 *       readiness gates, node selectors, affinity and taints are not evaluated; CPU and memory
 *       limits only size the JVM ({@code -XX:MaxRAM}, {@code -XX:ActiveProcessorCount}) and are not
 *       enforced; there is no OOMKilled.
 *   <li>Containers run only as their image's entry point ({@code java -jar}); a {@code command}
 *       override cannot run (CreateContainerConfigError; a Job's pod fails). The process starts
 *       with the container's environment and a few host variables it needs ({@code PATH}, {@code
 *       HOME}, {@code JAVA_HOME}, {@code DJL_CACHE_DIR} …), in a per-container folder.
 *   <li>Paths: a container's own filesystem does not exist; only env values and args that start
 *       with a mount path are rewritten to the host folder (configuration read from files inside
 *       the image is not), and host paths in termination messages are mapped back. Read-only mounts
 *       are not enforced; ConfigMap and Secret volumes are written once at pod start; projected
 *       serviceAccountToken and downwardAPI sources are left out (pods get {@code KUBECONFIG}
 *       instead).
 *   <li>Probes: exec probes run only in the forms {@code test -e|-f|-d <path>} and {@code cat
 *       <path>} (also under {@code sh -c}), on the mapped path; any other command never passes (an
 *       Event says why); HTTPS and gRPC probes are not run.
 *   <li>Names: hosts files stand for cluster DNS — {@code <svc>.<ns>.svc[.cluster.local]} and
 *       {@code <svc>.<ns>} everywhere, the bare {@code <svc>} within its namespace (each pod gets
 *       its namespace's file); pod hostnames and SRV records do not resolve.
 *   <li>Services: each gets a 127.1.x.y address and each pod a 127.2.x.y address; TCP only; no node
 *       ports or load balancers; ports below 1024 need the runner to run as root (an Event says so
 *       otherwise); selector-less Services are not forwarded; a headless Service resolves to its
 *       first ready pod; no EndpointSlices; no service environment variables.
 *   <li>Scheduling: extended resources (GPUs) are the only constraint; {@code fakeGpus} units of
 *       each are advertised and pods holding them run on the CPU.
 * </ul>
 */
package io.drover.local.runner;
