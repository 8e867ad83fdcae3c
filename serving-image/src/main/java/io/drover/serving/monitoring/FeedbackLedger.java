package io.drover.serving.monitoring;

/**
 * Remembers recent predictions by request id until ground truth arrives, then scores them. Memory
 * is bounded by rows, not requests: the oldest predictions are forgotten first once {@code maxRows}
 * are held, and feedback for a forgotten id is refused (never guessed).
 */
public final class FeedbackLedger {

  private final PendingPredictions pending;
  private final boolean[] window;
  private int next;
  private int size;
  private int correctInWindow;
  private long totalRows;
  private long totalCorrect;

  /**
   * @param maxRows predicted rows remembered for feedback
   * @param windowRows labelled rows live accuracy is computed over
   */
  public FeedbackLedger(int maxRows, int windowRows) {
    this(maxRows, windowRows, 0);
  }

  /**
   * @param maxRows predicted rows remembered for feedback
   * @param windowRows labelled rows live accuracy is computed over
   * @param featureWidth feature values remembered with each row, so that labelled rows can be
   *     persisted; 0 remembers only the predicted classes
   */
  public FeedbackLedger(int maxRows, int windowRows, int featureWidth) {
    this.pending = new PendingPredictions(maxRows, featureWidth);
    this.window = new boolean[windowRows];
  }

  public synchronized void remember(String id, int[] classes) {
    pending.put(id, classes);
  }

  /**
   * Remembers a prediction with the rows it was made from (kept when the ledger holds features).
   */
  public synchronized void remember(String id, int[] classes, double[][] rows) {
    pending.put(id, classes, rows);
  }

  /** The predicted classes for {@code id}, or {@code null} when unknown, forgotten or scored. */
  public synchronized int[] predicted(String id) {
    return pending.get(id);
  }

  /**
   * Takes the prediction for {@code id} out of the ledger, so that no concurrent feedback for the
   * same id can score it too, while its labelled rows are stored.
   *
   * @return the prediction, or {@code null} when none is remembered for {@code id}
   */
  public synchronized Claim claim(String id) {
    int[] predicted = pending.get(id);
    if (predicted == null) {
      return null;
    }
    double[][] features = pending.features(id);
    pending.remove(id);
    return new Claim(id, predicted, features);
  }

  /**
   * Puts a claimed prediction back unscored, because its labelled rows could not be stored: the
   * client's retry finds it again. It is remembered as the newest prediction.
   */
  public synchronized void release(Claim claim) {
    if (claim.features() == null) {
      pending.put(claim.id(), claim.predicted());
    } else {
      pending.put(claim.id(), claim.predicted(), claim.features());
    }
  }

  /**
   * Scores the prediction made for {@code id} against the true classes and forgets it, so the same
   * answer is never counted twice.
   *
   * @return the number of correct rows, or -1 when no prediction is remembered for {@code id}
   */
  public synchronized int score(String id, int[] actual) {
    int[] predicted = pending.get(id);
    if (predicted != null && predicted.length != actual.length) {
      throw new IllegalArgumentException("one true class per predicted row");
    }
    Claim claim = claim(id);
    return claim == null ? -1 : score(claim, actual);
  }

  /**
   * Scores a claimed prediction against the true classes.
   *
   * @return the number of correct rows
   */
  public synchronized int score(Claim claim, int[] actual) {
    int[] predicted = claim.predicted();
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException("one true class per predicted row");
    }
    int correct = 0;
    for (int row = 0; row < actual.length; row++) {
      boolean hit = predicted[row] == actual[row];
      correct += hit ? 1 : 0;
      if (size == window.length && window[next]) {
        correctInWindow--;
      }
      window[next] = hit;
      correctInWindow += hit ? 1 : 0;
      next = (next + 1) % window.length;
      size = Math.min(size + 1, window.length);
    }
    totalRows += actual.length;
    totalCorrect += correct;
    return correct;
  }

  /**
   * A prediction taken out of the ledger to be scored.
   *
   * @param predicted the predicted class of each row
   * @param features the rows it was predicted from, or {@code null} when the ledger holds none
   */
  public record Claim(String id, int[] predicted, double[][] features) {}

  public synchronized Snapshot snapshot() {
    return new Snapshot(
        size == 0 ? null : (double) correctInWindow / size,
        size,
        window.length,
        totalRows,
        totalCorrect,
        pending.liveEntries(),
        pending.liveRows());
  }

  /**
   * @param accuracy share of correct predictions among the last {@code rows} labelled rows, {@code
   *     null} before any feedback
   * @param rows labelled rows in the window
   * @param windowCapacity the most labelled rows the window holds
   * @param totalRows labelled rows since start
   * @param totalCorrect of which correct
   * @param pendingRequests predictions awaiting feedback
   * @param pendingRows their rows
   */
  public record Snapshot(
      Double accuracy,
      int rows,
      int windowCapacity,
      long totalRows,
      long totalCorrect,
      int pendingRequests,
      long pendingRows) {}
}
