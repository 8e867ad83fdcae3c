package io.drover.serving.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drover.serving.router.RoutingTable.Role;
import io.drover.serving.router.RoutingTable.Variant;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and checks a routing table (YAML, or JSON which is YAML too). Strict: an unknown key is a
 * typo, and a typo in a traffic split must not route traffic somewhere nobody asked for.
 */
public final class RoutingTables {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TABLE_KEYS = Set.of("stickyHeader", "variants");
  private static final Set<String> VARIANT_KEYS =
      Set.of("name", "role", "url", "weight", "mirrorPercent", "model");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,128}");

  private RoutingTables() {}

  /**
   * @throws InvalidTableException saying what is wrong and where
   */
  public static RoutingTable parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidTableException("not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidTableException("the table must be a mapping with a variants list");
    }
    unknownKeys(root, TABLE_KEYS, "the table");
    String sticky = null;
    if (root.hasNonNull("stickyHeader")) {
      sticky = root.get("stickyHeader").asText();
      if (!HEADER.matcher(sticky).matches()) {
        throw new InvalidTableException("stickyHeader " + sticky + " is not a header name");
      }
      sticky = sticky.toLowerCase(Locale.ROOT);
    }
    JsonNode list = root.get("variants");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidTableException("variants must be a non-empty list");
    }
    List<Variant> variants = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Variant variant = variant(list.get(i), i);
      if (!names.add(variant.name())) {
        throw new InvalidTableException("variant name " + variant.name() + " appears twice");
      }
      variants.add(variant);
    }
    RoutingTable table = new RoutingTable(sticky, variants);
    if (table.primaries().isEmpty()) {
      throw new InvalidTableException(
          "no stable or candidate variant has a positive weight: nothing could answer");
    }
    return table;
  }

  private static Variant variant(JsonNode node, int index) {
    String where = "variants[" + index + "]";
    if (!node.isObject()) {
      throw new InvalidTableException(where + " must be a mapping");
    }
    unknownKeys(node, VARIANT_KEYS, where);
    String name = text(node, "name", where);
    if (!NAME.matcher(name).matches()) {
      throw new InvalidTableException(where + ": name " + name + " is not a valid name");
    }
    where = "variant " + name;
    Role role;
    try {
      role = Role.valueOf(text(node, "role", where).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidTableException(where + ": role must be stable, candidate or shadow");
    }
    URI url = url(text(node, "url", where), where);
    int weight = integer(node, "weight", role == Role.SHADOW ? 0 : -1, 0, 1_000_000, where);
    int mirror = integer(node, "mirrorPercent", role == Role.SHADOW ? 100 : 0, 0, 100, where);
    if (role == Role.SHADOW && weight > 0) {
      throw new InvalidTableException(where + ": a shadow takes mirrorPercent, not weight");
    }
    if (role != Role.SHADOW && node.has("mirrorPercent")) {
      throw new InvalidTableException(where + ": only a shadow takes mirrorPercent");
    }
    String model = node.hasNonNull("model") ? node.get("model").asText() : null;
    if (model != null && !NAME.matcher(model).matches()) {
      throw new InvalidTableException(where + ": model " + model + " is not a valid name");
    }
    return new Variant(name, role, url, weight, mirror, model);
  }

  private static URI url(String text, String where) {
    try {
      URI url = URI.create(text);
      boolean http = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
      if (!http || url.getHost() == null || (url.getPath() != null && url.getPath().length() > 1)) {
        throw new IllegalArgumentException();
      }
      return URI.create(url.getScheme() + "://" + url.getRawAuthority());
    } catch (IllegalArgumentException e) {
      throw new InvalidTableException(
          where + ": url " + text + " is not an http(s) URL of a host, like http://iris-v3:8080");
    }
  }

  private static String text(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidTableException(where + ": " + key + " is required");
    }
    return value.asText();
  }

  /** An integer in range; {@code absent < 0} makes the key required. */
  private static int integer(
      JsonNode node, String key, int absent, int min, int max, String where) {
    JsonNode value = node.get(key);
    if (value == null) {
      if (absent < 0) {
        throw new InvalidTableException(where + ": " + key + " is required");
      }
      return absent;
    }
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      throw new InvalidTableException(
          "%s: %s must be an integer from %d to %d".formatted(where, key, min, max));
    }
    return value.asInt();
  }

  private static void unknownKeys(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!known.contains(key)) {
        throw new InvalidTableException(
            where + " has an unknown key " + key + "; known: " + String.join(", ", known));
      }
    }
  }
}
