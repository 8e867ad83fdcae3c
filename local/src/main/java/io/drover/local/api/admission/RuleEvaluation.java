package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import io.drover.local.api.admission.CelRules.CompiledRule;
import io.drover.local.api.admission.CelRules.Node;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a compiled rule tree over an object, as kube-apiserver's {@code cel.Validator} does: each
 * rule with {@code self} bound to the value at its node and {@code oldSelf} to the stored value
 * there (object fields by name, list-map items by key); transition rules run only where a stored
 * value exists, unless {@code optionalOldSelf}. On updates, the failure of a rule that does not
 * mention {@code oldSelf}, in a value that did not change, is a warning (ratcheting).
 */
final class RuleEvaluation {
  private static final int MAX_MESSAGE_BYTES = 5 * 1024;
  private static final Pattern CEL_LOCATION =
      Pattern.compile("^evaluation error( at [^:]*:\\d+)?: ");
  private static final Pattern MISSING_KEY =
      Pattern.compile("^key '(.*)' is not present in map\\.$");

  private final List<FieldError> errors;
  private final List<String> warnings;

  private RuleEvaluation(List<FieldError> errors, List<String> warnings) {
    this.errors = errors;
    this.warnings = warnings;
  }

  /**
   * Evaluates every rule of {@code root} (compiled from {@code rootSchema}) on {@code object};
   * {@code old} is the stored object on an update, null on a create. Failures go to {@code errors},
   * ratcheted ones to {@code warnings}.
   */
  static void run(
      Node root,
      Schema rootSchema,
      JsonNode object,
      JsonNode old,
      List<FieldError> errors,
      List<String> warnings) {
    Ratchet ratchet =
        old == null ? Ratchet.NONE : new Ratchet(Correlation.of(object, old, rootSchema), null);
    new RuleEvaluation(errors, warnings).validate(root, FieldPath.ROOT, object, old, ratchet);
  }

  /** Which stored value an error is ratcheted against ({@code ratchetingOptions}). */
  private record Ratchet(Correlation current, Correlation nearestParent) {
    static final Ratchet NONE = new Ratchet(null, null);

    boolean ratchets() {
      if (current != null) {
        return current.unchanged();
      }
      return nearestParent != null && nearestParent.unchanged();
    }

    Ratchet key(String field) {
      if (current == null) {
        return this;
      }
      if (nearestParent == null && (field.equals("apiVersion") || field.equals("kind"))) {
        return NONE;
      }
      return new Ratchet(current.key(field), current);
    }

    Ratchet index(int i) {
      return current == null ? this : new Ratchet(current.index(i), current);
    }
  }

