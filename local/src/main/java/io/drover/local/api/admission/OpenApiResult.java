package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of validating one value against one schema, as kube-openapi's {@code
 * validate.Result}: errors (deduplicated by message) and a match count that picks which failing
 * anyOf/oneOf branch gets reported.
 */
final class OpenApiResult {
  // kube-openapi's error codes (errors.InvalidTypeCode and following).
  static final int INVALID_TYPE = 600;
  static final int REQUIRED = 601;
  static final int TOO_LONG = 602;
  static final int TOO_SHORT = 603;
  static final int PATTERN = 604;
  static final int ENUM = 605;
  static final int MULTIPLE_OF = 606;
  static final int MAX = 607;
  static final int MIN = 608;
  static final int UNIQUE = 609;
  static final int MAX_ITEMS = 610;
  static final int MIN_ITEMS = 611;
  static final int TOO_FEW_PROPERTIES = 613;
  static final int TOO_MANY_PROPERTIES = 614;
  static final int UNALLOWED_PROPERTY = 615;
  static final int MULTIPLE_OF_MUST_BE_POSITIVE = 617;

  /**
   * One kube-openapi error. {@code validation} tells an {@code errors.Validation} (which names a
   * field) from a plain error (which kube-apiserver reports against the root).
   */
  record Error(
      boolean validation,
      int code,
      String name,
      Object value,
      Long valid,
      List<JsonNode> values,
      String message) {
    static Error of(int code, String name, Object value, Long valid, String message) {
      return new Error(true, code, name, value, valid, List.of(), message);
    }

    static Error plain(String message) {
      return new Error(false, 0, "", null, null, List.of(), message);
    }
  }

  private final List<Error> errors = new ArrayList<>();
  int matchCount;

  static OpenApiResult failure(Error error) {
    OpenApiResult r = new OpenApiResult();
    r.add(error);
    return r;
  }

  void add(Error error) {
    if (error == null) {
      return;
    }
    for (Error e : errors) {
      if (e.message().equals(error.message())) {
        return;
      }
    }
    errors.add(error);
  }

  OpenApiResult merge(OpenApiResult other) {
    if (other != null) {
      other.errors.forEach(this::add);
      matchCount += other.matchCount;
    }
    return this;
  }

  void inc() {
    matchCount++;
  }

  boolean isValid() {
    return errors.isEmpty();
  }

  List<Error> errors() {
    return errors;
  }

  /** Ratcheting: the errors of an unchanged value become (unreported) warnings. */
  void dropErrors() {
    errors.clear();
  }

  /**
   * kube-apiserver's {@code kubeOpenAPIResultToFieldErrors}: each error against {@code prefix}
   * (null for the resource root, {@code status} for the status subresource) plus the error's name.
   */
  List<FieldError> toFieldErrors(String prefix) {
    List<FieldError> out = new ArrayList<>();
    for (Error e : errors) {
      if (!e.validation()) {
        out.add(FieldError.invalid(prefix == null ? "<nil>" : prefix, "", e.message()));
        continue;
      }
      String field = prefix;
      String name = e.name();
      if (!name.isEmpty() && !name.equals(".")) {
        String child = name.startsWith(".") ? name.substring(1) : name;
        field = prefix == null ? child : prefix + "." + child;
      }
      if (field == null) {
        field = "<nil>";
      }
      Object value = e.value() == null ? "" : e.value();
      out.add(
          switch (e.code()) {
            case REQUIRED -> FieldError.required(field, "");
            case ENUM -> FieldError.notSupported(field, e.value(), enumStrings(e.values()));
            case TOO_LONG -> FieldError.tooLong(field, e.valid() == null ? -1 : e.valid());
            case MAX_ITEMS, TOO_MANY_PROPERTIES ->
                FieldError.tooMany(
                    field,
                    e.value() instanceof Long l ? l : -1,
                    e.valid() == null ? -1 : e.valid());
            case INVALID_TYPE -> FieldError.typeInvalid(field, value, e.message());
            default -> FieldError.invalid(field, value, e.message());
          });
    }
    return out;
  }

  private static List<String> enumStrings(List<JsonNode> values) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : values) {
      out.add(v.isTextual() ? v.textValue() : GoValues.json(v));
    }
    return out;
  }
}
