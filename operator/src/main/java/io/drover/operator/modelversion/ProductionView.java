package io.drover.operator.modelversion;

import io.drover.operator.api.modelversion.ModelVersion;
import java.util.Optional;

/**
 * The Production version of a model as a version's reconcile sees it.
 *
 * @param recorded the name the registry record holds, if any; a compare-and-swap expects it
 * @param version that ModelVersion when it is another version and still exists; a deleted holder
 *     counts as no Production version
 */
record ProductionView(Optional<String> recorded, Optional<ModelVersion> version) {

  /** The record names a version that no longer exists. */
  boolean dangling() {
    return recorded.isPresent() && version.isEmpty();
  }
}