  private void validate(Node node, FieldPath path, JsonNode obj, JsonNode old, Ratchet ratchet) {
    if (node == null || obj == null || obj.isNull()) {
      return;
    }
    if (old != null && old.isNull()) {
      old = null;
    }
    evaluate(node, path, obj, old, ratchet);
    for (Node branch : node.allOf) {
      validate(branch, path, obj, old, new Ratchet(null, ratchet.nearestParent()));
    }
    if (obj.isArray() && node.items != null) {
      Correlation pairs =
          old != null && old.isArray() && Correlation.isMapList(node.schema) && old.size() > 0
              ? Correlation.of(obj, old, node.schema)
              : null;
      for (int i = 0; i < obj.size(); i++) {
        JsonNode oldItem = pairs == null ? null : pairs.oldItem(obj.get(i));
        validate(node.items, path.index(i), obj.get(i), oldItem, ratchet.index(i));
      }
    } else if (obj.isObject()) {
      boolean correlatable =
          node.schema.mapType.isEmpty()
              || node.schema.mapType.equals("granular")
              || node.schema.mapType.equals("atomic");
      JsonNode oldMap = correlatable && old != null && old.isObject() ? old : null;
      if (node.additionalProperties != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          validate(
              node.additionalProperties,
              path.key(e.getKey()),
              e.getValue(),
              oldMap == null ? null : oldMap.get(e.getKey()),
              ratchet.key(e.getKey()));
        }
      }
      if (!node.properties.isEmpty()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          Node sub = node.properties.get(e.getKey());
          if (sub != null) {
            validate(
                sub,
                path.child(e.getKey()),
                e.getValue(),
                oldMap == null ? null : oldMap.get(e.getKey()),
                ratchet.key(e.getKey()));
          }
        }
      }
    }
  }

  private void evaluate(Node node, FieldPath path, JsonNode obj, JsonNode old, Ratchet ratchet) {
    if (node.rules.isEmpty()) {
      return;
    }
    Schema sts = node.schema;
    Vars vars = null;
    Vars optionalVars = null;
    String conversionError = null;
    try {
      Object self = CelValues.of(obj, sts);
      Object oldSelf = old == null ? null : CelValues.of(old, sts);
      vars = new Vars(self, oldSelf);
      optionalVars = new Vars(self, Optional.ofNullable(oldSelf));
    } catch (CelValues.InvalidData e) {
      conversionError = e.getMessage();
    }
    for (CompiledRule compiled : node.rules) {
      Schema.ValidationRule rule = compiled.rule();
      if (compiled.usesOldSelf() && old == null && !rule.optionalOldSelf()) {
        continue;
      }
      Object result;
      try {
        if (conversionError != null) {
          throw new CelValues.InvalidData(conversionError);
        }
        result = compiled.program().eval(rule.optionalOldSelf() ? optionalVars : vars);
      } catch (CelEvaluationException | RuntimeException e) {
        errors.add(FieldError.invalid(path.toString(), sts.type, evaluationFailure(e, rule)));
        continue;
      }
      if (Boolean.TRUE.equals(result)) {
        continue;
      }
      FieldPath field = compiled.fieldPath().isEmpty() ? path : path.child(compiled.fieldPath());
      String detail = message(compiled, vars);
      Object value = sts.type.equals("object") || sts.type.equals("array") ? GoValues.OMITTED : obj;
      FieldError error = forReason(field.toString(), value, detail, rule.reason());
      if (!compiled.usesOldSelf() && ratchet.ratchets()) {
        warnings.add(error.toString());
      } else {
        errors.add(error);
      }
    }
  }

  /** {@code self} and {@code oldSelf} (null when there is none) for one evaluation. */
  private record Vars(Object self, Object oldSelf) implements CelVariableResolver {
    @Override
    public Optional<Object> find(String name) {
      return switch (name) {
        case CelRules.SELF -> Optional.of(self);
        case CelRules.OLD_SELF -> Optional.ofNullable(oldSelf);
        default -> Optional.empty();
      };
    }
  }

  /** The rule's messageExpression if it evaluates to a usable string, else its message. */
  private static String message(CompiledRule compiled, Vars vars) {
    Schema.ValidationRule rule = compiled.rule();
    if (compiled.messageExpression() != null) {
      try {
        Object msg = compiled.messageExpression().eval(vars);
        if (msg instanceof String s) {
          String trimmed = s.trim();
          if (!trimmed.isEmpty()
              && !trimmed.contains("\n")
              && trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                  <= MAX_MESSAGE_BYTES) {
            return trimmed;
          }
        }
      } catch (CelEvaluationException | RuntimeException e) {
        // kube-apiserver logs it and falls back to the message
      }
    }
    return rule.message().isEmpty() ? "failed rule: " + errorString(rule) : rule.message().trim();
  }

  private static String errorString(Schema.ValidationRule rule) {
    return rule.message().isEmpty() ? rule.rule().trim() : rule.message().trim();
  }

  private static FieldError forReason(String field, Object value, String detail, String reason) {
    return switch (reason) {
      case "FieldValueForbidden" -> FieldError.forbidden(field, detail);
      case "FieldValueRequired" -> FieldError.required(field, detail);
      case "FieldValueDuplicate" -> FieldError.duplicate(field, value);
      default -> FieldError.invalid(field, value, detail);
    };
  }

  /** The message cel-go would give for an evaluation error, as kube-apiserver words it. */
  private static String evaluationFailure(Exception e, Schema.ValidationRule rule) {
    CelValues.InvalidData invalid = findCause(e, CelValues.InvalidData.class);
    if (invalid != null) {
      return invalid.getMessage() + " evaluating rule: " + errorString(rule);
    }
    if (e instanceof CelEvaluationException cel) {
      if (cel.getErrorCode() == CelErrorCode.OVERLOAD_NOT_FOUND) {
        return "'no such overload': call arguments did not match a supported operator, function or"
            + " macro signature for rule: "
            + errorString(rule);
      }
      String msg = CEL_LOCATION.matcher(String.valueOf(cel.getMessage())).replaceFirst("");
      Matcher missing = MISSING_KEY.matcher(msg);
      msg =
          switch (cel.getErrorCode()) {
            case ATTRIBUTE_NOT_FOUND ->
                missing.matches() ? "no such key: " + missing.group(1) : msg;
            case INDEX_OUT_OF_BOUNDS -> msg.replace("Index out of bounds", "index out of bounds");
            case DIVIDE_BY_ZERO -> msg.contains("%") ? "modulus by zero" : "division by zero";
            case NUMERIC_OVERFLOW -> "integer overflow";
            default -> msg;
          };
      return msg + " evaluating rule: " + errorString(rule);
    }
    return e.getMessage() + " evaluating rule: " + errorString(rule);
  }

  private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
