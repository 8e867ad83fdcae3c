package io.drover.local.runner.events;

import io.drover.local.runner.control.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events the way client-go's recorder does, so {@code kubectl describe} and {@code
 * kubectl get events} show what happened: named {@code <object>.<hex nanos>}, with the involved
 * object, the reporting component and a count; the same event repeated within ten minutes
 * increments the count of the first rather than piling up. Writes happen on a thread of their own,
 * in order, so a controller never waits for them.
 */
public final class EventRecorder implements AutoCloseable {

  /** The node name the runner reports as its host (Events, the scheduler's messages). */
  public static final String NODE = "drover-local";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final Duration AGGREGATION_WINDOW = Duration.ofMinutes(10);
  private static final int REMEMBERED = 4096;

  private final KubernetesClient client;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "local-runner-events");
            t.setDaemon(true);
            return t;
          });

  /** Recent events by what makes them the same, oldest first. */
  private final Map<String, Recorded> recent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
          return size() > REMEMBERED;
        }
      };

  private record Recorded(String namespace, String name, Instant first, int count) {}

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  /** A component's view of an object; {@code fieldPath} names a container, or is null. */
  public record Source(String component, HasMetadata object, String fieldPath) {}

  public void normal(Source source, String reason, String message) {
    emit(source, "Normal", reason, message);
  }

  public void warning(Source source, String reason, String message) {
    emit(source, "Warning", reason, message);
  }

  private void emit(Source source, String type, String reason, String message) {
    HasMetadata object = source.object();
    Instant now = Instant.now();
    if (!writer.isShutdown()) {
      writer.execute(() -> write(source, object, type, reason, message, now));
    }
  }

  private void write(
      Source source, HasMetadata object, String type, String reason, String message, Instant now) {
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    String key =
        String.join(
            "\u0000",
            source.component(),
            String.valueOf(object.getMetadata().getUid()),
            String.valueOf(source.fieldPath()),
            type,
            reason,
            message);
    try {
      Recorded earlier = recent.get(key);
      if (earlier != null && now.isBefore(earlier.first().plus(AGGREGATION_WINDOW))) {
        int count = earlier.count() + 1;
        Event updated =
            client
                .v1()
                .events()
                .inNamespace(earlier.namespace())
                .withName(earlier.name())
                .edit(
                    e -> {
                      e.setCount(count);
                      e.setLastTimestamp(Timestamps.format(now));
                      return e;
                    });
        if (updated != null) {
          recent.put(
              key, new Recorded(earlier.namespace(), earlier.name(), earlier.first(), count));
          return;
        }
      }
      String name =
          object.getMetadata().getName()
              + "."
              + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
      Event event =
          new EventBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .endMetadata()
              .withNewInvolvedObject()
              .withApiVersion(object.getApiVersion())
              .withKind(object.getKind())
              .withName(object.getMetadata().getName())
              .withNamespace(object.getMetadata().getNamespace())
              .withUid(object.getMetadata().getUid())
              .withResourceVersion(object.getMetadata().getResourceVersion())
              .withFieldPath(source.fieldPath())
              .endInvolvedObject()
              .withType(type)
              .withReason(reason)
              .withMessage(message)
              .withNewSource()
              .withComponent(source.component())
              .withHost(NODE)
              .endSource()
              .withReportingComponent(source.component())
              .withReportingInstance(NODE)
              .withFirstTimestamp(Timestamps.format(now))
              .withLastTimestamp(Timestamps.format(now))
              .withCount(1)
              .build();
      client.v1().events().inNamespace(namespace).resource(event).create();
      recent.put(key, new Recorded(namespace, name, now, 1));
    } catch (KubernetesClientException e) {
      // Events are best effort, as in Kubernetes: losing one must never stop a controller.
      LOG.debug("could not record event {} on {}: {}", reason, object.getMetadata().getName(), e);
    }
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
