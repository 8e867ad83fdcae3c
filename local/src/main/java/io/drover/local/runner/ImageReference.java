package io.drover.local.runner;

/** The repository part of an image reference: {@code registry/path[:tag][@digest]}. */
public final class ImageReference {

  private ImageReference() {}

  /** {@code ghcr.io/drover-dev/drover-trainer:0.1.0@sha256:…} → {@code ghcr.io/drover-dev/…}. */
  public static String repositoryOf(String image) {
    String name = image.strip();
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    // A colon before the last slash belongs to a registry port (localhost:5000/x), not a tag.
    return colon > slash ? name.substring(0, colon) : name;
  }

  static boolean hasTagOrDigest(String image) {
    return !repositoryOf(image).equals(image.strip());
  }
}
