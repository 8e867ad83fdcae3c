package io.drover.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The server's settings; every one is also an environment variable ({@code drover.model.uri} is
 * {@code DROVER_MODEL_URI}, {@code drover.max-batch-rows} is {@code DROVER_MAX_BATCH_ROWS}).
 */
@ConfigMapping(prefix = "drover")
public interface ServingConfig {

  /** {@code server} (default): serve one model bundle; {@code router}: route to model servers. */
  @WithDefault("server")
  String mode();

  Model model();

  Bundle bundle();

  Router router();

  /** Largest request body accepted, in bytes; larger ones get 413. */
  @WithDefault("4194304")
  int maxBodyBytes();

  /** Most rows one infer request may carry; more get 413. */
  @WithDefault("1024")
  int maxBatchRows();

  Monitoring monitoring();

  Feedback feedback();

  Http http();

  /** The listener's own limits; Quarkus' {@code quarkus.http.*} settings hold the others. */
  interface Http {
    /** Time a client has, once its headers are in, to send the rest of its request; then 408. */
    @WithDefault("30s")
    java.time.Duration readTimeout();

    /**
     * Time a client has, from the first byte of a request, to send its request line and headers;
     * then 408 and the connection is closed.
     */
    @WithDefault("10s")
    java.time.Duration headerTimeout();
  }

  interface Router {
    /** Standalone: a YAML routing-table file, re-read when it changes. */
    Optional<String> config();

    /** In a cluster: the ConfigMap holding the table, {@code name} or {@code namespace/name}. */
    Optional<String> configmap();

    /** The InferenceService to annotate for a wake-up, {@code name} or {@code namespace/name}. */
    Optional<String> inferenceService();

    /** How long a request waits for a scaled-to-zero variant before 503. */
    @WithDefault("60s")
    java.time.Duration activationTimeout();

    /** How long a backend may take to answer. */
    @WithDefault("30s")
    java.time.Duration backendTimeout();

    /** The sliding window of the per-variant statistics. */
    @WithDefault("60s")
    java.time.Duration statsWindow();

    /** Shadow copies in flight at most; more are dropped and counted, never queued. */
    @WithDefault("64")
    int maxShadowsInFlight();

    /** Numeric outputs closer than this agree, when the answers carry no labels. */
    @WithDefault("0.001")
    double agreementTolerance();

    /** Request ids remembered with the variant that answered them, to route their feedback. */
    @WithDefault("100000")
    int feedbackIds();
  }

  interface Model {
    /**
     * The bundle: a directory, or {@code s3://bucket/prefix}. Required; optional here so that its
     * absence gets a clear message.
     */
    Optional<String> uri();

    /** The name the model is served under; the manifest's name when unset. */
    Optional<String> name();
  }

  /** A bundle fetched from object storage ({@code DROVER_MODEL_URI=s3://...}). */
  interface Bundle {
    /**
     * {@code DROVER_BUNDLE_DIGEST}: the digest the registry recorded; a fetched bundle with another
     * is refused, and a cached one with it is used without a download.
     */
    Optional<String> digest();

    /**
     * {@code DROVER_BUNDLE_CACHE}: the directory fetched bundles are kept in, one per digest;
     * {@code drover-bundles} in the temporary directory when unset.
     */
    Optional<String> cache();
  }

  interface Monitoring {
    /** Input rows the drift and class-distribution window holds. */
    @WithDefault("1000")
    int windowRows();

    /** Rows the window needs before PSI and outlier rates are reported. */
    @WithDefault("100")
    int minRows();
  }

  interface Feedback {
    /** Predicted rows remembered for feedback; the oldest are forgotten first. */
    @WithDefault("100000")
    int pendingRows();

    /** Labelled rows live accuracy is computed over. */
    @WithDefault("1000")
    int windowRows();

    /**
     * {@code DROVER_FEEDBACK_DIR}: the directory labelled rows are appended to as training data, or
     * the {@code s3://} prefix they are uploaded under ({@link
     * io.drover.contract.serving.FeedbackDataset}); unset, they are scored but not kept.
     */
    Optional<String> dir();

    /**
     * {@code DROVER_FEEDBACK_ROTATE_ROWS}: rows per feedback file before a new one is started
     * ({@link io.drover.contract.serving.FeedbackDataset#DEFAULT_ROTATE_ROWS}).
     */
    @WithDefault("10000")
    int rotateRows();

    /**
     * {@code DROVER_FEEDBACK_FLUSH_SECONDS}: with an {@code s3://} feedback location, seconds
     * between two uploads of the buffered rows ({@link
     * io.drover.contract.serving.FeedbackDataset#DEFAULT_FLUSH_SECONDS}).
     */
    @WithDefault("10")
    int flushSeconds();

    /**
     * {@code DROVER_FEEDBACK_BUFFER_ROWS}: with an {@code s3://} feedback location, the most rows
     * held while they wait for upload ({@link
     * io.drover.contract.serving.FeedbackDataset#DEFAULT_BUFFER_ROWS}).
     */
    @WithDefault("50000")
    int bufferRows();
  }
}
