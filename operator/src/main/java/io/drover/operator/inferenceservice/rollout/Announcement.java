package io.drover.operator.inferenceservice.rollout;

/**
 * Something people should hear about a rollout: an Event, and the webhook where it matters.
 *
 * @param reason the Event's reason, e.g. RolledBack
 * @param notifyWebhook whether the notification webhook hears it too
 */
public record Announcement(boolean warning, String reason, String message, boolean notifyWebhook) {

  public static Announcement normal(String reason, String message) {
    return new Announcement(false, reason, message, false);
  }

  public static Announcement warning(String reason, String message) {
    return new Announcement(true, reason, message, false);
  }

  public Announcement notifying() {
    return new Announcement(warning, reason, message, true);
  }
}
