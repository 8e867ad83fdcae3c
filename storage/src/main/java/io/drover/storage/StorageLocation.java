package io.drover.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A place data or a bundle lives: an object (or key prefix) in an S3-protocol store, written {@code
 * s3://bucket/key}, or a path on the local file system (a plain path or a {@code file:} URI; the
 * operator turns {@code pvc://} locations into such paths before a container sees them).
 *
 * @param bucket the bucket, or {@code null} for a local path
 * @param key the object key or key prefix without leading or trailing slashes ({@code ""} for the
 *     whole bucket), or {@code null} for a local path
 * @param path the local path, or {@code null} for an object-store location
 */
public record StorageLocation(String bucket, String key, Path path) {

  private static final String S3 = "s3://";
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  // S3's bucket naming rules, loosely: what the operator's admission rule also accepts.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,62}");

  /**
   * Parses a location.
   *
   * @param name what the location came from (an environment variable, a field), named in errors
   * @throws StorageException ({@link StorageException.Reason#INVALID_LOCATION}) naming {@code name}
   *     and what to write instead
   */
  public static StorageLocation parse(String name, String text) {
    if (text == null || text.isBlank()) {
      throw invalid(name, text, "it is empty; give a path or s3://<bucket>/<key>");
    }
    String location = text.strip();
    if (location.regionMatches(true, 0, S3, 0, S3.length())) {
      String rest = location.substring(S3.length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String key = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
      if (!BUCKET.matcher(bucket).matches()) {
        throw invalid(
            name,
            location,
            "\"%s\" is not a bucket name (3-63 lowercase letters, digits, dots and hyphens)"
                .formatted(bucket));
      }
      return new StorageLocation(bucket, key, null);
    }
    try {
      if (SCHEME.matcher(location).find()) {
        URI uri = new URI(location);
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
          throw invalid(
              name,
              location,
              "%s:// locations are not supported; use s3://<bucket>/<key> (any S3-protocol store)"
                      .formatted(uri.getScheme())
                  + ", a volume (pvc://<claim>/<path>) or a path");
        }
        return new StorageLocation(null, null, Path.of(uri));
      }
      return new StorageLocation(null, null, Path.of(location));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw invalid(name, location, "not a valid path or URI: " + e.getMessage());
    }
  }

  /** Whether this names an object-store location rather than a local path. */
  public boolean isObjectStore() {
    return bucket != null;
  }

  /**
   * The location of {@code name} inside this one (a key under this prefix, a file in this path).
   */
  public StorageLocation resolve(String name) {
    if (!isObjectStore()) {
      return new StorageLocation(null, null, path.resolve(name));
    }
    String child = trimSlashes(name);
    return new StorageLocation(bucket, key.isEmpty() ? child : key + "/" + child, null);
  }

  /** The last segment of the key or path: the name a downloaded object gets locally. */
  public String name() {
    if (!isObjectStore()) {
      return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }
    return key.isEmpty() ? bucket : key.substring(key.lastIndexOf('/') + 1);
  }

  /** {@code s3://bucket/key} or the path, as a person would write it. */
  @Override
  public String toString() {
    if (!isObjectStore()) {
      return path.toString();
    }
    return key.isEmpty() ? S3 + bucket : S3 + bucket + "/" + key;
  }

  private static String trimSlashes(String text) {
    return text.replaceAll("^/+", "").replaceAll("/+$", "");
  }

  private static StorageException invalid(String name, String text, String problem) {
    return new StorageException(
        StorageException.Reason.INVALID_LOCATION, "%s=%s: %s".formatted(name, text, problem));
  }
}
