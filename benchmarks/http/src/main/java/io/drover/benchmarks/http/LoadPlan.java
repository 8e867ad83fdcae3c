package io.drover.benchmarks.http;

import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What one open-loop run sends: {@code rate} requests per second to {@code target} for {@code
 * warmup} (sent, not recorded) and then {@code duration} (recorded), over at most {@code
 * connections} keep-alive connections, each request given up after {@code timeout} from the time it
 * was due.
 */
public record LoadPlan(
    URI target,
    HttpMethod method,
    byte[] body,
    String contentType,
    double rate,
    Duration warmup,
    Duration duration,
    int connections,
    Duration timeout) {

  public LoadPlan {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(method, "method");
    if (!"http".equals(target.getScheme()) || target.getHost() == null) {
      throw new IllegalArgumentException("url: expected http://host:port/path, got " + target);
    }
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate: requests per second must be > 0, got " + rate);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup: must be >= 0, got " + warmup);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration: must be > 0, got " + duration);
    }
    if (connections < 1) {
      throw new IllegalArgumentException("connections: must be >= 1, got " + connections);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: must be > 0, got " + timeout);
    }
  }

  /** Requests due during the warm-up: the first ones, sent but neither timed nor counted. */
  long warmupRequests() {
    return Math.round(rate * warmup.toNanos() / 1e9);
  }

  /** Requests due in the whole run, warm-up included. */
  long totalRequests() {
    return warmupRequests() + Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
  }

  /** When request {@code index} (0-based) is due, in nanoseconds after the run's start. */
  long dueNanos(long index) {
    return (long) (index * 1e9 / rate);
  }

  int port() {
    return target.getPort() > 0 ? target.getPort() : 80;
  }

  String pathAndQuery() {
    String path =
        target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
  }
}
