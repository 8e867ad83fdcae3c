package io.drover.local.api.select;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.local.api.status.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Kubernetes field selector: {@code field=value}, {@code field==value}, {@code field!=value},
 * ANDed with commas. Which fields a kind accepts is the kind's business ({@link SelectableFields});
 * a field absent from an object compares as the empty string, as a real API server does.
 */
public final class FieldSelector {

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private record Requirement(String field, boolean equal, String value) {
    boolean matches(JsonNode object) {
      return value.equals(valueOf(object, field)) == equal;
    }
  }

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /**
   * @param text e.g. {@code involvedObject.name=iris,type!=Normal}; null or blank selects all
   * @param allowed the fields this kind can be selected by
   * @throws ApiException 400 for a malformed selector or a field the kind cannot be selected by
   */
  public static FieldSelector parse(String text, Set<String> allowed) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String part : text.split(",")) {
      String term = part.trim();
      if (term.isEmpty()) {
        continue;
      }
      int at;
      boolean equal;
      int width;
      if ((at = term.indexOf("!=")) > 0) {
        equal = false;
        width = 2;
      } else if ((at = term.indexOf("==")) > 0) {
        equal = true;
        width = 2;
      } else if ((at = term.indexOf('=')) > 0) {
        equal = true;
        width = 1;
      } else {
        throw ApiException.badRequest(
            "invalid field selector \"" + text + "\": \"" + term + "\" is not field=value");
      }
      String field = term.substring(0, at).trim();
      if (!allowed.contains(field)) {
        throw ApiException.badRequest(
            "field label not supported: "
                + field
                + " (this kind can be selected by "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
      }
      requirements.add(new Requirement(field, equal, term.substring(at + width).trim()));
    }
    return new FieldSelector(requirements);
  }

  public boolean matches(JsonNode object) {
    for (Requirement requirement : requirements) {
      if (!requirement.matches(object)) {
        return false;
      }
    }
    return true;
  }

  /** The value this selector requires {@code field} to equal, if it has one. */
  public Optional<String> required(String field) {
    return requirements.stream()
        .filter(r -> r.field().equals(field) && r.equal())
        .map(Requirement::value)
        .findFirst();
  }

  /** A field's value as field selectors compare it: text, booleans as true/false, absent as "". */
  static String valueOf(JsonNode object, String field) {
    JsonNode node = object;
    // An event's "source" field selects by the reporting component.
    String path = field.equals("source") ? "source.component" : field;
    for (String step : path.split("\\.")) {
      node = node.path(step);
    }
    if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
      return "";
    }
    return node.asText();
  }
}
