package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders values the way kube-apiserver's Go code prints them, so that error messages read
 * character for character as a real cluster's: {@code %v} for numbers, {@code %q} for strings and
 * {@code encoding/json} for everything else (keys sorted, HTML characters escaped).
 */
final class GoValues {
  /** The value a field error leaves out (Go's {@code field.OmitValueType}). */
  static final Object OMITTED = new Object();

  private GoValues() {}

  /** A JSON number as the Go API server decodes it: int64 when integral and in range. */
  static boolean isInt64(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToLong();
  }

  /** A JSON number that decodes to float64. */
  static boolean isFloat64(JsonNode node) {
    return node.isNumber() && !isInt64(node);
  }

  /** How a field error renders its bad value, as in {@code field.Error.ErrorBody}. */
  static String badValue(Object value) {
    if (value instanceof JsonNode node) {
      if (node.isTextual()) {
        return quote(node.textValue());
      }
      if (isInt64(node)) {
        return Long.toString(node.longValue());
      }
      if (node.isNumber()) {
        return formatV(node.doubleValue());
      }
      if (node.isBoolean()) {
        return Boolean.toString(node.booleanValue());
      }
      return json(node);
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Double d) {
      return formatV(d);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value == null) {
      return "null";
    }
    throw new IllegalArgumentException("no Go rendering for " + value.getClass());
  }

  /** Go's {@code %v} of a number or a JSON scalar. */
  static String formatV(Object value) {
    if (value instanceof Double d) {
      return formatV(d.doubleValue());
    }
    if (value instanceof JsonNode node && node.isNumber()) {
      return isInt64(node) ? Long.toString(node.longValue()) : formatV(node.doubleValue());
    }
    return String.valueOf(value);
  }

  /** Go's {@code %v} of a float64: shortest digits, exponent form outside [1e-4, 1e21). */
  static String formatV(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    Digits digits = Digits.of(d);
    if (digits == null) {
      return 1 / d < 0 ? "-0" : "0";
    }
    int exp = digits.decimalPoint - 1;
    return exp < -4 || exp >= 6 ? digits.exponential(2) : digits.plain();
  }

  /** Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}. */
  static String formatPlain(double d) {
    Digits digits = Digits.of(d);
    return digits == null ? (1 / d < 0 ? "-0" : "0") : digits.plain();
  }

  /** Go's {@code strconv.Quote}. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                  if (isPrint(c)) {
                    out.appendCodePoint(c);
                  } else if (c < ' ' || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                  } else if (c < 0x10000) {
                    out.append(String.format("\\u%04x", c));
                  } else {
                    out.append(String.format("\\U%08x", c));
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  private static boolean isPrint(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /** Go's {@code json.Marshal} of a decoded JSON value: map keys sorted, HTML escaped. */
  static String json(JsonNode node) {
    StringBuilder out = new StringBuilder();
    writeJson(node, out);
    return out.toString();
  }

  /** Go's {@code json.Marshal} of a string-keyed map of JSON values. */
  static String json(Map<String, JsonNode> map) {
    StringBuilder out = new StringBuilder("{");
    map.keySet().stream()
        .sorted()
        .forEach(
            k -> {
              if (out.length() > 1) {
                out.append(',');
              }
              writeString(k, out);
              out.append(':');
              writeJson(map.get(k), out);
            });
    return out.append('}').toString();
  }

  private static void writeJson(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isTextual()) {
      writeString(node.textValue(), out);
    } else if (isInt64(node)) {
      out.append(node.longValue());
    } else if (node.isNumber()) {
      out.append(jsonFloat(node.doubleValue()));
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeJson(node.get(i), out);
      }
      out.append(']');
    } else {
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      keys.sort(null);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeString(keys.get(i), out);
        out.append(':');
        writeJson(node.get(keys.get(i)), out);
      }
      out.append('}');
    }
  }

  private static String jsonFloat(double d) {
    double abs = Math.abs(d);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      String e = Digits.of(d).exponential(2);
      // encoding/json shortens e-07 to e-7
      int n = e.length();
      if (n >= 4 && e.charAt(n - 4) == 'e' && e.charAt(n - 3) == '-' && e.charAt(n - 2) == '0') {
        e = e.substring(0, n - 2) + e.charAt(n - 1);
      }
      return e;
    }
    return formatPlain(d);
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** The shortest decimal digits of a non-zero double and where its decimal point goes. */
  private record Digits(boolean negative, String digits, int decimalPoint) {
    static Digits of(double d) {
      if (d == 0) {
        return null;
      }
      BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
      String digits = bd.unscaledValue().toString();
      return new Digits(d < 0, digits, digits.length() - bd.scale());
    }

    String exponential(int minExponentDigits) {
      int exp = decimalPoint - 1;
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      String e = Integer.toString(Math.abs(exp));
      while (e.length() < minExponentDigits) {
        e = "0" + e;
      }
      return (negative ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
    }

    String plain() {
      String sign = negative ? "-" : "";
      int nd = digits.length();
      if (decimalPoint <= 0) {
        return sign + "0." + "0".repeat(-decimalPoint) + digits;
      }
      if (decimalPoint >= nd) {
        return sign + digits + "0".repeat(decimalPoint - nd);
      }
      return sign + digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }
  }
}
