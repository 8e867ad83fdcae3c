package io.drover.operator.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every Fabric8 model object read without unknown fields one shared, empty map of them. Each
 * model class allocates a {@code LinkedHashMap} for the unknown fields ({@code
 * additionalProperties}) of every instance, and an object from the API almost never has any: at
 * 1,000 services and 10,000 ModelVersions the informer caches held 351,003 such maps, most empty.
 * The shared map is immutable, which only a writer of unknown fields into an object already read
 * would notice: Jackson writes them while it reads (before this runs), and Fabric8's builders copy
 * them into a map of their own.
 */
public final class SharedEmptyExtras extends DelegatingDeserializer {

  private static final Map<String, Object> NONE = Map.of();

  private static final ClassValue<Optional<Extras>> EXTRAS =
      new ClassValue<>() {
        @Override
        protected Optional<Extras> computeValue(Class<?> type) {
          return Extras.of(type);
        }
      };

  private final Extras extras;

  private SharedEmptyExtras(JsonDeserializer<?> delegate, Extras extras) {
    super(delegate);
    this.extras = extras;
  }

  /** A Jackson module that reads Fabric8's model objects through this deserializer. */
  public static Module module() {
    return new SimpleModule("drover-shared-empty-extras")
        .setDeserializerModifier(
            new BeanDeserializerModifier() {
              @Override
              public JsonDeserializer<?> modifyDeserializer(
                  DeserializationConfig config,
                  BeanDescription description,
                  JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                if (!KubernetesResource.class.isAssignableFrom(type)
                    || GenericKubernetesResource.class.isAssignableFrom(type)) {
                  return deserializer;
                }
                return EXTRAS
                    .get(type)
                    .<JsonDeserializer<?>>map(extras -> new SharedEmptyExtras(deserializer, extras))
                    .orElse(deserializer);
              }
            });
  }

  @Override
  protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
    return new SharedEmptyExtras(delegate, extras);
  }

  @Override
  public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    return extras.share(super.deserialize(parser, context));
  }

  @Override
  public Object deserialize(JsonParser parser, DeserializationContext context, Object into)
      throws IOException {
    return extras.share(super.deserialize(parser, context, into));
  }

  /** A model class's accessors of its unknown fields. */
  private record Extras(Class<?> type, MethodHandle get, MethodHandle set) {

    static Optional<Extras> of(Class<?> type) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType map = MethodType.methodType(Map.class);
        return Optional.of(
            new Extras(
                type,
                lookup.findVirtual(type, "getAdditionalProperties", map),
                lookup.findVirtual(
                    type,
                    "setAdditionalProperties",
                    MethodType.methodType(void.class, Map.class))));
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return Optional.empty();
      }
    }

    Object share(Object read) {
      if (!type.isInstance(read)) {
        return read;
      }
      try {
        Map<?, ?> current = (Map<?, ?>) get.invoke(read);
        if (current != null && current.isEmpty() && current != NONE) {
          set.invoke(read, NONE);
        }
        return read;
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("cannot read the unknown fields of " + read.getClass(), e);
      }
    }
  }
}
