package io.drover.operator.modelversion;

import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.modelversion.ModelVersionStatus;
import io.drover.operator.events.EventRecorder;
import io.drover.operator.notifications.Notification;
import io.drover.operator.notifications.WebhookNotifier;
import java.time.Clock;

/**
 * Tells people about stage changes: a Kubernetes Event each, and the webhook for the ones that
 * matter.
 */
final class StageAnnouncer {

  private final EventRecorder events;
  private final WebhookNotifier webhook;
  private final Clock clock;

  StageAnnouncer(EventRecorder events, WebhookNotifier webhook, Clock clock) {
    this.events = events;
    this.webhook = webhook;
    this.clock = clock;
  }

  /** Announces the new status if the stage changed or the version began to await approval. */
  void changed(ModelVersion version, ModelVersionStatus before, ModelVersionStatus next) {
    if (before == null
        || before.stage() != next.stage()
        || (awaitingApproval(next) && !awaitingApproval(before))) {
      announce(version, next);
    }
  }

  void announce(ModelVersion version, ModelVersionStatus status) {
    String stage = status.stage().name();
    boolean awaiting = awaitingApproval(status);
    if (status.stage() == Stage.Rejected) {
      events.warning(version, "Rejected", status.message());
    } else {
      events.normal(version, awaiting ? "AwaitingApproval" : stage, status.message());
    }
    if (status.stage() == Stage.Rejected
        || status.stage() == Stage.Staging
        || status.stage() == Stage.Production) {
      webhook.send(
          new Notification(
              stage,
              version.getKind(),
              version.getMetadata().getNamespace(),
              version.getMetadata().getName(),
              version.getSpec().model(),
              version.getSpec().version(),
              status.message(),
              clock.instant().toString()));
    }
  }

  private static boolean awaitingApproval(ModelVersionStatus status) {
    return status != null
        && status.conditions() != null
        && status.conditions().stream()
            .anyMatch(
                c ->
                    ModelVersionStatusFactory.AWAITING_APPROVAL.equals(c.getType())
                        && "True".equals(c.getStatus()));
  }
}
