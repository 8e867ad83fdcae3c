package io.drover.local.runner.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The extended resources (GPUs and the like) a pod asks for, counted as the scheduler counts them:
 * a container's request, or its limit when it names no request; the pod needs the sum over its
 * containers, or the most any init container needs, whichever is larger.
 */
public final class ExtendedResources {

  private ExtendedResources() {}

  /** Resource name → whole units the pod needs; empty for a pod asking for none. */
  public static Map<String, Long> of(Pod pod) {
    Map<String, Long> sum = new TreeMap<>();
    for (Container container : pod.getSpec().getContainers()) {
      requested(container).forEach((name, units) -> sum.merge(name, units, Long::sum));
    }
    List<Container> init = pod.getSpec().getInitContainers();
    if (init != null) {
      for (Container container : init) {
        requested(container).forEach((name, units) -> sum.merge(name, units, Math::max));
      }
    }
    sum.values().removeIf(units -> units == 0);
    return sum;
  }

  private static Map<String, Long> requested(Container container) {
    Map<String, Long> units = new TreeMap<>();
    if (container.getResources() == null) {
      return units;
    }
    Map<String, Quantity> limits = container.getResources().getLimits();
    Map<String, Quantity> requests = container.getResources().getRequests();
    if (limits != null) {
      limits.forEach((name, q) -> add(units, name, q));
    }
    if (requests != null) {
      requests.forEach((name, q) -> add(units, name, q));
    }
    return units;
  }

  private static void add(Map<String, Long> units, String name, Quantity quantity) {
    if (isExtended(name)) {
      BigDecimal amount = quantity.getNumericalAmount();
      units.put(name, amount.setScale(0, java.math.RoundingMode.CEILING).longValueExact());
    }
  }

  /**
   * Kubernetes' rule: a resource name with a domain outside {@code kubernetes.io} (and not a {@code
   * requests.} quota name) is extended; cpu, memory, ephemeral-storage and hugepages are not.
   */
  static boolean isExtended(String name) {
    int slash = name.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String domain = name.substring(0, slash);
    return !domain.equals("kubernetes.io")
        && !domain.endsWith(".kubernetes.io")
        && !name.startsWith("requests.");
  }
}
