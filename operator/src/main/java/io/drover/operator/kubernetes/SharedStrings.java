package io.drover.operator.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Reads every short string of the objects the operator caches as the one copy the JVM keeps ({@link
 * String#intern}). A cache of thousands of objects repeats the same strings by the hundred thousand
 * — namespaces, label keys and values, kinds, condition types, reasons and messages, image names —
 * and Jackson makes a new String of each; at 1,000 services and 10,000 ModelVersions they were most
 * of the live heap. Strings are immutable, so sharing them changes nothing a reader can see;
 * interned strings are collected once nothing holds them.
 */
public final class SharedStrings extends StdScalarDeserializer<String> {

  /** Longer strings are rarely repeated (messages with names, URIs with versions). */
  static final int LONGEST_SHARED = 96;

  private SharedStrings() {
    super(String.class);
  }

  /** A Jackson module that reads strings through this deserializer. */
  public static Module module() {
    return new SimpleModule("drover-shared-strings")
        .addDeserializer(String.class, new SharedStrings());
  }

  @Override
  public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    String value = StringDeserializer.instance.deserialize(parser, context);
    return value != null && value.length() <= LONGEST_SHARED ? value.intern() : value;
  }
}
