package io.drover.local.api.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.resource.ResourceType;
import java.util.List;

/** Admits every custom object unchanged: the stand-in until schema and CEL admission lands. */
public final class PassThroughAdmission implements CustomResourceAdmission {

  @Override
  public Admitted admitCreate(ResourceType type, ObjectNode object, ValidationDirective directive) {
    return new Admitted(object, List.of());
  }

  @Override
  public Admitted admitUpdate(
      ResourceType type,
      ObjectNode oldObject,
      ObjectNode newObject,
      ValidationDirective directive,
      boolean status) {
    return new Admitted(newObject, List.of());
  }
}
