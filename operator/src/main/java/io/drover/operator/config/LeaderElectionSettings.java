package io.drover.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Duration;

/** Checks the configured Lease durations against each other and builds JOSDK's configuration. */
final class LeaderElectionSettings {

  private LeaderElectionSettings() {}

  static LeaderElectionConfiguration of(LeaderElectionConfig config) {
    Duration lease = config.leaseDuration();
    Duration renew = config.renewDeadline();
    Duration retry = config.retryPeriod();
    if (retry.isNegative() || retry.isZero()) {
      throw new IllegalArgumentException(
          "drover.leader-election.retry-period must be positive, was " + retry);
    }
    if (renew.compareTo(retry) <= 0) {
      throw new IllegalArgumentException(
          "drover.leader-election.renew-deadline (%s) must be longer than retry-period (%s): the leader needs more than one try to renew"
              .formatted(renew, retry));
    }
    if (lease.compareTo(renew) <= 0) {
      throw new IllegalArgumentException(
          "drover.leader-election.lease-duration (%s) must be longer than renew-deadline (%s): otherwise a standby may lead while the leader still believes it leads"
              .formatted(lease, renew));
    }
    // JOSDK's exitOnStopLeading stays off: it also fires on SIGTERM, where its System.exit inside
    // the shutdown hook hangs the pod until it is killed, with the Lease unreleased (measured).
    // The price: a leader that fails to renew logs "Stopped leading" and goes on reconciling.
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName())
        .withLeaseNamespace(config.leaseNamespace())
        .withLeaseDuration(lease)
        .withRenewDeadline(renew)
        .withRetryPeriod(retry)
        .build();
  }
}
