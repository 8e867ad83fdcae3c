package io.drover.serving.monitoring;

import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.serving.MonitoringReport;
import io.drover.serving.feedback.FeedbackSink;
import io.drover.serving.model.LoadedModel;
import io.drover.serving.model.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Watches one served model: drift and outliers of its inputs, the classes it predicts, its live
 * accuracy from feedback, and the feedback rows it persists. Feeds both the JSON report and the
 * Prometheus gauges.
 */
public final class ModelMonitor {

  private final ModelManifest manifest;
  private final String formatName;
  private final double loadSeconds;
  private final int minRows;
  private final DriftWindow drift;
  private final ClassDistribution classes;
  private final FeedbackLedger feedback;
  private final RequestMetrics requests;
  private final FeedbackSink store;
  private final Counter[] predicted;
  private final Instant startedAt = Instant.now();
  private volatile CachedDrift cached = new CachedDrift(0, null);

  /**
   * @param settings window sizes
   */
  public ModelMonitor(
      LoadedModel model,
      double loadSeconds,
      MonitoringSettings settings,
      RequestMetrics requests,
      MeterRegistry registry) {
    this(model, loadSeconds, settings, requests, registry, null);
  }

  /**
   * @param settings window sizes
   * @param store where labelled rows are persisted, or {@code null} when they are not; with one,
   *     the ledger also holds the feature rows of pending predictions
   */
  public ModelMonitor(
      LoadedModel model,
      double loadSeconds,
      MonitoringSettings settings,
      RequestMetrics requests,
      MeterRegistry registry,
      FeedbackSink store) {
    this.manifest = model.manifest();
    this.formatName = model.format().manifestName();
    this.loadSeconds = loadSeconds;
    this.minRows = settings.minRowsForDrift();
    this.requests = requests;
    this.store = store;
    List<String> features = manifest.input().names();
    drift = new DriftWindow(model.baseline(), features, settings.windowRows());
    classes = new ClassDistribution(manifest.output().labels(), settings.windowRows());
    feedback =
        new FeedbackLedger(
            settings.feedbackPendingRows(),
            settings.feedbackWindowRows(),
            store == null ? 0 : features.size());
    registerGauges(registry, features);
    List<String> labels = manifest.output().labels();
    predicted = new Counter[labels.size()];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] =
          Counter.builder("drover.predictions")
              .description("Predicted rows by label")
              .tag("label", labels.get(i))
              .register(registry);
    }
  }

  /**
   * Settings of the windows.
   *
   * @param windowRows input rows drift and the class distribution are computed over
   * @param minRowsForDrift rows needed before PSI is reported
   * @param feedbackPendingRows predicted rows remembered for feedback
   * @param feedbackWindowRows labelled rows live accuracy is computed over
   */
  public record MonitoringSettings(
      int windowRows, int minRowsForDrift, int feedbackPendingRows, int feedbackWindowRows) {}

  public void record(String id, double[][] rows, Prediction prediction) {
    drift.record(rows);
    classes.record(prediction.classes());
    int[] perLabel = new int[predicted.length];
    for (int cls : prediction.classes()) {
      perLabel[cls]++;
    }
    for (int i = 0; i < perLabel.length; i++) {
      if (perLabel[i] > 0) {
        predicted[i].increment(perLabel[i]);
      }
    }
    feedback.remember(id, prediction.classes(), rows);
  }

  public FeedbackLedger feedback() {
    return feedback;
  }

  /** Where labelled rows are persisted, or {@code null} when they are not. */
  public FeedbackSink store() {
    return store;
  }

  /** The monitoring report as the operator reads it, made now. */
  public MonitoringReport report() {
    DriftWindow.Snapshot window = drift.snapshot();
    boolean enough = window.rows() >= minRows;
    List<MonitoringReport.FeatureDrift> features = new ArrayList<>();
    Double maxPsi = null;
    Double maxOutliers = null;
    for (DriftWindow.FeatureDrift feature : window.features()) {
      Double psi = enough ? feature.psi() : null;
      Double outliers = enough ? feature.outlierRate() : null;
      features.add(new MonitoringReport.FeatureDrift(feature.name(), psi, outliers));
      maxPsi = max(maxPsi, psi);
      maxOutliers = max(maxOutliers, outliers);
    }
    FeedbackLedger.Snapshot labelled = feedback.snapshot();
    return new MonitoringReport(
        new MonitoringReport.ModelInfo(
            manifest.name(),
            manifest.version(),
            formatName,
            manifest.metrics().get("accuracy"),
            loadSeconds),
        startedAt.toString(),
        Instant.now().toString(),
        new MonitoringReport.Window(window.rows(), window.capacity(), minRows),
        requests.totals(),
        new MonitoringReport.Drift(maxPsi, maxOutliers, features),
        classes.snapshot(),
        new MonitoringReport.Accuracy(
            labelled.accuracy(),
            labelled.rows(),
            labelled.windowCapacity(),
            labelled.totalRows(),
            labelled.totalCorrect(),
            labelled.pendingRequests(),
            labelled.pendingRows()),
        feedbackPart());
  }

  private MonitoringReport.Feedback feedbackPart() {
    if (store == null) {
      return MonitoringReport.Feedback.notPersisted();
    }
    FeedbackSink.Status status = store.status();
    return new MonitoringReport.Feedback(
        true,
        status.directory(),
        status.writer(),
        status.rows(),
        status.files(),
        status.currentFile(),
        status.writeFailures(),
        status.lastError(),
        status.lastErrorAt());
  }

  private static Double max(Double current, Double value) {
    if (value == null) {
      return current;
    }
    return current == null ? value : Math.max(current, value);
  }

  private void registerGauges(MeterRegistry registry, List<String> features) {
    for (int f = 0; f < features.size(); f++) {
      int index = f;
      Gauge.builder("drover.feature.psi", this, m -> m.featureDrift(index, true))
          .description("Population Stability Index of the feature over the input window")
          .tag("feature", features.get(f))
          .register(registry);
      Gauge.builder("drover.feature.outlier.rate", this, m -> m.featureDrift(index, false))
          .description("Share of the window's values outside the training range")
          .tag("feature", features.get(f))
          .register(registry);
    }
    // The rows behind the figures above: what replicas are weighted by when merged (the operator's
    // Prometheus source needs them as the servers' JSON report gives them).
    Gauge.builder("drover.drift.window.rows", this, m -> m.driftSnapshot().rows())
        .description("Input rows in the window that drift and outlier rates cover")
        .register(registry);
    Gauge.builder("drover.live.accuracy", feedback, l -> nan(l.snapshot().accuracy()))
        .description("Accuracy over the latest labelled predictions (feedback)")
        .register(registry);
    Gauge.builder("drover.live.accuracy.rows", feedback, l -> l.snapshot().rows())
        .description("Labelled rows that drover_live_accuracy is computed over")
        .register(registry);
    Gauge.builder("drover.feedback.rows", feedback, l -> l.snapshot().totalRows())
        .description("Rows that received ground truth since start")
        .register(registry);
    if (store != null) {
      FunctionCounter.builder("drover.feedback.persisted.rows", store, s -> s.status().rows())
          .description("Labelled rows persisted to the feedback data set since start")
          .register(registry);
      FunctionCounter.builder(
              "drover.feedback.write.failures", store, s -> s.status().writeFailures())
          .description("Feedback requests answered 503 because their rows could not be stored")
          .register(registry);
      Gauge.builder("drover.feedback.files", store, s -> s.status().files())
          .description("Feedback data set files this process created")
          .register(registry);
    }
    Gauge.builder("drover.model.load.seconds", this, m -> m.loadSeconds)
        .description("Time to load the model and run the warm-up inference")
        .register(registry);
  }

  /** A scrape reads every feature's gauges; one snapshot per second serves them all. */
  private double featureDrift(int feature, boolean psi) {
    DriftWindow.Snapshot snapshot = driftSnapshot();
    if (snapshot.rows() < minRows) {
      return Double.NaN;
    }
    DriftWindow.FeatureDrift value = snapshot.features().get(feature);
    return nan(psi ? value.psi() : value.outlierRate());
  }

  /** The window at most a second old: one scrape's gauges all read the same snapshot. */
  private DriftWindow.Snapshot driftSnapshot() {
    CachedDrift current = cached;
    long now = System.nanoTime();
    if (current.snapshot == null || now - current.takenAt > 1_000_000_000L) {
      current = new CachedDrift(now, drift.snapshot());
      cached = current;
    }
    return current.snapshot;
  }

  private static double nan(Double value) {
    return Objects.requireNonNullElse(value, Double.NaN);
  }

  private record CachedDrift(long takenAt, DriftWindow.Snapshot snapshot) {}
}
