package io.drover.serving.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Writes response bodies with Jackson's streaming generator: a 32-row answer is a few hundred
 * bytes, and building a tree for it would cost more than the model's forward pass.
 */
public final class InferResponses {

  public static final String LABEL = "label";
  public static final String PROBABILITIES = "probabilities";

  private static final JsonFactory FACTORY = new JsonFactory();

  private InferResponses() {}

  /**
   * The Open Inference Protocol infer response: {@code label} (BYTES, {@code [batch]}) and {@code
   * probabilities} (FP32, {@code [batch, labels]}, row-major).
   *
   * @param outputs the outputs asked for, empty for all
   */
  public static byte[] v2(
      String modelName,
      String modelVersion,
      String id,
      List<String> labels,
      int[] classes,
      float[][] probabilities,
      Set<String> outputs) {
    return write(
        json -> {
          json.writeStartObject();
          json.writeStringField("model_name", modelName);
          json.writeStringField("model_version", modelVersion);
          json.writeStringField("id", id);
          json.writeArrayFieldStart("outputs");
          if (outputs.isEmpty() || outputs.contains(LABEL)) {
            tensorHeader(json, LABEL, "BYTES", classes.length);
            json.writeEndArray();
            json.writeArrayFieldStart("data");
            for (int cls : classes) {
              json.writeString(labels.get(cls));
            }
            json.writeEndArray();
            json.writeEndObject();
          }
          if (outputs.isEmpty() || outputs.contains(PROBABILITIES)) {
            tensorHeader(json, PROBABILITIES, "FP32", classes.length);
            json.writeNumber(labels.size());
            json.writeEndArray();
            json.writeArrayFieldStart("data");
            for (float[] row : probabilities) {
              for (float p : row) {
                json.writeNumber(p);
              }
            }
            json.writeEndArray();
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  /** Starts a tensor object and leaves its {@code shape} array open after the batch dimension. */
  private static void tensorHeader(JsonGenerator json, String name, String datatype, int rows)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeStringField("datatype", datatype);
    json.writeArrayFieldStart("shape");
    json.writeNumber(rows);
  }

  /**
   * KServe's v1 answer: {@code predictions} holds the predicted label per instance; {@code
   * probabilities} (an addition v1 clients ignore) the class probabilities.
   */
  public static byte[] v1(List<String> labels, int[] classes, float[][] probabilities) {
    return write(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("predictions");
          for (int cls : classes) {
            json.writeString(labels.get(cls));
          }
          json.writeEndArray();
          json.writeArrayFieldStart(PROBABILITIES);
          for (float[] row : probabilities) {
            json.writeStartArray();
            for (float p : row) {
              json.writeNumber(p);
            }
            json.writeEndArray();
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  /** The protocol's error body, {@code {"error": "..."}}. */
  public static byte[] error(String message) {
    return write(
        json -> {
          json.writeStartObject();
          json.writeStringField("error", message);
          json.writeEndObject();
        });
  }

  interface Body {
    void writeTo(JsonGenerator json) throws IOException;
  }

  static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
      body.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }
}
