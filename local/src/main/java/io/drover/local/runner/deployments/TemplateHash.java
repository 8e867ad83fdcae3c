package io.drover.local.runner.deployments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.drover.local.runner.control.Names;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;

/**
 * The {@code pod-template-hash} of a Deployment's template: FNV-32a over the template, written in
 * Kubernetes' safe alphabet as the Deployment controller writes it ({@code 7d9c5b8f6d}). The same
 * template always gives the same hash and any change gives another; the value itself differs from a
 * real cluster's (which hashes Go's rendering of the struct).
 */
final class TemplateHash {

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .build();

  private TemplateHash() {}

  static String of(PodTemplateSpec template) {
    byte[] bytes;
    try {
      bytes = CANONICAL.writeValueAsString(template).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a pod template always serializes", e);
    }
    int hash = 0x811c9dc5;
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Names.safeEncode(Long.toString(Integer.toUnsignedLong(hash)));
  }
}
