package io.drover.local.runner.kubelet;

import io.drover.local.runner.RunnableImage;
import io.drover.local.runner.RunnerOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process that stands for a container: the image's own entry point, {@code java [jvmArgs] -jar
 * <jar> [args]}, with the container's environment. The JVM is sized as a container's would be (its
 * memory and CPU limits become {@code -XX:MaxRAM} and {@code -XX:ActiveProcessorCount}), resolves
 * names with the runner's hosts file, and is told host paths wherever the spec names a mounted one.
 */
record ContainerLaunch(List<String> command, Map<String, String> environment, Path workingDir) {

  /** Variables a process needs from this machine to run at all; nothing else is inherited. */
  static final List<String> INHERITED =
      List.of(
          "PATH",
          "HOME",
          "USER",
          "LANG",
          "LC_ALL",
          "TZ",
          "JAVA_HOME",
          "TMPDIR",
          "DJL_CACHE_DIR",
          "PYTORCH_LIBRARY_PATH",
          "PYTORCH_VERSION",
          "PYTORCH_FLAVOR",
          "LD_LIBRARY_PATH");

  /** The variable Drover's trainer writes its result to; the other images ignore it. */
  static final String TERMINATION_LOG = "DROVER_TERMINATION_LOG";

  static ContainerLaunch of(
      RunnerOptions options,
      RunnableImage image,
      Pod pod,
      Container container,
      String podIp,
      boolean serviceAccount,
      Map<String, String> specEnvironment,
      MountTable mounts,
      Path terminationLog,
      Path hostsFile,
      Path ownDir)
      throws ConfigFailure {
    if (container.getCommand() != null && !container.getCommand().isEmpty()) {
      throw new ConfigFailure(
          "container \""
              + container.getName()
              + "\" sets command "
              + container.getCommand()
              + ": local mode runs an image only through its own entry point (java -jar "
              + image.jar().getFileName()
              + "); pass options as args or env instead",
          true);
    }
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> machine = System.getenv();
    for (String name : INHERITED) {
      if (machine.containsKey(name)) {
        env.put(name, machine.get(name));
      }
    }
    env.put(
        "HOSTNAME",
        pod.getSpec().getHostname() != null
            ? pod.getSpec().getHostname()
            : pod.getMetadata().getName());
    if (serviceAccount) {
      env.put("KUBECONFIG", options.kubeconfigForPods().toString());
      env.put("KUBERNETES_NAMESPACE", pod.getMetadata().getNamespace());
    }
    if (image.quarkus()) {
      env.put("QUARKUS_HTTP_PORT", String.valueOf(firstPort(container)));
    }
    env.put(TERMINATION_LOG, terminationLog.toString());
    specEnvironment.forEach((name, value) -> env.put(name, mounts.toHost(value)));
    if (image.quarkus()) {
      // In a pod, 0.0.0.0 means the pod's own interfaces: here that is the pod's address.
      env.put("QUARKUS_HTTP_HOST", podIp);
    }

    List<String> command = new ArrayList<>();
    command.add(options.java().toString());
    limits(container, "memory")
        .ifPresent(
            bytes ->
                command.add(
                    "-XX:MaxRAM=" + bytes.setScale(0, RoundingMode.CEILING).toPlainString()));
    limits(container, "cpu")
        .ifPresent(
            cpus ->
                command.add(
                    "-XX:ActiveProcessorCount="
                        + Math.max(1, cpus.setScale(0, RoundingMode.CEILING).intValue())));
    command.addAll(image.jvmArgs());
    command.add("-Djdk.net.hosts.file=" + hostsFile);
    command.add("-Dsun.net.inetaddr.negative.ttl=0");
    String tmp = mounts.toHost("/tmp");
    if (!tmp.equals("/tmp")) {
      command.add("-Djava.io.tmpdir=" + tmp);
    }
    command.add("-jar");
    command.add(image.jar().toString());
    if (container.getArgs() != null) {
      for (String arg : container.getArgs()) {
        command.add(mounts.toHost(Expansion.expand(arg, specEnvironment)));
      }
    }
    Path workingDir = ownDir;
    if (container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()) {
      String mapped = mounts.toHost(container.getWorkingDir());
      if (!mapped.equals(container.getWorkingDir())) {
        workingDir = Path.of(mapped);
      }
    }
    return new ContainerLaunch(List.copyOf(command), env, workingDir);
  }

  static int firstPort(Container container) {
    return container.getPorts() == null || container.getPorts().isEmpty()
        ? 8080
        : container.getPorts().get(0).getContainerPort();
  }

  private static java.util.Optional<BigDecimal> limits(Container container, String resource) {
    if (container.getResources() == null || container.getResources().getLimits() == null) {
      return java.util.Optional.empty();
    }
    Quantity quantity = container.getResources().getLimits().get(resource);
    return quantity == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(quantity.getNumericalAmount());
  }
}
