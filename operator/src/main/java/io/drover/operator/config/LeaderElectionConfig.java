package io.drover.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The Lease through which one replica of the operator leads and the others stand by (prod profile
 * only; QOSDK's {@code quarkus.operator-sdk.activate-leader-election-for-profiles}). A standby
 * takes over about {@code leaseDuration} plus up to two jittered {@code retryPeriod}s (each up to
 * 2.2 times the period) after the leader stops renewing; shorter durations mean faster failover,
 * more Lease traffic (one renewal per {@code retryPeriod}) and a leader that gives the Lease up
 * sooner when the API server is slow to answer.
 */
@ConfigMapping(prefix = "drover.leader-election")
public interface LeaderElectionConfig {

  /**
   * Whether to elect a leader. Off only for a single replica without the Lease permission (the
   * chart's leaderElection.enabled=false).
   */
  @WithDefault("true")
  boolean enabled();

  /** Name of the Lease, in the operator's namespace. */
  @WithDefault("drover-operator")
  String leaseName();

  /** Namespace of the Lease: the operator's own (the chart sets KUBERNETES_NAMESPACE). */
  String leaseNamespace();

  /** How long a Lease not renewed stays the leader's: a standby waits this long. */
  @WithDefault("8s")
  Duration leaseDuration();

  /** How long the leader keeps trying to renew before it gives the Lease up. */
  @WithDefault("6s")
  Duration renewDeadline();

  /** How often the leader renews and a standby tries to acquire. */
  @WithDefault("1s")
  Duration retryPeriod();
}
