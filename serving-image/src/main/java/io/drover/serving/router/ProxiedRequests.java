package io.drover.serving.router;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
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

  /**
   * The target to send a variant: the client's origin-form ({@code /path?query}) as is; an
   * absolute-form one ({@code http://host/path}, RFC 9112 §3.2.2) routed by its path and query.
   */
  static String originForm(HttpServerRequest request) {
    String uri = request.uri();
    if (uri.startsWith("/")) {
      return uri;
    }
    String path = request.path() == null || request.path().isEmpty() ? "/" : request.path();
    return request.query() == null ? path : path + "?" + request.query();
  }

  /** {@code POST .../infer} (v2, with or without a version) or {@code POST ...:predict} (v1). */
  static boolean isInference(HttpMethod method, String path) {
    return method == HttpMethod.POST && path != null && INFERENCE.matcher(path).matches();
  }

  /** {@code POST /v2/models/{name}[/versions/{version}]/feedback}. */
  static boolean isFeedback(HttpMethod method, String path) {
    return method == HttpMethod.POST && path != null && FEEDBACK.matcher(path).matches();
  }
}
