package io.drover.serving.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedbackLedgerTest {

  @Test
  void scoresEachPredictionOnceAgainstTheTruth() {
    FeedbackLedger ledger = new FeedbackLedger(100, 10);
    ledger.remember("a", new int[] {0, 1, 2});
    assertThat(ledger.score("a", new int[] {0, 1, 1})).isEqualTo(2);
    assertThat(ledger.score("a", new int[] {0, 1, 1})).isEqualTo(-1);
    FeedbackLedger.Snapshot snapshot = ledger.snapshot();
    assertThat(snapshot.accuracy()).isEqualTo(2 / 3.0);
    assertThat(snapshot.totalRows()).isEqualTo(3);
    assertThat(snapshot.pendingRequests()).isZero();
  }

  @Test
  void memoryIsBoundedByRowsForgettingTheOldestFirst() {
    FeedbackLedger ledger = new FeedbackLedger(5, 10);
    ledger.remember("old", new int[] {0, 0, 0});
    ledger.remember("new", new int[] {1, 1, 1});
    assertThat(ledger.predicted("old")).isNull();
    assertThat(ledger.predicted("new")).containsExactly(1, 1, 1);
    assertThat(ledger.snapshot().pendingRows()).isEqualTo(3);
    ledger.remember("new", new int[] {2});
    assertThat(ledger.snapshot().pendingRows()).isEqualTo(1);
  }

  @Test
  void liveAccuracyCoversOnlyTheLatestWindow() {
    FeedbackLedger ledger = new FeedbackLedger(100, 4);
    assertThat(ledger.snapshot().accuracy()).isNull();
    ledger.remember("wrong", new int[] {0, 0, 0, 0});
    ledger.score("wrong", new int[] {1, 1, 1, 1});
    assertThat(ledger.snapshot().accuracy()).isZero();
    ledger.remember("right", new int[] {0, 0, 0});
    ledger.score("right", new int[] {0, 0, 0});
    assertThat(ledger.snapshot().accuracy()).isEqualTo(0.75);
    assertThat(ledger.snapshot().totalCorrect()).isEqualTo(3);
    assertThat(ledger.snapshot().totalRows()).isEqualTo(7);
  }

  @Test
  void aClaimedPredictionIsScoredOnceOrPutBackForARetry() {
    FeedbackLedger ledger = new FeedbackLedger(100, 10, 2);
    ledger.remember("a", new int[] {1}, new double[][] {{0.5, 1.5}});
    FeedbackLedger.Claim claim = ledger.claim("a");
    assertThat(claim.features()).isDeepEqualTo(new double[][] {{0.5, 1.5}});
    assertThat(ledger.claim("a")).as("a second, concurrent feedback").isNull();
    ledger.release(claim);
    assertThat(ledger.snapshot().totalRows()).isZero();
    FeedbackLedger.Claim again = ledger.claim("a");
    assertThat(again.features()).isDeepEqualTo(new double[][] {{0.5, 1.5}});
    assertThat(ledger.score(again, new int[] {1})).isEqualTo(1);
    assertThat(ledger.predicted("a")).isNull();
    assertThat(ledger.snapshot().totalCorrect()).isEqualTo(1);
  }
}
