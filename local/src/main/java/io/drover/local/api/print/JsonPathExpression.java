package io.drover.local.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The simple JSONPath of CRD printer columns: {@code .a.b}, {@code .a[0]}, {@code .a[*].b}, {@code
 * ['dotted.key']}, {@code a\.b} and filters {@code [?(@.type=="Ready")]} with {@code ==}, {@code
 * !=}, {@code <}, {@code <=}, {@code >}, {@code >=} or bare existence.
 */
public final class JsonPathExpression {

  private sealed interface Step permits Field, Index, Wildcard, Filter {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Wildcard() implements Step {}

  private record Filter(JsonPathExpression path, String operator, JsonNode literal)
      implements Step {}

  private final List<Step> steps;

  private JsonPathExpression(List<Step> steps) {
    this.steps = steps;
  }

  /**
   * @throws IllegalArgumentException when the text is not a simple JSONPath
   */
  public static JsonPathExpression parse(String text) {
    String path = text.trim();
    if (path.startsWith("{") && path.endsWith("}")) {
      path = path.substring(1, path.length() - 1).trim();
    }
    if (path.startsWith("$")) {
      path = path.substring(1);
    }
    return new JsonPathExpression(new Parser(path).steps());
  }

  /** Every value the path selects, in document order. */
  public List<JsonNode> evaluate(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
    }
    return current;
  }

  /** The first value the path selects, or null. */
  public JsonNode first(JsonNode root) {
    List<JsonNode> values = evaluate(root);
    return values.isEmpty() ? null : values.get(0);
  }

  private static void apply(Step step, JsonNode node, List<JsonNode> out) {
    if (step instanceof Field field) {
      JsonNode value = node.get(field.name());
      if (value != null && !value.isNull()) {
        out.add(value);
      }
    } else if (step instanceof Index index) {
      if (node.isArray()) {
        int at = index.index() < 0 ? node.size() + index.index() : index.index();
        if (at >= 0 && at < node.size()) {
          out.add(node.get(at));
        }
      }
    } else if (step instanceof Wildcard) {
      node.elements().forEachRemaining(out::add);
    } else if (step instanceof Filter filter && node.isArray()) {
      for (JsonNode element : node) {
        if (matches(filter, element)) {
          out.add(element);
        }
      }
    }
  }

  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '.') {
          at++;
          if (at < text.length() && text.charAt(at) == '*') {
            at++;
            steps.add(new Wildcard());
          } else {
            steps.add(new Field(name()));
          }
        } else if (c == '[') {
          steps.add(bracket());
        } else if (steps.isEmpty() && (Character.isLetter(c) || c == '@')) {
          if (c == '@') {
            at++;
          } else {
            steps.add(new Field(name()));
          }
        } else {
          throw new IllegalArgumentException("unexpected '" + c + "' in JSONPath " + text);
        }
      }
      return steps;
    }

    private String name() {
      StringBuilder name = new StringBuilder();
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '\\' && at + 1 < text.length()) {
          name.append(text.charAt(at + 1));
          at += 2;
        } else if (c == '.' || c == '[') {
          break;
        } else {
          name.append(c);
          at++;
        }
      }
      return name.toString();
    }

    private Step bracket() {
      int close = closing(at);
      String inside = text.substring(at + 1, close).trim();
      at = close + 1;
      if (inside.equals("*")) {
        return new Wildcard();
      }
      if (inside.startsWith("'") || inside.startsWith("\"")) {
        return new Field(inside.substring(1, inside.length() - 1));
      }
      if (inside.startsWith("?(") && inside.endsWith(")")) {
        return filter(inside.substring(2, inside.length() - 1).trim());
      }
      return new Index(Integer.parseInt(inside));
    }

    private int closing(int open) {
      int depth = 0;
      char quote = 0;
      for (int i = open; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          depth++;
        } else if (c == ']' && --depth == 0) {
          return i;
        }
      }
      throw new IllegalArgumentException("unclosed '[' in JSONPath " + text);
    }

    private Filter filter(String expression) {
      for (String operator : List.of("==", "!=", "<=", ">=", "<", ">")) {
        int position = operatorPosition(expression, operator);
        if (position > 0) {
          return new Filter(
              parse(expression.substring(0, position).trim()),
              operator,
              literal(expression.substring(position + operator.length()).trim()));
        }
      }
      return new Filter(parse(expression), "exists", null);
    }

    private static int operatorPosition(String expression, String operator) {
      char quote = 0;
      for (int i = 0; i + operator.length() <= expression.length(); i++) {
        char c = expression.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (expression.startsWith(operator, i)) {
          return i;
        }
      }
      return -1;
    }

    private static JsonNode literal(String text) {
      var factory = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
      if (text.length() >= 2
          && (text.startsWith("\"") && text.endsWith("\"")
              || text.startsWith("'") && text.endsWith("'"))) {
        return factory.textNode(text.substring(1, text.length() - 1));
      }
      if (text.equals("true") || text.equals("false")) {
        return factory.booleanNode(Boolean.parseBoolean(text));
      }
      try {
        return factory.numberNode(new BigDecimal(text));
      } catch (NumberFormatException e) {
        return factory.textNode(text);
      }
    }
  }

  private static boolean compare(JsonNode value, String operator, JsonNode literal) {
    if (operator.equals("exists")) {
      return value != null;
    }
    if (value == null) {
      return operator.equals("!=");
    }
    int order;
    if (value.isNumber() && literal.isNumber()) {
      order = value.decimalValue().compareTo(literal.decimalValue());
    } else {
      order = value.asText().compareTo(literal.asText());
    }
    return switch (operator) {
      case "==" -> order == 0;
      case "!=" -> order != 0;
      case "<" -> order < 0;
      case "<=" -> order <= 0;
      case ">" -> order > 0;
      default -> order >= 0;
    };
  }

  private boolean matchesFilter(JsonNode element, String operator, JsonNode literal) {
    return compare(first(element), operator, literal);
  }

  private static boolean matches(Filter filter, JsonNode element) {
    return filter.path().matchesFilter(element, filter.operator(), filter.literal());
  }
}
