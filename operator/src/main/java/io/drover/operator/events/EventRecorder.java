package io.drover.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on Drover objects, so {@code kubectl describe} and {@code kubectl
 * events} tell a run's story. An event that cannot be written is logged, never fatal: events are a
 * courtesy, status is the record.
 */
public class EventRecorder {

  static final String COMPONENT = "drover-operator";
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    Instant now = clock.instant();
    String namespace = object.getMetadata().getNamespace();
    String name =
        object.getMetadata().getName()
            + "."
            + Long.toHexString(now.toEpochMilli())
            + Long.toHexString(System.nanoTime() & 0xfff).toLowerCase(Locale.ROOT);
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withName(object.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(object.getMetadata().getUid())
                    .withResourceVersion(object.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(
                message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE))
            .withFirstTimestamp(now.toString())
            .withLastTimestamp(now.toString())
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(System.getenv().getOrDefault("HOSTNAME", COMPONENT))
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warnf("could not record event %s on %s/%s: %s", reason, namespace, name, e.getMessage());
    }
  }
}
