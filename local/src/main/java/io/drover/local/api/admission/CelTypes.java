package io.drover.local.api.admission;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL types Kubernetes gives schema nodes ({@code SchemaDeclType}), so rules are type-checked
 * as kube-apiserver checks them: objects with properties are object types whose fields are the
 * (escaped) properties, maps are {@code map(string, V)}, integers {@code int}, numbers {@code
 * double}, int-or-string {@code dyn}; strings with format date/date-time are timestamps, duration
 * durations and byte bytes. A node without a type has none, and rules cannot refer to it.
 */
final class CelTypes implements CelTypeProvider {
  private final Map<String, CelType> structs = new LinkedHashMap<>();
  private final Map<Schema, Optional<CelType>> values = new IdentityHashMap<>();
  private final Map<Schema, Optional<CelType>> resources = new IdentityHashMap<>();
  private final String prefix;
  private int counter;

  CelTypes(String prefix) {
    this.prefix = prefix;
  }

  /** The CEL type of a value of {@code s}; a resource (root or embedded) exposes its metadata. */
  Optional<CelType> typeOf(Schema s, boolean resource) {
    return Optional.ofNullable(declType(s, resource));
  }

  private CelType declType(Schema s, boolean resource) {
    if (s == null) {
      return null;
    }
    Map<Schema, Optional<CelType>> cache = resource ? resources : values;
    Optional<CelType> known = cache.get(s);
    if (known == null) {
      known = Optional.ofNullable(computeDeclType(s, resource));
      cache.put(s, known);
    }
    return known.orElse(null);
  }

  private CelType computeDeclType(Schema s, boolean resource) {
    if (s.intOrString) {
      return SimpleType.DYN;
    }
    Schema schema = resource ? s.withTypeAndObjectMeta() : s;
    return switch (schema.type) {
      case "array" -> {
        if (schema.items == null) {
          yield null;
        }
        CelType items = declType(schema.items, schema.items.embeddedResource);
        yield items == null ? null : ListType.create(items);
      }
      case "object" -> {
        if (schema.additionalProperties != null) {
          CelType values =
              declType(schema.additionalProperties, schema.additionalProperties.embeddedResource);
          yield values == null ? null : MapType.create(SimpleType.STRING, values);
        }
        yield objectType(schema);
      }
      case "string" ->
          switch (schema.format) {
            case "byte" -> SimpleType.BYTES;
            case "duration" -> SimpleType.DURATION;
            case "date", "date-time" -> SimpleType.TIMESTAMP;
            default -> SimpleType.STRING;
          };
      case "boolean" -> SimpleType.BOOL;
      case "number" -> SimpleType.DOUBLE;
      case "integer" -> SimpleType.INT;
      default -> null;
    };
  }

  private CelType objectType(Schema schema) {
    Map<String, CelType> fields = new LinkedHashMap<>();
    if (schema.properties != null) {
      schema.properties.forEach(
          (name, prop) -> {
            CelType type = declType(prop, prop.embeddedResource);
            if (type != null) {
              CelEscaping.escape(name).ifPresent(escaped -> fields.put(escaped, type));
            }
          });
    }
    String name = prefix + "." + (counter++);
    StructType type =
        StructType.create(
            name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(fields.get(f)));
    structs.put(name, type);
    return type;
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(structs.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(structs.get(typeName));
  }
}
