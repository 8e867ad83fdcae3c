package io.drover.local.api.select;

import io.drover.local.api.status.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector in its string form, set-based requirements included: {@code key},
 * {@code !key}, {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)},
 * {@code key notin (a,b)}, {@code key>1}, {@code key<1}. Requirements are ANDed.
 */
public final class LabelSelector {

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  private enum Operator {
    EXISTS,
    NOT_EXISTS,
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    GREATER_THAN,
    LESS_THAN
  }

  private record Requirement(String key, Operator operator, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case EXISTS -> value != null;
        case NOT_EXISTS -> value == null;
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case GREATER_THAN -> compare(value) > 0;
        case LESS_THAN -> value != null && compare(value) < 0;
      };
    }

    private int compare(String value) {
      if (value == null) {
        return -1;
      }
      try {
        return Long.compare(Long.parseLong(value), Long.parseLong(values.iterator().next()));
      } catch (NumberFormatException e) {
        return operator == Operator.GREATER_THAN ? -1 : 1;
      }
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** The selector that matches every object. */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /**
   * @param text the selector, e.g. {@code app=iris,tier in (web,api),!legacy}; null or blank
   *     matches everything
   * @throws ApiException 400 when the text is not a selector
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String part : splitTopLevel(text)) {
      requirements.add(requirement(part.trim(), text));
    }
    return new LabelSelector(requirements);
  }

  public boolean matches(Map<String, String> labels) {
    for (Requirement requirement : requirements) {
      if (!requirement.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  public boolean isEverything() {
    return requirements.isEmpty();
  }

  private static Requirement requirement(String part, String selector) {
    if (part.isEmpty()) {
      throw invalid(selector, "empty requirement");
    }
    if (part.startsWith("!")) {
      return new Requirement(
          key(part.substring(1).trim(), selector), Operator.NOT_EXISTS, Set.of());
    }
    String[] words = part.split("\\s+", 2);
    if (words.length == 2) {
      String rest = words[1].trim();
      if (rest.startsWith("in") && rest.substring(2).trim().startsWith("(")) {
        return new Requirement(
            key(words[0], selector), Operator.IN, set(rest.substring(2), selector));
      }
      if (rest.startsWith("notin") && rest.substring(5).trim().startsWith("(")) {
        return new Requirement(
            key(words[0], selector), Operator.NOT_IN, set(rest.substring(5), selector));
      }
    }
    for (String operator : List.of("!=", "==", "=", ">", "<")) {
      int at = part.indexOf(operator);
      if (at > 0) {
        String key = key(part.substring(0, at).trim(), selector);
        String value = value(part.substring(at + operator.length()).trim(), selector);
        return new Requirement(
            key,
            switch (operator) {
              case "!=" -> Operator.NOT_EQUALS;
              case ">" -> Operator.GREATER_THAN;
              case "<" -> Operator.LESS_THAN;
              default -> Operator.EQUALS;
            },
            Set.of(value));
      }
    }
    return new Requirement(key(part, selector), Operator.EXISTS, Set.of());
  }

  private static Set<String> set(String text, String selector) {
    String trimmed = text.trim();
    if (!trimmed.startsWith("(") || !trimmed.endsWith(")")) {
      throw invalid(selector, "a set must be written (a,b,...)");
    }
    Set<String> values = new java.util.LinkedHashSet<>();
    for (String value : trimmed.substring(1, trimmed.length() - 1).split(",")) {
      if (!value.isBlank()) {
        values.add(value(value.trim(), selector));
      }
    }
    return values;
  }

  private static String key(String key, String selector) {
    if (!key.matches(
        "([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?/)?[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?")) {
      throw invalid(selector, "invalid label key \"" + key + "\"");
    }
    return key;
  }

  private static String value(String value, String selector) {
    if (!value.isEmpty() && !value.matches("[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?")) {
      throw invalid(selector, "invalid label value \"" + value + "\"");
    }
    return value;
  }

  /** Splits on the commas that separate requirements, not those inside a set's parentheses. */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static ApiException invalid(String selector, String why) {
    return ApiException.badRequest(
        "unable to parse requirement: labelSelector \"" + selector + "\": " + why);
  }
}
