package io.drover.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where and how registry notifications are delivered. */
@ConfigMapping(prefix = "drover.notifications")
public interface NotificationConfig {

  /**
   * Secret, in the namespace of the object concerned, whose {@code url} key names the webhook. No
   * such Secret: no webhook for that namespace.
   */
  @WithDefault("drover-notifications")
  String secretName();

  /** Deliveries tried before a notification is given up (and logged). */
  @WithDefault("4")
  int maxAttempts();

  /** Wait before the first retry; doubled for each further one. */
  @WithDefault("1s")
  Duration initialBackoff();
}
