package io.drover.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a status's conditions following the Kubernetes API conventions: every condition carries
 * the generation it describes, and lastTransitionTime moves only when the status flips, so {@code
 * kubectl wait} and Argo CD see real transitions.
 */
public final class ConditionSet {

  private final Map<String, Condition> previous = new LinkedHashMap<>();
  private final Map<String, Condition> next = new LinkedHashMap<>();
  private final long generation;
  private final Instant now;

  public ConditionSet(List<Condition> previous, long generation, Instant now) {
    if (previous != null) {
      previous.forEach(c -> this.previous.put(c.getType(), c));
    }
    this.generation = generation;
    this.now = now;
  }

  public ConditionSet set(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    Condition before = previous.get(type);
    String transition =
        before != null
                && Objects.equals(before.getStatus(), value)
                && before.getLastTransitionTime() != null
            ? before.getLastTransitionTime()
            : now.toString();
    next.put(
        type,
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build());
    return this;
  }

  /** The conditions set, in the order set; conditions not set again are dropped. */
  public List<Condition> build() {
    return new ArrayList<>(next.values());
  }
}
