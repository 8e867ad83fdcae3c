package io.drover.serving.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Whether a shadow's answer agrees with the primary's: the same predicted labels when both name
 * them (the v2 {@code label} output, or v1 {@code predictions}), otherwise every numeric output
 * within a tolerance. Answers that cannot be compared (not JSON, different shapes) disagree.
 */
public final class ShadowComparator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final double tolerance;

  public ShadowComparator(double tolerance) {
    this.tolerance = tolerance;
  }

  public boolean agree(Buffer primary, Buffer shadow) {
    JsonNode a = parse(primary);
    JsonNode b = parse(shadow);
    if (a == null || b == null) {
      return false;
    }
    if (a.has("predictions") || b.has("predictions")) {
      return close(a.get("predictions"), b.get("predictions"));
    }
    JsonNode labelA = output(a, "label");
    JsonNode labelB = output(b, "label");
    if (labelA != null && labelB != null) {
      return labelA.equals(labelB);
    }
    JsonNode outputsA = a.get("outputs");
    JsonNode outputsB = b.get("outputs");
    if (outputsA == null || outputsB == null || outputsA.size() != outputsB.size()) {
      return false;
    }
    for (int i = 0; i < outputsA.size(); i++) {
      if (!close(outputsA.get(i).get("data"), outputsB.get(i).get("data"))) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode output(JsonNode answer, String name) {
    JsonNode outputs = answer.get("outputs");
    if (outputs == null || !outputs.isArray()) {
      return null;
    }
    for (JsonNode output : outputs) {
      if (name.equals(output.path("name").asText())) {
        return output.get("data");
      }
    }
    return null;
  }

  private boolean close(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return false;
    }
    if (a.isNumber() && b.isNumber()) {
      return Math.abs(a.asDouble() - b.asDouble()) <= tolerance;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!close(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static JsonNode parse(Buffer body) {
    try {
      return body == null || body.length() == 0 ? null : JSON.readTree(body.getBytes());
    } catch (IOException e) {
      return null;
    }
  }
}
