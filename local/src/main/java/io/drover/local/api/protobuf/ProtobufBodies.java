package io.drover.local.api.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.status.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads request bodies in Kubernetes' protobuf encoding ({@code
 * application/vnd.kubernetes.protobuf}), which kubectl's typed clients send for built-in kinds
 * ({@code kubectl create namespace}, {@code kubectl run}, ...): the {@code k8s\0} prefix, a {@code
 * runtime.Unknown} envelope naming the kind, and the object, turned into the JSON the rest of the
 * API works on.
 */
public final class ProtobufBodies {

  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ProtobufBodies() {}

  /**
   * @throws ApiException 415 for a kind or field this decoder does not know (send JSON instead),
   *     400 for bytes that are not such a body
   */
  public static ObjectNode decode(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      throw ApiException.badRequest("a protobuf body must start with the k8s\\0 prefix");
    }
    try {
      WireReader envelope = new WireReader(Arrays.copyOfRange(body, MAGIC.length, body.length));
      String apiVersion = "";
      String kind = "";
      byte[] raw = new byte[0];
      while (!envelope.done()) {
        int tag = envelope.tag();
        switch (tag >>> 3) {
          case 1 -> {
            WireReader typeMeta = new WireReader(envelope.lengthDelimited());
            while (!typeMeta.done()) {
              int field = typeMeta.tag();
              switch (field >>> 3) {
                case 1 -> apiVersion = typeMeta.string();
                case 2 -> kind = typeMeta.string();
                default -> typeMeta.skip(field & 7);
              }
            }
          }
          case 2 -> raw = envelope.lengthDelimited();
          default -> envelope.skip(tag & 7);
        }
      }
      MessageType type = KubernetesMessages.ROOTS.get(apiVersion + "/" + kind);
      if (type == null) {
        throw refusal(
            "Drover's local API does not decode " + kind + " (" + apiVersion + ") from protobuf");
      }
      ObjectNode object = JSON.objectNode();
      object.put("apiVersion", apiVersion);
      object.put("kind", kind);
      object.setAll(message(type, raw));
      return object;
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("the protobuf body is malformed: " + e.getMessage());
    }
  }

  private static ObjectNode message(MessageType type, byte[] bytes) {
    ObjectNode object = JSON.objectNode();
    WireReader reader = new WireReader(bytes);
    while (!reader.done()) {
      int tag = reader.tag();
      int number = tag >>> 3;
      MessageType.Field field = type.field(number);
      if (field == null) {
        if (!reader.skip(tag & 7)) {
          throw refusal(
              "Drover's local API does not decode field "
                  + number
                  + " of "
                  + type.name()
                  + " from protobuf");
        }
        continue;
      }
      JsonNode value = value(field, reader);
      if (value == null) {
        continue;
      }
      if (field.kind() == MessageType.Kind.INLINE) {
        object.setAll((ObjectNode) value);
      } else if (field.repeated()) {
        ((ArrayNode) object.withArray(field.name())).add(value);
      } else if (field.kind() == MessageType.Kind.STRING_MAP
          || field.kind() == MessageType.Kind.BYTES_MAP
          || field.kind() == MessageType.Kind.QUANTITY_MAP) {
        object.with(field.name()).setAll((ObjectNode) value);
      } else {
        object.set(field.name(), value);
      }
    }
    return object;
  }

  /** A field's value as JSON, or null when it is Go's zero value for a non-pointer field. */
  private static JsonNode value(MessageType.Field field, WireReader reader) {
    switch (field.kind()) {
      case STRING -> {
        String text = reader.string();
        return text.isEmpty() && !field.pointer() && !field.repeated() ? null : JSON.textNode(text);
      }
      case BOOL -> {
        boolean flag = reader.varint() != 0;
        return !flag && !field.pointer() ? null : JSON.booleanNode(flag);
      }
      case INTEGER -> {
        long number = reader.varint();
        return number == 0 && !field.pointer() ? null : JSON.numberNode(number);
      }
      case MESSAGE, INLINE -> {
        ObjectNode nested = message(field.message(), reader.lengthDelimited());
        return nested.isEmpty() && !field.repeated() ? null : nested;
      }
      case STRING_MAP, BYTES_MAP, QUANTITY_MAP -> {
        return entry(field.kind(), reader.lengthDelimited());
      }
      case TIME -> {
        return time(reader.lengthDelimited());
      }
      case INT_OR_STRING -> {
        return intOrString(reader.lengthDelimited());
      }
      default -> {
        reader.lengthDelimited();
        return null;
      }
    }
  }

  /** One map entry (key = 1, value = 2) as a one-member object. */
  private static ObjectNode entry(MessageType.Kind kind, byte[] bytes) {
    WireReader reader = new WireReader(bytes);
    String key = "";
    JsonNode value = JSON.textNode("");
    while (!reader.done()) {
      int tag = reader.tag();
      switch (tag >>> 3) {
        case 1 -> key = reader.string();
        case 2 -> {
          byte[] raw = reader.lengthDelimited();
          value =
              switch (kind) {
                case BYTES_MAP -> JSON.textNode(Base64.getEncoder().encodeToString(raw));
                case QUANTITY_MAP -> JSON.textNode(quantity(raw));
                default -> JSON.textNode(new String(raw, StandardCharsets.UTF_8));
              };
        }
        default -> reader.skip(tag & 7);
      }
    }
    ObjectNode entry = JSON.objectNode();
    entry.set(key, value);
    return entry;
  }

  private static String quantity(byte[] bytes) {
    WireReader reader = new WireReader(bytes);
    String text = "";
    while (!reader.done()) {
      int tag = reader.tag();
      if (tag >>> 3 == 1) {
        text = reader.string();
      } else {
        reader.skip(tag & 7);
      }
    }
    return text;
  }

  /** A {@code meta/v1 Time} (seconds, nanos) as RFC 3339; null for the zero time. */
  private static JsonNode time(byte[] bytes) {
    WireReader reader = new WireReader(bytes);
    long seconds = 0;
    while (!reader.done()) {
      int tag = reader.tag();
      if (tag >>> 3 == 1) {
        seconds = reader.varint();
      } else {
        reader.skip(tag & 7);
      }
    }
    return seconds == 0 ? null : JSON.textNode(Instant.ofEpochSecond(seconds).toString());
  }

  /** An {@code IntOrString}: type 0 with intVal, type 1 with strVal. */
  private static JsonNode intOrString(byte[] bytes) {
    WireReader reader = new WireReader(bytes);
    long type = 0;
    long number = 0;
    String text = "";
    while (!reader.done()) {
      int tag = reader.tag();
      switch (tag >>> 3) {
        case 1 -> type = reader.varint();
        case 2 -> number = reader.varint();
        case 3 -> text = reader.string();
        default -> reader.skip(tag & 7);
      }
    }
    return type == 1 ? JSON.textNode(text) : JSON.numberNode(number);
  }

  private static ApiException refusal(String message) {
    return ApiException.unsupportedMediaType(
        message + "; send it as JSON instead (kubectl apply -f, or kubectl create -f)");
  }
}
