package io.drover.serving.http;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Infer request bodies for the tests. */
final class Requests {

  private Requests() {}

  static String single(double... features) {
    return matrix("FP32", new double[][] {features}, null);
  }

  /**
   * @param output the one output to ask for (a JSON string), or {@code null} for all
   */
  static String matrix(String datatype, double[][] rows, String output) {
    String data =
        Arrays.stream(rows)
            .flatMap(row -> Arrays.stream(row).boxed())
            .map(String::valueOf)
            .collect(Collectors.joining(","));
    return "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[%d,%d],\"datatype\":\"%s\",\"data\":[%s]}]%s}"
        .formatted(
            rows.length,
            rows[0].length,
            datatype,
            data,
            output == null ? "" : ",\"outputs\":[{\"name\":" + output + "}]");
  }
}
