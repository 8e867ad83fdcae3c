package io.drover.serving.protocol;

import static io.drover.serving.protocol.ProtocolException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * Decodes one tensor of an infer request, {@code {name, shape, datatype, data}}, into row-major
 * doubles, refusing anything that does not match its declaration. The protocol allows {@code data}
 * flat or nested to the tensor's shape; both are read.
 */
final class TensorDecoder {

  private TensorDecoder() {}

  /** The tensor's shape, each dimension a non-negative integer. */
  static long[] shape(JsonNode tensor, String name) {
    JsonNode shape = tensor.get("shape");
    if (shape == null || !shape.isArray() || shape.isEmpty()) {
      throw badRequest("input " + name + ": shape must be a non-empty array of integers");
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      JsonNode dim = shape.get(i);
      if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.asLong() < 0) {
        throw badRequest(
            "input %s: shape %s is not a list of non-negative integers".formatted(name, shape));
      }
      dims[i] = dim.asLong();
    }
    return dims;
  }

  static Datatype datatype(JsonNode tensor, String name) {
    JsonNode node = tensor.get("datatype");
    if (node == null || !node.isTextual()) {
      throw badRequest("input " + name + ": datatype is missing; this model takes FP32");
    }
    Datatype datatype =
        Datatype.of(node.asText())
            .orElseThrow(
                () ->
                    badRequest(
                        "input %s: %s is not an Open Inference Protocol datatype"
                            .formatted(name, abbreviate(node.asText()))));
    if (!datatype.numeric()) {
      throw badRequest(
          "input %s: datatype %s is not numeric; this model takes FP32 (FP64 and integer types are accepted)"
              .formatted(name, datatype));
    }
    return datatype;
  }

  /**
   * @param count the number of elements {@code shape} holds, already checked against the limits
   */
  static double[] data(JsonNode tensor, String name, long[] shape, int count, Datatype type) {
    JsonNode data = tensor.get("data");
    if (data == null || !data.isArray()) {
      throw badRequest("input " + name + ": data must be an array of numbers");
    }
    double[] values = new double[count];
    boolean flat = data.isEmpty() || !data.get(0).isArray();
    if (flat) {
      if (data.size() != count) {
        throw badRequest(
            "input %s: shape %s holds %d values but data has %d"
                .formatted(name, Arrays.toString(shape), count, data.size()));
      }
      for (int i = 0; i < count; i++) {
        values[i] = element(data.get(i), name, i, type);
      }
    } else {
      int filled = nested(data, name, shape, 0, values, 0, type);
      if (filled != count) {
        throw badRequest(
            "input %s: data does not match shape %s".formatted(name, Arrays.toString(shape)));
      }
    }
    return values;
  }

  private static int nested(
      JsonNode node, String name, long[] shape, int depth, double[] into, int at, Datatype type) {
    if (!node.isArray() || node.size() != shape[depth]) {
      throw badRequest(
          "input %s: data is nested but does not follow shape %s at depth %d"
              .formatted(name, Arrays.toString(shape), depth));
    }
    if (depth == shape.length - 1) {
      for (JsonNode element : node) {
        into[at] = element(element, name, at, type);
        at++;
      }
      return at;
    }
    for (JsonNode child : node) {
      at = nested(child, name, shape, depth + 1, into, at, type);
    }
    return at;
  }

  private static double element(JsonNode node, String name, int index, Datatype type) {
    if (!node.isNumber()) {
      throw badRequest(
          "input %s: element %d is %s, not a number"
              .formatted(
                  name,
                  index,
                  node.isTextual() ? "\"" + abbreviate(node.asText()) + "\"" : describe(node)));
    }
    double value = node.doubleValue();
    if (type == Datatype.FP32) {
      value = (float) value;
    }
    String refusal = type.refuse(value);
    if (refusal != null) {
      throw badRequest(
          "input %s: element %d (%s) %s"
              .formatted(name, index, abbreviate(node.asText()), refusal));
    }
    return value;
  }

  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      case BOOLEAN -> node.asText();
      case STRING -> "a string";
      default -> "a " + node.getNodeType().name().toLowerCase();
    };
  }

  /** Echoing client text is helpful up to a point; a megabyte of it is not. */
  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
