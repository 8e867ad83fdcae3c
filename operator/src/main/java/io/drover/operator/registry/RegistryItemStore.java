package io.drover.operator.registry;

import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.kubernetes.SharedCopies;
import io.drover.operator.kubernetes.SharedItemStore;

/**
 * The item store of every informer of ModelVersions in the operator: the ModelVersion controller's
 * own, the InferenceService controller's (a service's version) and the TrainingRun controller's
 * (the version a run registered). A registry grows for years; with this store the process holds one
 * copy of it, not one per controller.
 *
 * <p>The copies are process-wide because JOSDK instantiates the primary informer's store from the
 * controller's annotation, with no arguments.
 */
public final class RegistryItemStore extends SharedItemStore<ModelVersion> {

  /** The ModelVersions every {@code RegistryItemStore} shares. */
  public static final SharedCopies<ModelVersion> COPIES = new SharedCopies<>();

  public RegistryItemStore() {
    super(COPIES);
  }
}
