package io.drover.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderElectionSettingsTest {

  @Test
  void theLeaseIsInTheOperatorsNamespaceWithTheConfiguredDurations() {
    LeaderElectionConfiguration built =
        LeaderElectionSettings.of(
            settings(Duration.ofSeconds(10), Duration.ofSeconds(7), Duration.ofSeconds(2)));

    assertThat(built.getLeaseName()).isEqualTo("drover-operator");
    assertThat(built.getLeaseNamespace()).contains("drover-system");
    assertThat(built.getLeaseDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(built.getRenewDeadline()).isEqualTo(Duration.ofSeconds(7));
    assertThat(built.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(built.isExitOnStopLeading())
        .as("JOSDK's exit would also run on SIGTERM and hang the shutdown hook")
        .isFalse();
    assertThat(built.getIdentity())
        .as("JOSDK then names the replica by its pod's HOSTNAME")
        .isEmpty();
  }

  @Test
  void aReplicaThatLosesTheLeaseExitsUnlessItIsShuttingDownAlready() {
    AtomicInteger exits = new AtomicInteger();
    AtomicBoolean shuttingDown = new AtomicBoolean();
    LeaderCallbacks callbacks =
        LeaderElectionSettings.of(
                settings(Duration.ofSeconds(8), Duration.ofSeconds(6), Duration.ofSeconds(1)),
                exits::incrementAndGet,
                shuttingDown::get)
            .getLeaderCallbacks()
            .orElseThrow();

    callbacks.onStopLeading();
    assertThat(exits).as("lost the Lease while running: a standby may lead now").hasValue(1);
    shuttingDown.set(true);
    callbacks.onStopLeading();
    assertThat(exits).as("stopping leading is the shutdown's own doing").hasValue(1);
    assertThat(LeaderElectionSettings.jvmShuttingDown()).isFalse();
  }

  @Test
  void aLeaseNoLongerThanTheRenewDeadlineIsRefusedNamingBothSettings() {
    assertThatThrownBy(
            () ->
                LeaderElectionSettings.of(
                    settings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drover.leader-election.lease-duration")
        .hasMessageContaining("renew-deadline");
  }

  @Test
  void aRenewDeadlineNoLongerThanTheRetryPeriodIsRefused() {
    assertThatThrownBy(
            () ->
                LeaderElectionSettings.of(
                    settings(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(2))))
        .hasMessageContaining("drover.leader-election.renew-deadline")
        .hasMessageContaining("retry-period");
  }

  private static LeaderElectionConfig settings(Duration lease, Duration renew, Duration retry) {
    return new LeaderElectionConfig() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public String leaseName() {
        return "drover-operator";
      }

      @Override
      public String leaseNamespace() {
        return "drover-system";
      }

      @Override
      public Duration leaseDuration() {
        return lease;
      }

      @Override
      public Duration renewDeadline() {
        return renew;
      }

      @Override
      public Duration retryPeriod() {
        return retry;
      }
    };
  }
}
