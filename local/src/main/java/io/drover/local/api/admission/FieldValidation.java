package io.drover.local.api.admission;

/**
 * The {@code fieldValidation} query parameter of a write: what happens to fields the schema does
 * not know. STRICT refuses the request (kubectl's default), WARN drops them with a warning, IGNORE
 * drops them silently.
 */
public enum FieldValidation {
  STRICT,
  WARN,
  IGNORE
}
