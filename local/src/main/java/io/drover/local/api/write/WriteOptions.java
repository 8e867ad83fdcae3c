package io.drover.local.api.write;

import io.drover.local.api.admission.FieldValidation;
import io.drover.local.api.status.ApiException;

/**
 * The query parameters that shape a write.
 *
 * @param validation what to do with unknown fields ({@code fieldValidation})
 * @param dryRun whether to compute the answer without storing anything ({@code dryRun=All})
 */
public record WriteOptions(FieldValidation validation, boolean dryRun) {

  /** What a client that sends no parameters gets: unknown fields pruned silently. */
  public static WriteOptions defaults() {
    return new WriteOptions(FieldValidation.IGNORE, false);
  }

  /**
   * The {@code fieldValidation} parameter. kubectl sends Strict by default; a client that sends
   * nothing (Fabric8) gets Ignore, so its unknown fields are pruned without a warning.
   *
   * @throws ApiException 400 for a value other than Strict, Warn or Ignore
   */
  public static FieldValidation validation(String parameter) {
    if (parameter == null || parameter.isEmpty()) {
      return FieldValidation.IGNORE;
    }
    return switch (parameter) {
      case "Strict" -> FieldValidation.STRICT;
      case "Warn" -> FieldValidation.WARN;
      case "Ignore" -> FieldValidation.IGNORE;
      default ->
          throw ApiException.badRequest(
              "fieldValidation must be one of Strict, Warn or Ignore, not \"" + parameter + "\"");
    };
  }
}
