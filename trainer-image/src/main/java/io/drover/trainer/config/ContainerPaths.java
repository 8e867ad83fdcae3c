package io.drover.trainer.config;

import io.drover.trainer.TrainerFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Turns a location from the contract into a path inside the container. The operator mounts
 * volume-backed data and passes plain paths; {@code s3://} locations are fetched by {@code
 * TrainerStorage} before they get here; anything with another scheme is data this trainer cannot
 * fetch.
 */
public final class ContainerPaths {

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private ContainerPaths() {}

  /**
   * @param variable the environment variable the location came from, named in errors
   * @param location a plain path or a {@code file:} URI
   */
  public static Path resolve(String variable, String location) {
    if (location == null || location.isBlank()) {
      throw TrainerFailure.invalidInput(variable + " is not set; it must name a path");
    }
    String trimmed = location.strip();
    try {
      if (SCHEME.matcher(trimmed).find()) {
        URI uri = new URI(trimmed);
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
          throw TrainerFailure.invalidInput(
              ("%s=%s: the built-in trainer reads paths inside its container and s3:// "
                      + "locations, not %s:// ones; put the data on a volume (pvc://claim/path) "
                      + "so the operator mounts it, in an S3-protocol store (s3://bucket/key), or "
                      + "use a trainer image that fetches %s")
                  .formatted(variable, trimmed, uri.getScheme(), uri.getScheme()));
        }
        return Path.of(uri);
      }
      return Path.of(trimmed);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw TrainerFailure.invalidInput(
          "%s=%s is not a valid path: %s".formatted(variable, trimmed, e.getMessage()));
    }
  }
}
