package io.drover.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
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
    // JOSDK's builder makes a replica that lost the Lease log and carry on reconciling next to the
    // new leader; exiting instead (the pod restarts as a standby) keeps it at one leader.
    return new LeaderElectionConfiguration(
        config.leaseName(), config.leaseNamespace(), lease, renew, retry, null, null, true);
  }
}
