package io.drover.local.api.write;

import io.drover.local.api.status.ApiException;

/**
 * The {@code fieldValidation} query parameter: what to do with fields the schema does not know.
 * kubectl sends Strict by default; clients that send nothing (Fabric8) get Ignore, so unknown
 * fields are pruned without a warning.
 */
public enum ValidationDirective {
  /** Refuse the request, naming every unknown field. */
  STRICT,
  /** Prune unknown fields and say so in {@code Warning} headers. */
  WARN,
  /** Prune unknown fields silently. */
  IGNORE;

  /**
   * @param parameter the query parameter's value, or null when absent
   * @throws ApiException 400 for a value other than Strict, Warn or Ignore
   */
  public static ValidationDirective of(String parameter) {
    if (parameter == null || parameter.isEmpty() || parameter.equals("Ignore")) {
      return IGNORE;
    }
    return switch (parameter) {
      case "Strict" -> STRICT;
      case "Warn" -> WARN;
      default ->
          throw ApiException.badRequest(
              "fieldValidation must be one of Strict, Warn or Ignore, not \"" + parameter + "\"");
    };
  }
}
