package io.drover.storage;

import io.drover.contract.StorageEnvironment;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the object store, read from the environment variables of {@link StorageEnvironment}:
 * the operator sets them in every container it starts.
 *
 * @param endpoint an S3-compatible store's endpoint, or empty for AWS S3
 * @param pathStyle address buckets in the path rather than the host name
 * @param region the bucket's region ({@value StorageEnvironment#DEFAULT_REGION} when unset)
 * @param timeout how long one request may take
 */
public record StorageSettings(
    Optional<URI> endpoint,
    boolean pathStyle,
    String region,
    Duration timeout,
    CredentialsSource credentials) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** From the process environment. */
  public static StorageSettings fromEnvironment() {
    return from(System.getenv());
  }

  /**
   * @throws StorageException ({@link StorageException.Reason#INVALID_LOCATION}) naming the variable
   *     that is malformed
   */
  public static StorageSettings from(Map<String, String> env) {
    return new StorageSettings(
        endpoint(value(env, StorageEnvironment.ENDPOINT)),
        flag(env, StorageEnvironment.PATH_STYLE),
        Optional.ofNullable(value(env, StorageEnvironment.REGION))
            .orElse(StorageEnvironment.DEFAULT_REGION),
        timeout(value(env, StorageEnvironment.TIMEOUT_SECONDS)),
        credentials(env));
  }

  /** The endpoint as messages name it. */
  public String describeEndpoint() {
    return endpoint
        .map(URI::toString)
        .orElse(
            "AWS S3 (region %s; set %s for another store)"
                .formatted(region, StorageEnvironment.ENDPOINT));
  }

  private static CredentialsSource credentials(Map<String, String> env) {
    String id = value(env, StorageEnvironment.ACCESS_KEY_ID);
    String secret = value(env, StorageEnvironment.SECRET_ACCESS_KEY);
    if (id == null && secret == null) {
      return CredentialsSource.defaultChain();
    }
    if (id == null || secret == null) {
      throw invalid(
          id == null ? StorageEnvironment.ACCESS_KEY_ID : StorageEnvironment.SECRET_ACCESS_KEY,
          "is not set while %s is: static credentials need both (check the Secret's keys)"
              .formatted(
                  id == null
                      ? StorageEnvironment.SECRET_ACCESS_KEY
                      : StorageEnvironment.ACCESS_KEY_ID));
    }
    return new CredentialsSource(
        id,
        secret,
        value(env, StorageEnvironment.SESSION_TOKEN),
        value(env, StorageEnvironment.CREDENTIALS_SECRET));
  }

  private static Optional<URI> endpoint(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw invalid(
            StorageEnvironment.ENDPOINT,
            "=%s must be an http(s) URL such as http://minio.storage.svc:9000".formatted(text));
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw invalid(
          StorageEnvironment.ENDPOINT, "=%s is not a URL: %s".formatted(text, e.getMessage()));
    }
  }

  private static boolean flag(Map<String, String> env, String name) {
    String text = value(env, name);
    if (text == null) {
      return false;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name, "=%s must be true or false".formatted(text));
    };
  }

  private static Duration timeout(String text) {
    if (text == null) {
      return DEFAULT_TIMEOUT;
    }
    try {
      long seconds = Long.parseLong(text);
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(
        StorageEnvironment.TIMEOUT_SECONDS,
        "=%s must be a positive whole number of seconds".formatted(text));
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static StorageException invalid(String name, String problem) {
    return new StorageException(
        StorageException.Reason.INVALID_LOCATION,
        name + (problem.startsWith("=") ? "" : " ") + problem);
  }
}
