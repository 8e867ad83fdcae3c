package io.drover.operator.status;

import io.drover.operator.api.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes a failing reconcile visible in status: while retries remain, {@code Reconciling=True} with
 * reason {@code RetryingAfterError}; after the last one, {@code Stalled=True} with reason {@code
 * ReconcileFailed} — each with the error's message. The other conditions stay as they were; the
 * next successful reconcile writes them all afresh.
 */
public final class ReconcileErrors {

  public static final String RETRYING = "RetryingAfterError";
  public static final String FAILED = "ReconcileFailed";

  private static final Logger LOG = Logger.getLogger(ReconcileErrors.class);

  private ReconcileErrors() {}

  /** The conditions after a failed reconcile. */
  public static List<Condition> conditions(
      List<Condition> before,
      long generation,
      Exception error,
      Optional<RetryInfo> retry,
      Instant now) {
    boolean last = retry.map(RetryInfo::isLastAttempt).orElse(false);
    int attempt = retry.map(RetryInfo::getAttemptCount).orElse(1);
    String message =
        "%s (attempt %d); %s"
            .formatted(
                describe(error),
                attempt,
                last
                    ? "no more retries: fix the cause, then change the object or restart the"
                        + " operator"
                    : "retrying");
    String type = last ? Conditions.STALLED : Conditions.RECONCILING;
    String reason = last ? FAILED : RETRYING;
    List<Condition> next = new ArrayList<>();
    ConditionSet set = new ConditionSet(before, generation, now).set(type, true, reason, message);
    Condition replacement = set.build().get(0);
    boolean replaced = false;
    for (Condition condition : before == null ? List.<Condition>of() : before) {
      if (condition.getType().equals(type)) {
        next.add(replacement);
        replaced = true;
      } else {
        next.add(condition);
      }
    }
    if (!replaced) {
      next.add(replacement);
    }
    return next;
  }

  /**
   * Writes the resource's status as it stands (an update: conditions are replaced whole). A failure
   * here is only logged: the reconcile's own error is what gets retried.
   */
  public static <P extends HasMetadata> void write(P resource, Context<P> context) {
    try {
      context.resourceOperations().updatePrimaryStatus(resource);
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "could not record the failed reconcile of %s %s/%s: %s",
          resource.getKind(),
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }

  /** The API's own message when the API refused, else the exception's. */
  private static String describe(Exception error) {
    if (error instanceof KubernetesClientException api && api.getStatus() != null) {
      String refused = api.getStatus().getMessage();
      return "the API answered %d: %s"
          .formatted(api.getCode(), refused == null ? api.getMessage() : refused);
    }
    Throwable cause = error;
    while (cause.getCause() != null
        && cause instanceof RuntimeException
        && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName());
  }
}
