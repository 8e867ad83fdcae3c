package io.drover.local.api.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fieldPath} of a CEL rule ({@code .spec.replicas}, {@code ['a.b'].c}) resolved against
 * the rule's schema node and normalized as Kubernetes reports it ({@code ValidFieldPath}).
 */
final class RuleFieldPath {
  private RuleFieldPath() {}

  /** The normalized path, or an exception saying why it does not name a field of {@code s}. */
  static String normalize(String jsonPath, Schema s) {
    FieldPath path = FieldPath.ROOT;
    Schema schema = s;
    List<String> tokens = tokens(jsonPath);
    for (int i = 0; i < tokens.size(); i++) {
      String tok = tokens.get(i);
      String name;
      switch (tok) {
        case "[" -> {
          if (++i >= tokens.size()) {
            throw new IllegalArgumentException("unexpected end of JSON path");
          }
          String quoted = tokens.get(i);
          if (quoted.length() < 2 || quoted.charAt(0) != '\'' || !quoted.endsWith("'")) {
            throw new IllegalArgumentException("expected single quoted string but got " + quoted);
          }
          name = unescapeSingleQuote(quoted.substring(1, quoted.length() - 1));
          if (++i >= tokens.size()) {
            throw new IllegalArgumentException("unexpected end of JSON path");
          }
          if (!tokens.get(i).equals("]")) {
            throw new IllegalArgumentException("expected ] but got " + tokens.get(i));
          }
        }
        case "." -> {
          if (++i >= tokens.size()) {
            throw new IllegalArgumentException("unexpected end of JSON path");
          }
          name = tokens.get(i);
        }
        default -> throw new IllegalArgumentException("expected [ or . but got: " + tok);
      }
      if (schema.properties != null) {
        path = path.child(name);
        schema = schema.properties.get(name);
        if (schema == null) {
          throw new IllegalArgumentException("does not refer to a valid field");
        }
      } else if (schema.additionalProperties != null) {
        path = path.key(name);
        schema = schema.additionalProperties;
      } else {
        throw new IllegalArgumentException("does not refer to a valid field");
      }
    }
    return path.isRoot() ? "" : path.toString();
  }

  /** Splits at '.', '[' and ']', keeping single-quoted strings whole. */
  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'') {
        int j = i + 1;
        while (j < s.length() && !(s.charAt(j) == '\'' && s.charAt(j - 1) != '\\')) {
          j++;
        }
        out.add(s.substring(i, Math.min(j + 1, s.length())));
        i = j + 1;
      } else if (c == '.' || c == '[' || c == ']') {
        out.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        while (j < s.length() && ".[]".indexOf(s.charAt(j)) < 0) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }

  private static String unescapeSingleQuote(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char d = s.charAt(++i);
      out.append(
          switch (d) {
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'v' -> "\u000b";
            case '\'' -> "'";
            case '\\' -> "\\";
            default -> throw new IllegalArgumentException("invalid string literal: \\" + d);
          });
    }
    return out.toString();
  }
}
