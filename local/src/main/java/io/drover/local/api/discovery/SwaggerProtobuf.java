package io.drover.local.api.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.local.api.object.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Encodes an OpenAPI v2 document in the protobuf form of gnostic's {@code openapi.v2.Document}, the
 * only form kubectl and client-go accept from {@code /openapi/v2}. Covers what the local API
 * publishes: info, paths with their operations (query parameters, consumes, responses, vendor
 * extensions) and definitions (every JSON-schema keyword of a structural schema). Values that
 * protobuf holds as {@code Any} (defaults, enums, examples, extensions) are written as YAML, in its
 * JSON form.
 */
final class SwaggerProtobuf {

  private SwaggerProtobuf() {}

  static byte[] encode(JsonNode document) {
    Message out = new Message();
    out.string(1, document.path("swagger").asText("2.0"));
    Message info = new Message();
    info.string(1, document.path("info").path("title").asText());
    info.string(2, document.path("info").path("version").asText());
    out.message(2, info);
    Message paths = new Message();
    forEach(
        document.path("paths"),
        (name, item) -> {
          Message named = new Message();
          named.string(1, name);
          named.message(2, pathItem(item));
          paths.message(2, named);
        });
    out.message(8, paths);
    Message definitions = new Message();
    forEach(
        document.path("definitions"),
        (name, schema) -> definitions.message(1, namedSchema(name, schema)));
    out.message(9, definitions);
    return out.bytes();
  }

  private static Message pathItem(JsonNode item) {
    Message message = new Message();
    String[] verbs = {"get", "put", "post", "delete", "options", "head", "patch"};
    for (int i = 0; i < verbs.length; i++) {
      JsonNode operation = item.get(verbs[i]);
      if (operation != null) {
        message.message(i + 2, operation(operation));
      }
    }
    return message;
  }

  private static Message operation(JsonNode operation) {
    Message message = new Message();
    message.string(3, operation.path("description").asText(""));
    message.string(5, operation.path("operationId").asText(""));
    operation.path("produces").forEach(p -> message.string(6, p.asText()));
    operation.path("consumes").forEach(c -> message.string(7, c.asText()));
    for (JsonNode parameter : operation.path("parameters")) {
      Message query = new Message();
      query.bool(1, parameter.path("required").asBoolean(false));
      query.string(2, parameter.path("in").asText());
      query.string(3, parameter.path("description").asText(""));
      query.string(4, parameter.path("name").asText());
      query.string(6, parameter.path("type").asText(""));
      query.bool(20, parameter.path("uniqueItems").asBoolean(false));
      Message nonBody = new Message();
      nonBody.message(3, query);
      Message wrapped = new Message();
      wrapped.message(2, nonBody);
      Message item = new Message();
      item.message(1, wrapped);
      message.message(8, item);
    }
    Message responses = new Message();
    forEach(
        operation.path("responses"),
        (code, response) -> {
          Message body = new Message();
          body.string(1, response.path("description").asText(""));
          if (response.has("schema")) {
            Message schemaItem = new Message();
            schemaItem.message(1, schema(response.get("schema")));
            body.message(2, schemaItem);
          }
          Message value = new Message();
          value.message(1, body);
          Message named = new Message();
          named.string(1, code);
          named.message(2, value);
          responses.message(1, named);
        });
    message.message(9, responses);
    extensions(message, 13, operation);
    return message;
  }

  private static Message namedSchema(String name, JsonNode schema) {
    Message named = new Message();
    named.string(1, name);
    named.message(2, schema(schema));
    return named;
  }

