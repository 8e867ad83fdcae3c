package io.drover.local.api.write;

/**
 * The query parameters that shape a write.
 *
 * @param validation what to do with unknown fields
 * @param dryRun whether to compute the answer without storing anything ({@code dryRun=All})
 */
public record WriteOptions(ValidationDirective validation, boolean dryRun) {

  /** What a client that sends no parameters gets. */
  public static WriteOptions defaults() {
    return new WriteOptions(ValidationDirective.IGNORE, false);
  }
}
