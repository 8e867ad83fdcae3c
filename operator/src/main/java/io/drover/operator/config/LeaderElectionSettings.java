package io.drover.operator.config;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.runtime.Quarkus;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/** Checks the configured Lease durations against each other and builds JOSDK's configuration. */
final class LeaderElectionSettings {

  private static final Logger LOG = Logger.getLogger(LeaderElectionSettings.class);

  private LeaderElectionSettings() {}

  /** As the operator runs it: a replica that loses the Lease exits (status 1) to start over. */
  static LeaderElectionConfiguration of(LeaderElectionConfig config) {
    return of(config, () -> Quarkus.asyncExit(1), LeaderElectionSettings::jvmShuttingDown);
  }

  /**
   * @param exit what a replica does when it stops leading while it is not shutting down
   * @param shuttingDown whether the JVM is already shutting down (stopping leading is then the
   *     shutdown's own doing)
   */
  static LeaderElectionConfiguration of(
      LeaderElectionConfig config, Runnable exit, BooleanSupplier shuttingDown) {
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
    // A leader that failed to renew must stop reconciling: a standby may lead already. JOSDK's
    // exitOnStopLeading also fires on SIGTERM, where its System.exit inside the shutdown hook
    // hangs the pod until it is killed, with the Lease unreleased (measured); so the exit is ours,
    // a graceful one, and only when the JVM is not shutting down anyway.
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName())
        .withLeaseNamespace(config.leaseNamespace())
        .withLeaseDuration(lease)
        .withRenewDeadline(renew)
        .withRetryPeriod(retry)
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> {},
                () -> {
                  if (!shuttingDown.getAsBoolean()) {
                    LOG.error(
                        "lost the Lease %s (not renewed within %s); exiting so that only the new"
                            + " leader reconciles".formatted(config.leaseName(), renew));
                    exit.run();
                  }
                },
                leader -> {}))
        .build();
  }

  /** A shutdown hook cannot be added once the JVM has begun to shut down. */
  static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
