package io.drover.local.api.admission;

/**
 * A field path rendered as Kubernetes' {@code field.Path} renders it: {@code spec.steps[0]} for
 * children and indexes, {@code spec.labels[key]} for map keys, and {@code <nil>} for the root.
 */
final class FieldPath {
  static final FieldPath ROOT = new FieldPath("");

  private final String rendered;

  private FieldPath(String rendered) {
    this.rendered = rendered;
  }

  static FieldPath of(String name) {
    return ROOT.child(name);
  }

  FieldPath child(String name) {
    return new FieldPath(rendered.isEmpty() ? name : rendered + "." + name);
  }

  FieldPath key(String key) {
    return new FieldPath(rendered + "[" + key + "]");
  }

  FieldPath index(int index) {
    return new FieldPath(rendered + "[" + index + "]");
  }

  boolean isRoot() {
    return rendered.isEmpty();
  }

  @Override
  public String toString() {
    return rendered.isEmpty() ? "<nil>" : rendered;
  }
}
