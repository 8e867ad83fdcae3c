package io.drover.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of the service, as a KServe client would be: Open Inference Protocol requests at a fixed
 * rate (rows of a CSV), and for each answer the true label sent back as feedback through the
 * router, which passes it to the version that answered — the ground truth live accuracy is measured
 * on.
 */
public final class TrafficGenerator implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Row(List<Double> features, String label) {}

  private final URI service;
  private final String model;
  private final List<Row> rows;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong correct = new AtomicLong();
  private final Map<String, AtomicLong> variants = new ConcurrentHashMap<>();
  private volatile int shiftedFeature = -1;
  private volatile double shiftBy;

  public TrafficGenerator(URI service, String model, Path csv) {
    this.service = service;
    this.model = model;
    this.rows = read(csv);
  }

  public void start(int perSecond) {
    clock.scheduleAtFixedRate(this::send, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
  }

  /**
   * From now on, adds {@code by} to feature {@code index} of every row sent, its true label kept:
   * drifted inputs, as when the world the model serves changes.
   */
  public void shift(int index, double by) {
    shiftBy = by;
    shiftedFeature = index;
  }

  public long answered() {
    return answered.get();
  }

  public long failed() {
    return failed.get();
  }

  public long correct() {
    return correct.get();
  }

  /** Answers by the variant that gave them (the router's {@code x-drover-variant} header). */
  public Map<String, Long> answeredBy() {
    Map<String, Long> counts = new TreeMap<>();
    variants.forEach((variant, count) -> counts.put(variant, count.get()));
    return counts;
  }

  private void send() {
    Row row = rows.get(ThreadLocalRandom.current().nextInt(rows.size()));
    ObjectNode body = JSON.createObjectNode();
    ObjectNode input = body.putArray("inputs").addObject();
    input.put("name", "input-0").put("datatype", "FP32");
    input.putArray("shape").add(1).add(row.features().size());
    var data = input.putArray("data");
    int shifted = shiftedFeature;
    for (int i = 0; i < row.features().size(); i++) {
      data.add(row.features().get(i) + (i == shifted ? shiftBy : 0));
    }
    HttpRequest request =
        HttpRequest.newBuilder(service.resolve("/v2/models/" + model + "/infer"))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenAccept(response -> answer(response, row))
        .exceptionally(
            e -> {
              failed.incrementAndGet();
              return null;
            });
  }

  private void answer(HttpResponse<String> response, Row row) {
    if (response.statusCode() != 200) {
      failed.incrementAndGet();
      return;
    }
    try {
      JsonNode answer = JSON.readTree(response.body());
      answered.incrementAndGet();
      response
          .headers()
          .firstValue("x-drover-variant")
          .ifPresent(v -> variants.computeIfAbsent(v, k -> new AtomicLong()).incrementAndGet());
      for (JsonNode output : answer.path("outputs")) {
        if ("label".equals(output.path("name").asText())
            && row.label().equals(output.path("data").path(0).asText())) {
          correct.incrementAndGet();
        }
      }
      ObjectNode feedback = JSON.createObjectNode();
      feedback.put("id", answer.path("id").asText());
      feedback.putArray("labels").add(row.label());
      http.sendAsync(
          HttpRequest.newBuilder(service.resolve("/v2/models/" + model + "/feedback"))
              .timeout(Duration.ofSeconds(10))
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(feedback.toString()))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      failed.incrementAndGet();
    }
  }

  private static List<Row> read(Path csv) {
    try {
      List<String> lines = Files.readAllLines(csv);
      List<Row> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",");
        List<Double> features = new ArrayList<>();
        for (int i = 0; i < cells.length - 1; i++) {
          features.add(Double.parseDouble(cells[i]));
        }
        rows.add(new Row(features, cells[cells.length - 1].strip()));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    clock.shutdownNow();
  }
}
