package io.drover.serving.protocol;

import static io.drover.serving.protocol.ProtocolException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads KServe's v1 predict request, {@code {"instances": [...]}}: each instance a list of feature
 * values in model order, or an object of feature name to value.
 */
public final class V1RequestReader {

  private V1RequestReader() {}

  public static InferRequest read(byte[] body, InputSpec spec) {
    JsonNode request = InferRequestReader.parseObject(body);
    JsonNode instances = request.get("instances");
    if (instances == null || !instances.isArray()) {
      throw badRequest("instances must be an array of rows");
    }
    int batch = InferRequestReader.batch(instances.size(), spec);
    double[][] rows = new double[batch][];
    for (int row = 0; row < batch; row++) {
      rows[row] = row(instances.get(row), row, spec);
    }
    return new InferRequest(InferRequestReader.id(request), rows, Set.of());
  }

  private static double[] row(JsonNode instance, int index, InputSpec spec) {
    double[] values = new double[spec.width()];
    if (instance.isArray()) {
      if (instance.size() != spec.width()) {
        throw badRequest(
            "instance %d has %d values; this model takes %d (%s)"
                .formatted(
                    index, instance.size(), spec.width(), String.join(", ", spec.features())));
      }
      for (int f = 0; f < values.length; f++) {
        values[f] = value(instance.get(f), index, spec.features().get(f));
      }
      return values;
    }
    if (instance.isObject()) {
      List<String> unknown = new ArrayList<>();
      for (Iterator<String> names = instance.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!spec.features().contains(name)) {
          unknown.add(TensorDecoder.abbreviate(name));
        }
      }
      if (!unknown.isEmpty()) {
        throw badRequest(
            "instance %d has unknown feature %s; this model takes %s"
                .formatted(index, String.join(", ", unknown), String.join(", ", spec.features())));
      }
      for (int f = 0; f < values.length; f++) {
        String feature = spec.features().get(f);
        JsonNode value = instance.get(feature);
        if (value == null) {
          throw badRequest("instance %d lacks feature %s".formatted(index, feature));
        }
        values[f] = value(value, index, feature);
      }
      return values;
    }
    throw badRequest(
        "instance %d is %s; send a list of values or an object of feature values"
            .formatted(index, TensorDecoder.describe(instance)));
  }

  private static double value(JsonNode node, int index, String feature) {
    if (!node.isNumber()) {
      throw badRequest(
          "instance %d, feature %s: %s is not a number"
              .formatted(
                  index,
                  feature,
                  node.isTextual()
                      ? "\"" + TensorDecoder.abbreviate(node.asText()) + "\""
                      : TensorDecoder.describe(node)));
    }
    String refusal = Datatype.FP64.refuse(node.doubleValue());
    if (refusal != null) {
      throw badRequest("instance %d, feature %s: the value %s".formatted(index, feature, refusal));
    }
    return node.doubleValue();
  }
}
