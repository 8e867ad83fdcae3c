package io.drover.local.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.resource.PrinterColumn;
import io.drover.local.api.resource.ResourceType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side printing: objects as a {@code meta.k8s.io/v1 Table}, the form kubectl asks for
 * ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}) to print {@code get}. A custom
 * kind gets Name and its CRD's additionalPrinterColumns (date columns as ages, as the real server
 * renders them); built-in kinds get the columns a real server prints.
 */
public final class TableConverter {

  /** What each row carries besides its cells ({@code includeObject}). */
  public enum IncludeObject {
    NONE,
    METADATA,
    OBJECT;

    public static IncludeObject of(String parameter) {
      if (parameter == null || parameter.isEmpty() || parameter.equals("Metadata")) {
        return METADATA;
      }
      return switch (parameter) {
        case "None" -> NONE;
        case "Object" -> OBJECT;
        default ->
            throw io.drover.local.api.status.ApiException.badRequest(
                "includeObject must be None, Metadata or Object, not \"" + parameter + "\"");
      };
    }
  }

  private final Clock clock;

  public TableConverter(Clock clock) {
    this.clock = clock;
  }

  /** A Table of {@code objects}. */
  public ObjectNode table(
      ResourceType type, List<ObjectNode> objects, String resourceVersion, IncludeObject include) {
    List<Column> columns = columns(type);
    Instant now = clock.instant();
    ObjectNode table = Json.MAPPER.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion);
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column column : columns) {
      definitions
          .addObject()
          .put("name", column.name())
          .put("type", column.type())
          .put("format", column.format())
          .put("description", column.description())
          .put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column column : columns) {
        cells.add(cell(column.cell().value(object, now)));
      }
      switch (include) {
        case OBJECT -> row.set("object", object);
        case METADATA -> {
          ObjectNode partial = row.putObject("object");
          partial.put("kind", "PartialObjectMetadata");
          partial.put("apiVersion", "meta.k8s.io/v1");
          partial.set("metadata", object.path("metadata").deepCopy());
        }
        case NONE -> {}
      }
    }
    return table;
  }

  /** The columns of a kind, Name first (events excepted, as a real server prints them). */
  public static List<Column> columns(ResourceType type) {
    if (!type.custom()) {
      return BuiltInColumns.of(type);
    }
    List<Column> columns = new ArrayList<>();
    columns.add(Column.nameColumn());
    List<PrinterColumn> declared = type.printerColumns();
    if (declared.isEmpty()) {
      declared =
          List.of(new PrinterColumn("Age", "date", "", "", 0, ".metadata.creationTimestamp"));
    }
    for (PrinterColumn column : declared) {
      columns.add(custom(column));
    }
    return columns;
  }

  private static Column custom(PrinterColumn declared) {
    JsonPathExpression path = JsonPathExpression.parse(declared.jsonPath());
    return new Column(
        declared.name(),
        declared.type(),
        declared.format(),
        declared.description(),
        declared.priority(),
        (object, now) -> typed(declared.type(), path.first(object), now));
  }

  /** A cell as the real server's CRD table converter types it; null when the type mismatches. */
  private static Object typed(String type, JsonNode value, Instant now) {
    if (value == null || value.isNull()) {
      return null;
    }
    return switch (type) {
      case "integer" -> value.isNumber() ? (Object) value.longValue() : null;
      case "number" -> value.isNumber() ? number(value.decimalValue()) : null;
      case "boolean" -> value.isBoolean() ? (Object) value.booleanValue() : null;
      case "date" -> {
        Instant then = Cells.instant(value);
        yield value.isTextual()
            ? (then == null ? "<invalid>" : Ages.human(Duration.between(then, now)))
            : null;
      }
      default -> value.isTextual() ? value.asText() : Json.write(value);
    };
  }

  /** Numbers print as JSON writes a float64: 3, not 3.0. */
  private static Object number(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
      return stripped.longValueExact();
    }
    return stripped;
  }

  private static JsonNode cell(Object value) {
    var factory = Json.MAPPER.getNodeFactory();
    if (value == null) {
      return factory.nullNode();
    } else if (value instanceof Long l) {
      return factory.numberNode(l);
    } else if (value instanceof BigDecimal d) {
      return factory.numberNode(d);
    } else if (value instanceof Double d) {
      return factory.numberNode(d);
    } else if (value instanceof Boolean b) {
      return factory.booleanNode(b);
    }
    return factory.textNode(value.toString());
  }
}
