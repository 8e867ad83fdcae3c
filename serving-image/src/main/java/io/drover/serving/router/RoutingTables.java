package io.drover.serving.router;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drover.serving.router.RoutingTable.Closed;
import io.drover.serving.router.RoutingTable.Role;
import io.drover.serving.router.RoutingTable.Variant;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and checks a routing table (YAML, or JSON which is YAML too). Strict: an unknown key is a
 * typo, and a typo in a traffic split must not route traffic somewhere nobody asked for.
 */
public final class RoutingTables {

  /** The largest table read, in bytes of UTF-8: a table is a handful of lines per variant. */
  public static final int MAX_BYTES = 1 << 20;

  static final String DEFAULT_CLOSED_REASON = "the service is outside its active windows";

  // A key given twice would leave one of its values silently unused.
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final Set<String> TABLE_KEYS = Set.of("stickyHeader", "closed", "variants");
  private static final Set<String> CLOSED_KEYS = Set.of("opensAt", "reason");
  private static final Set<String> VARIANT_KEYS =
      Set.of("name", "role", "url", "weight", "mirrorPercent", "model", "scaledToZero");
  // Exactly as written in the documentation: a case-mangled role is somebody else's typo.
  private static final Map<String, Role> ROLES =
      Map.of("stable", Role.STABLE, "candidate", Role.CANDIDATE, "shadow", Role.SHADOW);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,128}");

  private RoutingTables() {}

  /**
   * @throws InvalidTableException saying what is wrong and where
   */
  public static RoutingTable parse(String text) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw tooLarge(bytes);
    }
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
    Closed closed = closed(root.get("closed"));
    JsonNode list = root.get("variants");
    if (closed != null && (list == null || list.isNull())) {
      list = YAML.createArrayNode();
    }
    if (list == null || !list.isArray() || (list.isEmpty() && closed == null)) {
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
    RoutingTable table = new RoutingTable(sticky, closed, variants);
    // A closed service answers nobody, so it needs nothing that could answer.
    if (closed == null && table.primaries().isEmpty()) {
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
    String roleText = text(node, "role", where);
    Role role = ROLES.get(roleText);
    if (role == null) {
      throw new InvalidTableException(
          where + ": role " + roleText + " is not one of stable, candidate, shadow (lower case)");
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
    boolean scaledToZero = bool(node, "scaledToZero", where);
    if (scaledToZero && role == Role.SHADOW) {
      throw new InvalidTableException(
          where + ": a shadow is never woken for a request, so it cannot be scaledToZero");
    }
    return new Variant(name, role, url, weight, mirror, model, scaledToZero);
  }

  private static Closed closed(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new InvalidTableException("closed must be a mapping with opensAt and reason");
    }
    unknownKeys(node, CLOSED_KEYS, "closed");
    Instant opensAt = null;
    JsonNode opens = node.get("opensAt");
    if (opens != null && !opens.isNull()) {
      try {
        opensAt = OffsetDateTime.parse(opens.asText()).toInstant();
      } catch (DateTimeParseException e) {
        throw new InvalidTableException(
            "closed: opensAt "
                + opens.asText()
                + " is not an RFC 3339 time like 2026-11-23T08:00:00Z");
      }
    }
    String reason = DEFAULT_CLOSED_REASON;
    JsonNode given = node.get("reason");
    if (given != null && !given.isNull()) {
      if (!given.isTextual() || given.asText().isBlank()) {
        throw new InvalidTableException("closed: reason must be a non-empty text");
      }
      reason = given.asText().strip();
    }
    return new Closed(opensAt, reason);
  }

  private static URI url(String text, String where) {
    URI url;
    try {
      url = new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw badUrl(text, where, "it does not parse");
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw badUrl(text, where, "the scheme must be http or https");
    }
    if (url.getHost() == null) {
      throw badUrl(text, where, "it names no host");
    }
    if (url.getRawUserInfo() != null) {
      throw badUrl(text, where, "it must not carry user info");
    }
    if (url.getPort() != -1 && (url.getPort() < 1 || url.getPort() > 65535)) {
      throw badUrl(text, where, "the port must be from 1 to 65535");
    }
    // The request's own path and query are appended to the URL: a base path would be lost.
    if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) {
      throw badUrl(text, where, "it must have no path");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw badUrl(text, where, "it must have no query or fragment");
    }
    return URI.create(url.getScheme() + "://" + url.getRawAuthority());
  }

  private static InvalidTableException badUrl(String text, String where, String why) {
    return new InvalidTableException(
        where + ": url " + text + " is refused: " + why + "; write it like http://iris-v3:8080");
  }

  /** The refusal of a table of that many bytes. */
  public static InvalidTableException tooLarge(long bytes) {
    return new InvalidTableException(
        "the table is %d bytes, over the limit of %d (1 MiB); a routing table lists a few variants"
            .formatted(bytes, MAX_BYTES));
  }

  private static boolean bool(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new InvalidTableException(where + ": " + key + " must be true or false");
    }
    return value.booleanValue();
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
