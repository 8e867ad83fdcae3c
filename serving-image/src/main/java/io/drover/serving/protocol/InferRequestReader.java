package io.drover.serving.protocol;

import static io.drover.serving.protocol.ProtocolException.badRequest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an Open Inference Protocol infer request body. Two input forms are accepted: one {@code
 * [batch, features]} tensor named {@link InputSpec#tensorName()}, or one {@code [batch]} (or {@code
 * [batch, 1]}) tensor per feature, named by the feature, as pandas-style clients send columns.
 */
public final class InferRequestReader {

  /** The outputs an infer response can hold. */
  public static final Set<String> OUTPUTS =
      Set.of(InferResponses.LABEL, InferResponses.PROBABILITIES);

  public static final int MAX_ID_LENGTH = 256;

  static final ObjectMapper JSON =
      new ObjectMapper()
          // NaN and Infinity parse, so that the answer can say which element was not finite.
          .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private InferRequestReader() {}

  public static InferRequest read(byte[] body, InputSpec spec) {
    JsonNode request = parseObject(body);
    String id = id(request);
    JsonNode inputs = request.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw badRequest("inputs must be a non-empty array of tensors");
    }
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode tensor : inputs) {
      if (!tensor.isObject()) {
        throw badRequest(
            "each input must be a tensor object, not " + TensorDecoder.describe(tensor));
      }
      JsonNode name = tensor.get("name");
      if (name == null || !name.isTextual()) {
        throw badRequest("each input needs a name (a string)");
      }
      if (byName.put(name.asText(), tensor) != null) {
        throw badRequest("input " + TensorDecoder.abbreviate(name.asText()) + " is given twice");
      }
    }
    double[][] rows =
        byName.containsKey(spec.tensorName()) && byName.size() == 1
            ? matrix(byName.get(spec.tensorName()), spec)
            : columns(byName, spec);
    return new InferRequest(id, rows, outputs(request));
  }

  /** Parses a JSON object, answering 400 with what was wrong for anything else. */
  public static JsonNode parseObject(byte[] body) {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw badRequest("the body cannot be read as JSON");
    }
    if (node == null || node.isMissingNode() || !node.isObject()) {
      throw badRequest("the body must be a JSON object");
    }
    return node;
  }

  static String id(JsonNode request) {
    JsonNode id = request.get("id");
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_ID_LENGTH) {
      throw badRequest("id must be a non-empty string of at most " + MAX_ID_LENGTH + " characters");
    }
    return id.asText();
  }

  private static double[][] matrix(JsonNode tensor, InputSpec spec) {
    String name = spec.tensorName();
    long[] shape = TensorDecoder.shape(tensor, name);
    Datatype datatype = TensorDecoder.datatype(tensor, name);
    if (shape.length != 2 || shape[1] != spec.width()) {
      throw badRequest(
          "input %s has shape %s; this model takes [-1, %d] (%s)"
              .formatted(
                  name, Arrays.toString(shape), spec.width(), String.join(", ", spec.features())));
    }
    int batch = batch(shape[0], spec);
    double[] values = TensorDecoder.data(tensor, name, shape, batch * spec.width(), datatype);
    double[][] rows = new double[batch][];
    for (int row = 0; row < batch; row++) {
      rows[row] = Arrays.copyOfRange(values, row * spec.width(), (row + 1) * spec.width());
    }
    return rows;
  }

  private static double[][] columns(Map<String, JsonNode> byName, InputSpec spec) {
    List<String> unknown = new ArrayList<>();
    for (String name : byName.keySet()) {
      if (!spec.features().contains(name)) {
        unknown.add(TensorDecoder.abbreviate(name));
      }
    }
    if (!unknown.isEmpty()) {
      throw badRequest(
          "unknown input %s; this model takes one tensor %s of shape [-1, %d], or one tensor per feature: %s"
              .formatted(
                  String.join(", ", unknown),
                  spec.tensorName(),
                  spec.width(),
                  String.join(", ", spec.features())));
    }
    List<String> missing = spec.features().stream().filter(f -> !byName.containsKey(f)).toList();
    if (!missing.isEmpty()) {
      throw badRequest("missing input for feature " + String.join(", ", missing));
    }
    double[][] rows = null;
    long batch = -1;
    for (int f = 0; f < spec.width(); f++) {
      String name = spec.features().get(f);
      JsonNode tensor = byName.get(name);
      long[] shape = TensorDecoder.shape(tensor, name);
      Datatype datatype = TensorDecoder.datatype(tensor, name);
      if (shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
        throw badRequest(
            "input %s has shape %s; a feature column takes [-1] or [-1, 1]"
                .formatted(name, Arrays.toString(shape)));
      }
      if (batch >= 0 && shape[0] != batch) {
        throw badRequest(
            "input %s has %d rows but %s has %d"
                .formatted(name, shape[0], spec.features().get(0), batch));
      }
      batch = shape[0];
      int rowCount = batch(batch, spec);
      double[] column = TensorDecoder.data(tensor, name, shape, rowCount, datatype);
      if (rows == null) {
        rows = new double[rowCount][spec.width()];
      }
      for (int row = 0; row < rowCount; row++) {
        rows[row][f] = column[row];
      }
    }
    return rows;
  }

  static int batch(long rows, InputSpec spec) {
    if (rows == 0) {
      throw badRequest("the batch is empty: send at least one row");
    }
    if (rows > spec.maxRows()) {
      throw new ProtocolException(
          413, "the batch has %d rows; at most %d are accepted".formatted(rows, spec.maxRows()));
    }
    return (int) rows;
  }

  private static Set<String> outputs(JsonNode request) {
    JsonNode outputs = request.get("outputs");
    if (outputs == null || outputs.isNull()) {
      return Set.of();
    }
    if (!outputs.isArray()) {
      throw badRequest("outputs must be an array of {\"name\": ...} objects");
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode output : outputs) {
      JsonNode name = output.isObject() ? output.get("name") : null;
      if (name == null || !name.isTextual()) {
        throw badRequest("each requested output needs a name (a string)");
      }
      if (!OUTPUTS.contains(name.asText())) {
        throw badRequest(
            "unknown output %s; this model answers %s and %s"
                .formatted(
                    TensorDecoder.abbreviate(name.asText()),
                    InferResponses.LABEL,
                    InferResponses.PROBABILITIES));
      }
      names.add(name.asText());
    }
    return names;
  }
}
