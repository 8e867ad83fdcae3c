package io.drover.local.runner.control;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Optional;

/** Work-queue keys ({@code namespace/name}) and the owner links controllers follow. */
public final class Keys {

  private Keys() {}

  public static String of(HasMetadata object) {
    return of(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  public static String of(String namespace, String name) {
    return namespace + "/" + name;
  }

  public static String namespace(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  public static String name(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  /** The controller owner reference of the object, when it is of the given kind. */
  public static Optional<OwnerReference> controller(HasMetadata object, String kind) {
    if (object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return object.getMetadata().getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()) && kind.equals(o.getKind()))
        .findFirst();
  }

  /** Whether the object's controller is the given owner (by UID: names are reused). */
  public static boolean controlledBy(HasMetadata object, HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    return object.getMetadata().getOwnerReferences() != null
        && object.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid()));
  }
}
