package io.drover.operator.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names of derived objects that stay valid however long their owner's name is. */
public final class ObjectNames {

  /** Label values and Job names stop at 63 characters (the Job controller labels its pods). */
  static final int MAX_NAME = 63;

  private ObjectNames() {}

  /** {@code base + suffix}, shortened to 63 characters and kept unique by a hash of the base. */
  public static String bounded(String base, String suffix) {
    String name = base + suffix;
    if (name.length() <= MAX_NAME) {
      return name;
    }
    String hash = sha256(base).substring(0, 8);
    int keep = MAX_NAME - suffix.length() - hash.length() - 1;
    String head = base.substring(0, keep).replaceAll("[-.]+$", "");
    return head + "-" + hash + suffix;
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