  private static Message schema(JsonNode schema) {
    Message message = new Message();
    message.string(1, schema.path("$ref").asText(""));
    message.string(2, schema.path("format").asText(""));
    message.string(3, schema.path("title").asText(""));
    message.string(4, schema.path("description").asText(""));
    if (schema.has("default")) {
      message.message(5, any(schema.get("default")));
    }
    number(message, 6, schema.get("multipleOf"));
    number(message, 7, schema.get("maximum"));
    message.bool(8, schema.path("exclusiveMaximum").asBoolean(false));
    number(message, 9, schema.get("minimum"));
    message.bool(10, schema.path("exclusiveMinimum").asBoolean(false));
    integer(message, 11, schema.get("maxLength"));
    integer(message, 12, schema.get("minLength"));
    message.string(13, schema.path("pattern").asText(""));
    integer(message, 14, schema.get("maxItems"));
    integer(message, 15, schema.get("minItems"));
    message.bool(16, schema.path("uniqueItems").asBoolean(false));
    integer(message, 17, schema.get("maxProperties"));
    integer(message, 18, schema.get("minProperties"));
    schema.path("required").forEach(r -> message.string(19, r.asText()));
    schema.path("enum").forEach(e -> message.message(20, any(e)));
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null) {
      Message item = new Message();
      if (additional.isBoolean()) {
        item.boolAlways(2, additional.asBoolean());
      } else {
        item.message(1, schema(additional));
      }
      message.message(21, item);
    }
    if (schema.has("type")) {
      Message type = new Message();
      if (schema.get("type").isArray()) {
        schema.get("type").forEach(t -> type.string(1, t.asText()));
      } else {
        type.string(1, schema.get("type").asText());
      }
      message.message(22, type);
    }
    if (schema.has("items")) {
      Message items = new Message();
      JsonNode value = schema.get("items");
      if (value.isArray()) {
        value.forEach(i -> items.message(1, schema(i)));
      } else {
        items.message(1, schema(value));
      }
      message.message(23, items);
    }
    schema.path("allOf").forEach(s -> message.message(24, schema(s)));
    if (schema.has("properties")) {
      Message properties = new Message();
      forEach(schema.get("properties"), (name, s) -> properties.message(1, namedSchema(name, s)));
      message.message(25, properties);
    }
    message.bool(27, schema.path("readOnly").asBoolean(false));
    if (schema.has("example")) {
      message.message(30, any(schema.get("example")));
    }
    extensions(message, 31, schema);
    return message;
  }

  private static void extensions(Message message, int field, JsonNode node) {
    forEach(
        node,
        (name, value) -> {
          if (name.startsWith("x-")) {
            Message named = new Message();
            named.string(1, name);
            named.message(2, any(value));
            message.message(field, named);
          }
        });
  }

  /** An {@code Any} holding the value as YAML (JSON is YAML). */
  private static Message any(JsonNode value) {
    Message any = new Message();
    any.string(2, Json.write(value) + "\n");
    return any;
  }

  private static void number(Message message, int field, JsonNode value) {
    if (value != null && value.isNumber()) {
      message.fixed64(field, Double.doubleToLongBits(value.doubleValue()));
    }
  }

  private static void integer(Message message, int field, JsonNode value) {
    if (value != null && value.canConvertToLong()) {
      message.varintField(field, value.longValue());
    }
  }

  private static void forEach(
      JsonNode node, java.util.function.BiConsumer<String, JsonNode> action) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      action.accept(entry.getKey(), entry.getValue());
    }
  }

  /** A protobuf message being written: proto3 rules, default values are not written. */
  private static final class Message {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void string(int field, String value) {
      if (value == null || value.isEmpty()) {
        return;
      }
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void message(int field, Message value) {
      bytes(field, value.bytes());
    }

    void bool(int field, boolean value) {
      if (value) {
        boolAlways(field, true);
      }
    }

    /** A bool in a oneof, written even when false. */
    void boolAlways(int field, boolean value) {
      varint((long) field << 3);
      varint(value ? 1 : 0);
    }

    void varintField(int field, long value) {
      if (value != 0) {
        varint((long) field << 3);
        varint(value);
      }
    }

    void fixed64(int field, long bits) {
      varint(((long) field << 3) | 1);
      for (int i = 0; i < 8; i++) {
        out.write((int) (bits >>> (8 * i)) & 0xff);
      }
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void bytes(int field, byte[] value) {
      varint(((long) field << 3) | 2);
      varint(value.length);
      out.writeBytes(value);
    }

    private void varint(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
