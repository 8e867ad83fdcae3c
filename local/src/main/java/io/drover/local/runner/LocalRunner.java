package io.drover.local.runner;

import io.drover.local.runner.deployments.DeploymentController;
import io.drover.local.runner.events.EventRecorder;
import io.drover.local.runner.jobs.JobController;
import io.drover.local.runner.kubelet.Kubelet;
import io.drover.local.runner.network.HostsFile;
import io.drover.local.runner.network.ServiceProxy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's moving parts for local mode: the local API has no controllers, so the runner plays
 * the Job controller, the Deployment controller, kube-proxy (Services) and the kubelet, running the
 * containers of Drover's own images as local JVM processes and writing their state back into Pod,
 * Job and Deployment status — so the Drover operator runs unchanged. It talks to the API only
 * through the given client.
 *
 * <pre>{@code
 * try (LocalRunner runner = new LocalRunner(client, RunnerOptions.of(home, kubeconfig, images))) {
 *   runner.start(); // returns once its informers have synced
 *   ...
 * } // stops every process it started
 * }</pre>
 */
public final class LocalRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);
  private static final long SYNC_TIMEOUT_SECONDS = 60;

  private final KubernetesClient client;
  private final RunnerOptions options;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private EventRecorder events;
  private JobController jobs;
  private DeploymentController deployments;
  private Kubelet kubelet;
  private ServiceProxy proxy;
  private Thread shutdownHook;
  private boolean started;
  private boolean closed;

  public LocalRunner(KubernetesClient client, RunnerOptions options) {
    if (client == null) {
      throw new IllegalArgumentException("LocalRunner needs a KubernetesClient for the local API");
    }
    if (options == null) {
      throw new IllegalArgumentException("LocalRunner needs RunnerOptions");
    }
    this.client = client;
    this.options = options;
  }

  /**
   * Starts informers on Jobs, Deployments, Pods and Services in all namespaces and the controllers
   * behind them; returns once the informers have synced.
   *
   * @throws IllegalStateException when the API cannot be listed within a minute
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("LocalRunner.start() was already called");
    }
    started = true;
    try {
      Files.createDirectories(options.home().resolve("runner"));
      Files.createDirectories(options.home().resolve("volumes"));
      Files.createDirectories(options.home().resolve("logs"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the local-mode home " + options.home(), e);
    }
    HostsFile hosts = new HostsFile(options.hostsFile(), options.home().resolve("runner/hosts"));
    hosts.write();

    SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
    SharedIndexInformer<Job> jobInformer =
        client.batch().v1().jobs().inAnyNamespace().runnableInformer(0);
    SharedIndexInformer<Deployment> deploymentInformer =
        client.apps().deployments().inAnyNamespace().runnableInformer(0);
    SharedIndexInformer<Service> services = client.services().inAnyNamespace().runnableInformer(0);
    informers.addAll(List.of(pods, jobInformer, deploymentInformer, services));

    events = new EventRecorder(client);
    jobs = new JobController(client, jobInformer.getIndexer(), events, options.jobBackoff());
    deployments = new DeploymentController(client, deploymentInformer.getIndexer(), events);
    kubelet = new Kubelet(client, options, pods.getIndexer(), events, hosts);
    proxy =
        new ServiceProxy(
            client, services.getIndexer(), pods.getIndexer(), options.home(), hosts, events);

    pods.addEventHandler(
        handler(
            pod -> {
              kubelet.podChanged(pod);
              jobs.podChanged(pod);
              deployments.podChanged(pod);
              proxy.podChanged(pod);
            }));
    jobInformer.addEventHandler(handler(jobs::jobChanged));
    deploymentInformer.addEventHandler(handler(deployments::deploymentChanged));
    services.addEventHandler(handler(proxy::serviceChanged));

    try {
      for (SharedIndexInformer<?> informer : informers) {
        informer.start().toCompletableFuture().get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new IllegalStateException(
          "the local runner could not list Pods, Jobs, Deployments and Services from the API at "
              + client.getConfiguration().getMasterUrl()
              + " within "
              + SYNC_TIMEOUT_SECONDS
              + " s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while the local runner's informers synced", e);
    }
    kubelet.start();
    jobs.start();
    deployments.start();
    proxy.start();
    shutdownHook = new Thread(this::close, "local-runner-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    LOG.info(
        "local runner started: home {}, {} runnable images, {} fake GPUs",
        options.home(),
        options.images().size(),
        options.fakeGpus());
  }

  /**
   * Stops every process the runner started (SIGTERM, then SIGKILL after the pod's grace period),
   * the informers and the Service listeners. The API objects are left as they are.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    informers.forEach(SharedIndexInformer::stop);
    for (AutoCloseable part : new AutoCloseable[] {jobs, deployments, proxy, kubelet, events}) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
  }

  /** Every add, update and delete of an object reaches the controller as "look at it again". */
  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        changed.accept(object);
      }

      @Override
      public void onUpdate(T before, T after) {
        changed.accept(after);
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        changed.accept(object);
      }
    };
  }
}
