package io.drover.benchmarks.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The successive states ({@code status.phase}, else {@code status.stage}) each CR of some kinds
 * went through, as informed. A regression is a CR that lost its status, or came back to a state it
 * had left: what a second operator working from an older view would cause.
 */
final class StatusHistory implements AutoCloseable {

  private final Map<String, List<String>> states = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

  StatusHistory(KubernetesClient client, String namespace, List<String> kinds) {
    for (String kind : kinds) {
      // An informer, as in ChildObserver: it relists where a plain watch would be answered 410.
      informers.add(
          client
              .genericKubernetesResources("drover.io/v1alpha1", kind)
              .inNamespace(namespace)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource object) {
                      observed(kind + "/" + object.getMetadata().getName(), state(object));
                    }

                    @Override
                    public void onUpdate(
                        GenericKubernetesResource before, GenericKubernetesResource after) {
                      observed(kind + "/" + after.getMetadata().getName(), state(after));
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource object, boolean unknown) {}
                  }));
    }
  }

  void observed(String object, String state) {
    List<String> seen = states.computeIfAbsent(object, k -> new ArrayList<>());
    synchronized (seen) {
      if (seen.isEmpty() || !Objects.equals(seen.get(seen.size() - 1), state)) {
        seen.add(state);
      }
    }
  }

  /** CRs whose states regressed, with the states they went through. */
  Map<String, List<String>> regressions() {
    Map<String, List<String>> regressed = new TreeMap<>();
    states.forEach(
        (object, seen) -> {
          synchronized (seen) {
            if (regressed(seen)) {
              regressed.put(object, List.copyOf(seen));
            }
          }
        });
    return regressed;
  }

  static boolean regressed(List<String> seen) {
    boolean hadStatus = false;
    for (int i = 0; i < seen.size(); i++) {
      String state = seen.get(i);
      if (state == null) {
        if (hadStatus) {
          return true;
        }
        continue;
      }
      hadStatus = true;
      if (seen.subList(0, i).contains(state)) {
        return true;
      }
    }
    return false;
  }

  int objects() {
    return states.size();
  }

  private static String state(GenericKubernetesResource object) {
    Object status = object.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map)) {
      return null;
    }
    Object phase = map.get("phase");
    if (phase == null) {
      phase = map.get("stage");
    }
    return phase == null ? "(no phase)" : phase.toString();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
