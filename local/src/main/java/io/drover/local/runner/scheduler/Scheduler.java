package io.drover.local.runner.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Plays kube-scheduler for the one local node. CPU and memory always fit (the processes share this
 * machine); extended resources such as {@code nvidia.com/gpu} fit while the pods holding them, in
 * total, stay within the node's fake capacity ({@link #Scheduler(int) fakeGpus} units of each).
 * Node selectors, affinity and taints are not evaluated: there is only one node.
 */
public final class Scheduler {

  private final long capacity;

  /** Pod UID → the extended resources it holds while it is bound and not finished. */
  private final Map<String, Map<String, Long>> bound = new HashMap<>();

  public Scheduler(int fakeGpus) {
    this.capacity = fakeGpus;
  }

  /** The scheduler's verdict for a pod. */
  public sealed interface Decision {}

  /** The pod is bound to the node. */
  public record Bound() implements Decision {}

  /** No node fits; {@code message} is the scheduler's own wording. */
  public record Unschedulable(String message) implements Decision {}

  /** Binds the pod if its extended resources fit beside the pods already bound. */
  public synchronized Decision schedule(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (bound.containsKey(uid)) {
      return new Bound();
    }
    Map<String, Long> wanted = ExtendedResources.of(pod);
    Map<String, Long> used = new TreeMap<>();
    bound.values().forEach(held -> held.forEach((name, n) -> used.merge(name, n, Long::sum)));
    Map<String, Long> insufficient =
        wanted.entrySet().stream()
            .filter(e -> used.getOrDefault(e.getKey(), 0L) + e.getValue() > capacity)
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    if (!insufficient.isEmpty()) {
      String reasons =
          insufficient.keySet().stream()
              .map(name -> "1 Insufficient " + name)
              .collect(Collectors.joining(", "));
      return new Unschedulable(
          "0/1 nodes are available: "
              + reasons
              + ". preemption: 0/1 nodes are available: 1 No preemption victims found for"
              + " incoming pod.");
    }
    bound.put(uid, wanted);
    return new Bound();
  }

  /** Records a pod that was bound before (a runner restart), whatever the capacity says now. */
  public synchronized void rebind(Pod pod) {
    bound.putIfAbsent(pod.getMetadata().getUid(), ExtendedResources.of(pod));
  }

  /** The pod finished or is gone: what it held is free for pending pods. */
  public synchronized boolean release(String podUid) {
    Map<String, Long> held = bound.remove(podUid);
    return held != null && !held.isEmpty();
  }
}
