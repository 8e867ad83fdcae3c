package io.drover.local.runner.control;

import java.security.SecureRandom;

/** Generated object names, as the API server's {@code generateName} makes them. */
public final class Names {

  /** Kubernetes' alphabet for random suffixes: no vowels (no words), no look-alike digits. */
  static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Names() {}

  /** {@code prefix} followed by five random characters; the prefix is cut to fit 63. */
  public static String generate(String prefix) {
    String base = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
    StringBuilder name = new StringBuilder(base);
    for (int i = 0; i < 5; i++) {
      name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return name.toString();
  }

  /**
   * Kubernetes' {@code rand.SafeEncodeString}: each character mapped into the alphabet, so a hash
   * written as digits reads like a name ({@code 7d9c5b8f6d}).
   */
  public static String safeEncode(String digits) {
    StringBuilder out = new StringBuilder(digits.length());
    for (char c : digits.toCharArray()) {
      out.append(ALPHABET.charAt(c % ALPHABET.length()));
    }
    return out.toString();
  }
}
