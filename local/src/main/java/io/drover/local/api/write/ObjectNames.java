package io.drover.local.api.write;

import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Names objects from {@code generateName} and checks names as a real API server does. */
final class ObjectNames {

  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ObjectNames() {}

  /** {@code generateName} plus five random characters, as the API server generates names. */
  static String generate(String prefix) {
    StringBuilder name = new StringBuilder(prefix);
    for (int i = 0; i < 5; i++) {
      name.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
    }
    return name.toString();
  }

  /**
   * @throws ApiException 422 naming {@code metadata.name} when the kind does not accept it
   */
  static void check(ResourceType type, String name) {
    String problem = problem(type, name);
    if (problem != null) {
      throw Invalid.of(
          type,
          name,
          new Invalid.Cause(
              "FieldValueInvalid", "metadata.name", "Invalid value: \"" + name + "\": " + problem));
    }
  }

  private static String problem(ResourceType type, String name) {
    if (type.group().equals("rbac.authorization.k8s.io")) {
      return name.contains("/") || name.contains("%") || name.equals(".") || name.equals("..")
          ? "may not contain '/' or '%', nor be '.' or '..'"
          : null;
    }
    if (type.plural().equals("namespaces") || type.plural().equals("services")) {
      return name.length() <= 63 && DNS_LABEL.matcher(name).matches()
          ? null
          : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-',"
              + " and must start and end with an alphanumeric character (e.g. 'my-name',  or"
              + " '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    }
    return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches()
        ? null
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
            + " or '.', and must start and end with an alphanumeric character (e.g."
            + " 'example.com', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  }
}
