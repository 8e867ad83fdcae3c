package io.drover.local.runner.kubelet;

import io.drover.local.runner.events.EventRecorder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a container's spec gives it, resolved as the kubelet does: {@code envFrom} first,
 * then {@code env} in order, each value {@code $(VAR)}-expanded against the variables defined
 * before it; {@code valueFrom} filled from the pod (fieldRef, resourceFieldRef), a ConfigMap or a
 * Secret.
 */
final class ContainerEnvironment {

  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
  private static final Pattern FIELD_KEY =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  private ContainerEnvironment() {}

  static Map<String, String> resolve(
      KubernetesClient client, Pod pod, Container container, String podIp) throws ConfigFailure {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnvFrom() != null) {
      for (EnvFromSource source : container.getEnvFrom()) {
        String prefix = source.getPrefix() == null ? "" : source.getPrefix();
        Map<String, String> values;
        if (source.getConfigMapRef() != null) {
          var ref = source.getConfigMapRef();
          ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
          if (map == null) {
            if (Boolean.TRUE.equals(ref.getOptional())) {
              continue;
            }
            throw new ConfigFailure("configmap \"" + ref.getName() + "\" not found");
          }
          values = map.getData() == null ? Map.of() : map.getData();
        } else if (source.getSecretRef() != null) {
          var ref = source.getSecretRef();
          Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
          if (secret == null) {
            if (Boolean.TRUE.equals(ref.getOptional())) {
              continue;
            }
            throw new ConfigFailure("secret \"" + ref.getName() + "\" not found");
          }
          values = new LinkedHashMap<>();
          for (var e : Volumes.secretData(secret).entrySet()) {
            values.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
          }
        } else {
          continue;
        }
        // Keys that are not valid variable names are skipped, as the kubelet skips them.
        values.forEach(
            (key, value) -> {
              if (ENV_NAME.matcher(prefix + key).matches()) {
                env.put(prefix + key, value);
              }
            });
      }
    }
    if (container.getEnv() != null) {
      for (EnvVar variable : container.getEnv()) {
        String value;
        if (variable.getValueFrom() != null) {
          value = valueFrom(client, pod, container, podIp, variable);
          if (value == null) {
            continue; // an optional reference that is absent: the variable is not set
          }
        } else {
          value = Expansion.expand(variable.getValue() == null ? "" : variable.getValue(), env);
        }
        env.put(variable.getName(), value);
      }
    }
    return env;
  }

  private static String valueFrom(
      KubernetesClient client, Pod pod, Container container, String podIp, EnvVar variable)
      throws ConfigFailure {
    EnvVarSource from = variable.getValueFrom();
    String namespace = pod.getMetadata().getNamespace();
    if (from.getFieldRef() != null) {
      return field(pod, podIp, from.getFieldRef(), variable.getName());
    }
    if (from.getResourceFieldRef() != null) {
      return resource(pod, container, from.getResourceFieldRef());
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
      if (map == null) {
        if (optional) {
          return null;
        }
        throw new ConfigFailure("configmap \"" + ref.getName() + "\" not found");
      }
      String value = map.getData() == null ? null : map.getData().get(ref.getKey());
      if (value == null && !optional) {
        throw new ConfigFailure(
            "couldn't find key "
                + ref.getKey()
                + " in ConfigMap "
                + namespace
                + "/"
                + ref.getName());
      }
      return value;
    }
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      if (secret == null) {
        if (optional) {
          return null;
        }
        throw new ConfigFailure("secret \"" + ref.getName() + "\" not found");
      }
      byte[] value = Volumes.secretData(secret).get(ref.getKey());
      if (value == null) {
        if (optional) {
          return null;
        }
        throw new ConfigFailure(
            "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
      }
      return new String(value, StandardCharsets.UTF_8);
    }
    throw new ConfigFailure(
        "env " + variable.getName() + ": this valueFrom source is not supported in local mode",
        true);
  }

  private static String field(Pod pod, String podIp, ObjectFieldSelector selector, String variable)
      throws ConfigFailure {
    String path = selector.getFieldPath();
    var meta = pod.getMetadata();
    switch (path) {
      case "metadata.name":
        return meta.getName();
      case "metadata.namespace":
        return meta.getNamespace();
      case "metadata.uid":
        return meta.getUid();
      case "spec.nodeName":
        return EventRecorder.NODE;
      case "spec.serviceAccountName":
        return pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
      case "status.podIP":
      case "status.podIPs":
        return podIp;
      case "status.hostIP":
      case "status.hostIPs":
        return "127.0.0.1";
      default:
        Matcher key = FIELD_KEY.matcher(path);
        if (key.matches()) {
          Map<String, String> values =
              key.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
          String value = values == null ? null : values.get(key.group(2));
          return value == null ? "" : value;
        }
        throw new ConfigFailure("env " + variable + ": unsupported fieldRef " + path, true);
    }
  }

  /**
   * A container's resource as the downward API gives it: the limit (or request) divided by the
   * divisor and rounded up; without a limit, what the node has.
   */
  private static String resource(Pod pod, Container container, ResourceFieldSelector selector)
      throws ConfigFailure {
    Container target = container;
    if (selector.getContainerName() != null && !selector.getContainerName().isEmpty()) {
      target =
          pod.getSpec().getContainers().stream()
              .filter(c -> c.getName().equals(selector.getContainerName()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ConfigFailure(
                          "resourceFieldRef names unknown container "
                              + selector.getContainerName()));
    }
    String resource = selector.getResource();
    int dot = resource.indexOf('.');
    if (dot < 0) {
      throw new ConfigFailure("unsupported resourceFieldRef " + resource, true);
    }
    String kind = resource.substring(0, dot);
    String name = resource.substring(dot + 1);
    Map<String, Quantity> values = null;
    if (target.getResources() != null) {
      values =
          kind.equals("limits")
              ? target.getResources().getLimits()
              : target.getResources().getRequests();
    }
    Quantity quantity = values == null ? null : values.get(name);
    BigDecimal amount;
    if (quantity != null) {
      amount = quantity.getNumericalAmount();
    } else if (name.equals("cpu")) {
      amount =
          kind.equals("limits")
              ? BigDecimal.valueOf(Runtime.getRuntime().availableProcessors())
              : BigDecimal.ZERO;
    } else if (name.equals("memory")) {
      amount = kind.equals("limits") ? BigDecimal.valueOf(physicalMemory()) : BigDecimal.ZERO;
    } else {
      amount = BigDecimal.ZERO;
    }
    BigDecimal divisor =
        selector.getDivisor() == null ? BigDecimal.ONE : selector.getDivisor().getNumericalAmount();
    if (divisor.signum() == 0) {
      divisor = BigDecimal.ONE;
    }
    return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }

  private static long physicalMemory() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }
}
