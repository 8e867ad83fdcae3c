package io.drover.local.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One column of a Table: its definition as {@code columnDefinitions} show it, and how a cell is
 * computed.
 *
 * @param name the header (kubectl upper-cases it)
 * @param type string, integer, number, boolean or date
 * @param format {@code name} for the Name column, else usually empty
 * @param description what the column means
 * @param priority 0 for columns always shown, 1 for {@code -o wide}
 * @param cell computes the cell of one object
 */
public record Column(
    String name, String type, String format, String description, int priority, Cell cell) {

  /** Computes one cell: a String, Long, Double or Boolean, or null when there is no value. */
  @FunctionalInterface
  public interface Cell {
    Object value(JsonNode object, Instant now);
  }

  static Column of(String name, String type, String description, Cell cell) {
    return new Column(name, type, "", description, 0, cell);
  }

  static Column wide(String name, String type, String description, Cell cell) {
    return new Column(name, type, "", description, 1, cell);
  }

  static Column nameColumn() {
    return new Column(
        "Name",
        "string",
        "name",
        "Name must be unique within a namespace. More info:"
            + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
        0,
        (object, now) -> object.path("metadata").path("name").asText());
  }

  static Column ageColumn() {
    return of(
        "Age",
        "string",
        "CreationTimestamp is a timestamp representing the server time when this object was"
            + " created.",
        (object, now) -> Cells.age(object.path("metadata").path("creationTimestamp"), now));
  }
}
