package io.drover.local.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import io.drover.local.api.store.ObjectStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubectl logs}: a container's output from {@code
 * <home>/logs/<namespace>/<pod>/<container>.log}, the file the local runner writes. Honours {@code
 * container}, {@code tailLines}, {@code limitBytes} and {@code follow}; following ends when the
 * container has terminated and its file is read to the end, or when the pod is gone.
 */
final class PodLogs {

  private static final long FOLLOW_POLL_MILLIS = 200;

  private final Vertx vertx;
  private final Path logs;
  private final ObjectStore store;
  private final ResourceType pods;

  PodLogs(Vertx vertx, Path logs, ObjectStore store, ResourceType pods) {
    this.vertx = vertx;
    this.logs = logs;
    this.store = store;
    this.pods = pods;
  }

  void serve(Exchange exchange, ObjectNode pod) {
    String namespace = Metadata.namespace(pod);
    String name = Metadata.name(pod);
    String container = container(pod, exchange.param("container"));
    Path file = logs.resolve(namespace).resolve(name).resolve(container + ".log");
    if (!Files.exists(file)) {
      throw ApiException.badRequest(
          "container \""
              + container
              + "\" in pod \""
              + name
              + "\" is waiting to start: ContainerCreating");
    }
    long size = size(file);
    long start = Math.max(0, startOffset(file, size, exchange.param("tailLines")));
    long limit = longParam(exchange.param("limitBytes"), Long.MAX_VALUE);
    long end = Math.min(size, start > Long.MAX_VALUE - limit ? size : start + limit);
    HttpServerResponse response = exchange.request().response();
    response.setStatusCode(200);
    response.putHeader("Content-Type", "text/plain");
    if (!exchange.flag("follow")) {
      response.end(Buffer.buffer(read(file, start, end)));
      return;
    }
    response.setChunked(true);
    response.write(Buffer.buffer(read(file, start, end)));
    long[] position = {end};
    long timer =
        vertx.setPeriodic(
            FOLLOW_POLL_MILLIS,
            id -> {
              if (response.closed() || response.ended()) {
                vertx.cancelTimer(id);
                return;
              }
              long now = size(file);
              if (now > position[0]) {
                response.write(Buffer.buffer(read(file, position[0], now)));
                position[0] = now;
              } else if (finished(namespace, name, container)) {
                vertx.cancelTimer(id);
                response.end();
              }
            });
    response.closeHandler(v -> vertx.cancelTimer(timer));
  }

  /** The container asked for, or the pod's only one. */
  private String container(ObjectNode pod, String asked) {
    List<String> names = new ArrayList<>();
    for (String field : List.of("containers", "initContainers")) {
      pod.path("spec").path(field).forEach(c -> names.add(c.path("name").asText()));
    }
    String name = Metadata.name(pod);
    if (asked == null || asked.isEmpty()) {
      if (names.size() == 1) {
        return names.get(0);
      }
      throw ApiException.badRequest(
          "a container name must be specified for pod " + name + ", choose one of: " + names);
    }
    if (!names.contains(asked)) {
      throw ApiException.badRequest("container " + asked + " is not valid for pod " + name);
    }
    return asked;
  }

  /** Whether the container will write no more: terminated, or its pod gone. */
  private boolean finished(String namespace, String name, String container) {
    ObjectNode pod = store.get(pods, namespace, name).orElse(null);
    if (pod == null) {
      return true;
    }
    String phase = pod.path("status").path("phase").asText();
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      return true;
    }
    for (String field : List.of("containerStatuses", "initContainerStatuses")) {
      for (JsonNode status : pod.path("status").path(field)) {
        if (container.equals(status.path("name").asText())
            && status.path("state").has("terminated")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Where the last {@code tailLines} lines begin. */
  private static long startOffset(Path file, long size, String tailLines) {
    long lines = longParam(tailLines, -1);
    if (lines < 0) {
      return 0;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long position = size;
      long seen = 0;
      // A final newline ends the last line; it does not start another.
      if (position > 0) {
        in.seek(position - 1);
        if (in.read() == '\n') {
          position--;
        }
      }
      while (position > 0) {
        in.seek(position - 1);
        if (in.read() == '\n' && ++seen == lines) {
          return position;
        }
        position--;
      }
      return lines == 0 ? size : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path file, long from, long to) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.max(0, to - from)];
      in.seek(from);
      in.readFully(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static long longParam(String value, long fallback) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("expected a number, got \"" + value + "\"");
    }
  }
}
