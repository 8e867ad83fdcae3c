package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One reason a write is refused, as a Kubernetes {@code StatusCause}: the field ({@code
 * spec.resources.gpus}), the cause type ({@code FieldValueInvalid}, ...), and the message kubectl
 * prints after the field ({@code Invalid value: -1: spec.resources.gpus in body should be greater
 * than or equal to 0}). {@code badValue} is the offending value, or null where Kubernetes omits it.
 *
 * <p>Types: FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldValueTooLong,
 * FieldValueTooMany, FieldValueDuplicate, FieldValueForbidden, FieldValueTypeInvalid,
 * InternalError, and UnknownField for fields refused by strict field validation.
 */
public record FieldError(String field, String type, String message, JsonNode badValue) {
  static final String INVALID = "FieldValueInvalid";
  static final String TYPE_INVALID = "FieldValueTypeInvalid";
  static final String REQUIRED = "FieldValueRequired";
  static final String NOT_SUPPORTED = "FieldValueNotSupported";
  static final String TOO_LONG = "FieldValueTooLong";
  static final String TOO_MANY = "FieldValueTooMany";
  static final String DUPLICATE = "FieldValueDuplicate";
  static final String FORBIDDEN = "FieldValueForbidden";
  static final String INTERNAL = "InternalError";
  static final String UNKNOWN_FIELD = "UnknownField";

  /** How kube-apiserver prints it: {@code <field>: <message>}. */
  @Override
  public String toString() {
    return field + ": " + message;
  }

  static FieldError invalid(String field, Object value, String detail) {
    return withValue(field, INVALID, "Invalid value", value, detail);
  }

  static FieldError typeInvalid(String field, Object value, String detail) {
    return withValue(field, TYPE_INVALID, "Invalid value", value, detail);
  }

  static FieldError required(String field, String detail) {
    return withoutValue(field, REQUIRED, "Required value", "", detail);
  }

  static FieldError forbidden(String field, String detail) {
    return withoutValue(field, FORBIDDEN, "Forbidden", "", detail);
  }

  static FieldError internal(String field, String detail) {
    return withoutValue(field, INTERNAL, "Internal error", null, detail);
  }

  static FieldError duplicate(String field, Object value) {
    return withValue(field, DUPLICATE, "Duplicate value", value, "");
  }

  /** {@code field.NotSupported}: the value and the quoted supported values. */
  static FieldError notSupported(String field, Object value, List<String> supported) {
    String detail =
        supported.isEmpty()
            ? ""
            : "supported values: "
                + supported.stream().map(GoValues::quote).collect(Collectors.joining(", "));
    return withValue(field, NOT_SUPPORTED, "Unsupported value", value, detail);
  }

  /** {@code field.TooLong}: the value itself is never shown. */
  static FieldError tooLong(String field, long maxLength) {
    String detail =
        maxLength >= 0
            ? "may not be more than " + maxLength + (maxLength == 1 ? " byte" : " bytes")
            : "value is too long";
    return withoutValue(field, TOO_LONG, "Too long", "<value omitted>", detail);
  }

  /** {@code field.TooMany}: how many there are and the most allowed. */
  static FieldError tooMany(String field, long actual, long max) {
    String detail =
        max >= 0
            ? "must have at most " + max + (max == 1 ? " item" : " items")
            : "has too many items";
    return withValue(field, TOO_MANY, "Too many", actual >= 0 ? actual : GoValues.OMITTED, detail);
  }

  static FieldError unknownField(String path) {
    return new FieldError(path, UNKNOWN_FIELD, "unknown field \"" + path + "\"", null);
  }

  /** Whether kube-apiserver skips CEL rules when this error is present ({@code hasBlockingErr}). */
  boolean blocksRules() {
    return switch (type) {
      case NOT_SUPPORTED, REQUIRED, TOO_LONG, TOO_MANY, TYPE_INVALID -> true;
      default -> false;
    };
  }

  private static FieldError withValue(
      String field, String type, String label, Object value, String detail) {
    String body = value == GoValues.OMITTED ? label : label + ": " + GoValues.badValue(value);
    return new FieldError(field, type, withDetail(body, detail), toJson(value));
  }

  private static FieldError withoutValue(
      String field, String type, String label, Object value, String detail) {
    return new FieldError(field, type, withDetail(label, detail), toJson(value));
  }

  private static String withDetail(String body, String detail) {
    return detail == null || detail.isEmpty() ? body : body + ": " + detail;
  }

  private static JsonNode toJson(Object value) {
    if (value == GoValues.OMITTED) {
      return null;
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    if (value instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (value instanceof Double d) {
      return DoubleNode.valueOf(d);
    }
    if (value instanceof Number n) {
      return LongNode.valueOf(n.longValue());
    }
    if (value instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    }
    return NullNode.getInstance();
  }
}
