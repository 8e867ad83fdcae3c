package io.drover.serving.router;

import io.vertx.core.http.HttpMethod;
import java.util.regex.Pattern;

/**
 * What a proxied request is, by method and path: only inference makes predictions, so only
 * inference is mirrored to shadows, compared, and remembered for feedback.
 */
final class ProxiedRequests {

  private static final Pattern INFERENCE =
      Pattern.compile("/v2/models/[^/]+(/versions/[^/]+)?/infer|/v1/models/[^/]+:predict");
  private static final Pattern FEEDBACK =
      Pattern.compile("/v2/models/[^/]+(/versions/[^/]+)?/feedback");

  private ProxiedRequests() {}

  /** {@code POST .../infer} (v2, with or without a version) or {@code POST ...:predict} (v1). */
  static boolean isInference(HttpMethod method, String path) {
    return method == HttpMethod.POST && path != null && INFERENCE.matcher(path).matches();
  }

  /** {@code POST /v2/models/{name}[/versions/{version}]/feedback}. */
  static boolean isFeedback(HttpMethod method, String path) {
    return method == HttpMethod.POST && path != null && FEEDBACK.matcher(path).matches();
  }
}
