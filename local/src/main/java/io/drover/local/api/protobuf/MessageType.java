package io.drover.local.api.protobuf;

import java.util.HashMap;
import java.util.Map;

/**
 * A protobuf message of the Kubernetes API as JSON sees it: each field number with its JSON name
 * and type. Built with a small fluent API in {@link KubernetesMessages}.
 */
final class MessageType {

  /** How a field's value becomes JSON. */
  enum Kind {
    STRING,
    BOOL,
    INTEGER,
    MESSAGE,
    /** A Go struct embedded in its parent: its fields appear in the parent in JSON. */
    INLINE,
    STRING_MAP,
    BYTES_MAP,
    QUANTITY_MAP,
    TIME,
    INT_OR_STRING,
    /** Read and dropped: status, which a create does not set. */
    IGNORED
  }

  /**
   * One field.
   *
   * @param name the JSON name
   * @param kind how the value is read
   * @param message the message type, for MESSAGE and INLINE
   * @param repeated whether it is a list
   * @param pointer whether Go holds it as a pointer: then a zero value was set on purpose and is
   *     kept, where a non-pointer zero is Go's default and is left out of the JSON
   */
  record Field(String name, Kind kind, MessageType message, boolean repeated, boolean pointer) {}

  private final String name;
  private final Map<Integer, Field> fields = new HashMap<>();

  MessageType(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  Field field(int number) {
    return fields.get(number);
  }

  MessageType string(int number, String name) {
    return add(number, new Field(name, Kind.STRING, null, false, false));
  }

  MessageType optionalString(int number, String name) {
    return add(number, new Field(name, Kind.STRING, null, false, true));
  }

  MessageType strings(int number, String name) {
    return add(number, new Field(name, Kind.STRING, null, true, false));
  }

  MessageType bool(int number, String name) {
    return add(number, new Field(name, Kind.BOOL, null, false, false));
  }

  MessageType optionalBool(int number, String name) {
    return add(number, new Field(name, Kind.BOOL, null, false, true));
  }

  MessageType integer(int number, String name) {
    return add(number, new Field(name, Kind.INTEGER, null, false, false));
  }

  MessageType optionalInteger(int number, String name) {
    return add(number, new Field(name, Kind.INTEGER, null, false, true));
  }

  MessageType message(int number, String name, MessageType type) {
    return add(number, new Field(name, Kind.MESSAGE, type, false, false));
  }

  MessageType messages(int number, String name, MessageType type) {
    return add(number, new Field(name, Kind.MESSAGE, type, true, false));
  }

  MessageType inline(int number, MessageType type) {
    return add(number, new Field(type.name(), Kind.INLINE, type, false, false));
  }

  MessageType of(int number, String name, Kind kind) {
    return add(number, new Field(name, kind, null, false, false));
  }

  private MessageType add(int number, Field field) {
    fields.put(number, field);
    return this;
  }
}
