package io.drover.local.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the local runner plays the cluster.
 *
 * @param home the local-mode home: {@code hosts}, {@code volumes/}, {@code logs/} and the runner's
 *     own state ({@code runner/}) live there
 * @param kubeconfigForPods the kubeconfig pods get as {@code KUBECONFIG} (standing for their
 *     service-account token); it need not exist yet when the runner starts
 * @param images the images that can run; a container with any other image does not start
 * @param fakeGpus how many units of each extended resource (such as {@code nvidia.com/gpu}) the one
 *     node advertises; pods holding them run on the CPU
 * @param java the {@code java} launcher pods run with
 * @param jobBackoff the Job controller's first delay before replacing a failed pod, doubled per
 *     failure (Kubernetes: 10 s, at most 10 min)
 * @param restartBackoff the kubelet's first delay before restarting a crashed container, doubled
 *     per crash (Kubernetes: 10 s, at most 5 min)
 */
public record RunnerOptions(
    Path home,
    Path kubeconfigForPods,
    List<RunnableImage> images,
    int fakeGpus,
    Path java,
    Duration jobBackoff,
    Duration restartBackoff) {

  /** The pod back-off both Kubernetes controllers start from. */
  public static final Duration KUBERNETES_BACKOFF = Duration.ofSeconds(10);

  public RunnerOptions {
    if (home == null) {
      throw new IllegalArgumentException("RunnerOptions.home is required: the local-mode home");
    }
    if (kubeconfigForPods == null) {
      throw new IllegalArgumentException(
          "RunnerOptions.kubeconfigForPods is required: the kubeconfig pods reach the API with");
    }
    if (images == null) {
      throw new IllegalArgumentException(
          "RunnerOptions.images is required: the images the runner can run (may be empty)");
    }
    if (fakeGpus < 0) {
      throw new IllegalArgumentException(
          "RunnerOptions.fakeGpus must be 0 or more, got " + fakeGpus);
    }
    if (java == null) {
      throw new IllegalArgumentException("RunnerOptions.java is required: the java launcher");
    }
    requirePositive("jobBackoff", jobBackoff);
    requirePositive("restartBackoff", restartBackoff);
    home = home.toAbsolutePath().normalize();
    kubeconfigForPods = kubeconfigForPods.toAbsolutePath().normalize();
    images = List.copyOf(images);
  }

  /** No fake GPUs, this JVM's launcher and Kubernetes' back-off delays. */
  public static RunnerOptions of(Path home, Path kubeconfigForPods, List<RunnableImage> images) {
    return new RunnerOptions(
        home,
        kubeconfigForPods,
        images,
        0,
        Path.of(System.getProperty("java.home"), "bin", "java"),
        KUBERNETES_BACKOFF,
        KUBERNETES_BACKOFF);
  }

  public RunnerOptions withFakeGpus(int gpus) {
    return new RunnerOptions(
        home, kubeconfigForPods, images, gpus, java, jobBackoff, restartBackoff);
  }

  public RunnerOptions withBackoff(Duration job, Duration restart) {
    return new RunnerOptions(home, kubeconfigForPods, images, fakeGpus, java, job, restart);
  }

  /**
   * The home's hosts file: every Service's qualified names. Pods resolve with their namespace's
   * file ({@code runner/hosts/<ns>}), which adds the short names of that namespace's Services.
   */
  public Path hostsFile() {
    return home.resolve("hosts");
  }

  private static void requirePositive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "RunnerOptions." + field + " must be a positive duration, got " + value);
    }
  }
}
