package io.drover.serving.router;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a shadow's answer agrees with the primary's: the same predicted labels when both name
 * them (the v2 {@code label} output, or v1 {@code predictions}), otherwise every numeric output
 * within a tolerance. Answers that cannot be compared (not JSON, different shapes) disagree.
 *
 * <p>It runs for every mirrored request, so the common case is one streaming pass per answer that
 * keeps only the label strings and skips the rest (probabilities included) without building a tree;
 * only answers without labels are read in full.
 */
public final class ShadowComparator {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper JSON = new ObjectMapper(FACTORY);
  private static final String LABEL = "label";

  private final double tolerance;

  public ShadowComparator(double tolerance) {
    this.tolerance = tolerance;
  }

  public boolean agree(Buffer primary, Buffer shadow) {
    if (empty(primary) || empty(shadow)) {
      return false;
    }
    byte[] a = primary.getBytes();
    byte[] b = shadow.getBytes();
    try {
      List<String> labelsA = labels(a);
      List<String> labelsB = labels(b);
      if (labelsA != null && labelsB != null) {
        return labelsA.equals(labelsB);
      }
    } catch (IOException e) {
      return false;
    }
    return agreeInFull(parse(a), parse(b));
  }

  /**
   * The predicted labels an answer names: {@code predictions} (v1) when it holds strings, else the
   * data of the output named {@code label} (v2, whatever the order of its fields); null when it
   * names none.
   *
   * @throws IOException when the answer is not a well-formed JSON object
   */
  static List<String> labels(byte[] body) throws IOException {
    try (JsonParser json = FACTORY.createParser(body)) {
      expect(json.nextToken(), JsonToken.START_OBJECT);
      List<String> predictions = null;
      boolean predictionsAreLabels = true;
      List<String> label = null;
      for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; ) {
        expect(token, JsonToken.FIELD_NAME);
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("predictions") && value == JsonToken.START_ARRAY) {
          predictions = strings(json);
          predictionsAreLabels = predictions != null;
        } else if (field.equals("outputs") && value == JsonToken.START_ARRAY) {
          label = labelOutput(json);
        } else {
          json.skipChildren();
        }
        token = json.nextToken();
      }
      if (!predictionsAreLabels) {
        return null;
      }
      return predictions != null ? predictions : label;
    }
  }

  /** Reads an {@code outputs} array (positioned on its start); the label output's data, or null. */
  private static List<String> labelOutput(JsonParser json) throws IOException {
    List<String> label = null;
    for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; ) {
      expect(token, null);
      if (token != JsonToken.START_OBJECT) {
        json.skipChildren();
        token = json.nextToken();
        continue;
      }
      String name = null;
      List<String> data = null;
      for (JsonToken inner = json.nextToken(); inner != JsonToken.END_OBJECT; ) {
        expect(inner, JsonToken.FIELD_NAME);
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("name") && value == JsonToken.VALUE_STRING) {
          name = json.getText();
        } else if (field.equals("data") && value == JsonToken.START_ARRAY) {
          data = strings(json);
        } else {
          json.skipChildren();
        }
        inner = json.nextToken();
      }
      if (LABEL.equals(name) && data != null) {
        label = data;
      }
      token = json.nextToken();
    }
    return label;
  }

  /** The strings of an array (positioned on its start); null when it holds anything else. */
  private static List<String> strings(JsonParser json) throws IOException {
    List<String> values = new ArrayList<>();
    boolean onlyStrings = true;
    for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; ) {
      expect(token, null);
      if (token == JsonToken.VALUE_STRING) {
        values.add(json.getText());
      } else {
        onlyStrings = false;
        json.skipChildren();
      }
      token = json.nextToken();
    }
    return onlyStrings ? values : null;
  }

  /** Fails at the end of input, and on another token than {@code expected} when one is given. */
  private static void expect(JsonToken token, JsonToken expected) throws IOException {
    if (token == null || (expected != null && token != expected)) {
      throw new IOException("unexpected " + token);
    }
  }

  /** Answers without labels on both sides: every numeric output within the tolerance. */
  private boolean agreeInFull(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return false;
    }
    if (a.has("predictions") || b.has("predictions")) {
      return close(a.get("predictions"), b.get("predictions"));
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

  private static boolean empty(Buffer body) {
    return body == null || body.length() == 0;
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
