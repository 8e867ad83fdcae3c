package io.drover.operator.testing;

import io.drover.operator.config.FixedStorageConfig;
import io.drover.operator.config.NotificationConfig;
import io.drover.operator.config.ServingConfig;
import io.drover.operator.config.StorageConfig;
import io.drover.operator.config.TrainingConfig;
import io.drover.operator.events.EventRecorder;
import io.drover.operator.inferenceservice.InferenceServiceReconciler;
import io.drover.operator.inferenceservice.dataplane.DataPlane;
import io.drover.operator.inferenceservice.dataplane.MonitoringSources;
import io.drover.operator.metrics.OperatorMetrics;
import io.drover.operator.modelversion.ModelVersionReconciler;
import io.drover.operator.notifications.WebhookNotifier;
import io.drover.operator.trainingrun.TrainingRunReconciler;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts the operator's reconcilers in-process against an API server (the Fabric8 mock in CRUD mode
 * in these tests), wired exactly as the Quarkus application wires them. Stopping and starting again
 * is an operator restart: new informers, empty caches, only the API's state survives.
 */
public final class DroverTestEnvironment {

  /** The CRDs as committed (and checked against a fresh generation by CrdDriftIT). */
  public static final Path CRDS = Path.of("..", "crds");

  public static final String TRAINER_IMAGE = "drover/trainer:test";

  private final KubernetesClient client;
  private Operator operator;
  private WebhookNotifier webhook;
  private MeterRegistry registry;
  private StorageConfig storage = FixedStorageConfig.NONE;

  /** The operator's clock: the test moves it forward instead of waiting. */
  public final TestClock clock = new TestClock();

  public DroverTestEnvironment(KubernetesClient client) {
    this.client = client;
  }

  /** Metrics of the operator started last. */
  public MeterRegistry registry() {
    return registry;
  }

  public static TrainingConfig trainingConfig(String defaultOutputUri) {
    return new TrainingConfig() {
      @Override
      public String trainerImage() {
        return TRAINER_IMAGE;
      }

      @Override
      public Optional<String> defaultOutputUri() {
        return Optional.ofNullable(defaultOutputUri);
      }

      @Override
      public Duration pendingTimeout() {
        return Duration.ofMinutes(15);
      }

      @Override
      public Duration ttlAfterFinished() {
        return Duration.ofHours(24);
      }

      @Override
      public long runAsUser() {
        return 1000;
      }
    };
  }

  public void installCrds() {
    try (Stream<Path> files = Files.list(CRDS)) {
      files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .forEach(
              file -> {
                try (InputStream in = Files.newInputStream(file)) {
                  CustomResourceDefinition crd =
                      client.apiextensions().v1().customResourceDefinitions().load(in).item();
                  client.resource(crd).createOr(NonDeletingOperation::update);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void startOperator() {
    startOperator(trainingConfig("pvc://models"));
  }

  public void startOperator(TrainingConfig config) {
    startOperator(config, null);
  }

  /** With an InferenceService controller seeing the data plane through {@code dataPlane}. */
  public void startOperator(DataPlane dataPlane) {
    startOperator(trainingConfig("pvc://models"), dataPlane);
  }

  /**
   * The operator's object-storage settings for the next {@link #startOperator} (none by default).
   */
  public void storageConfig(StorageConfig storage) {
    this.storage = storage;
  }

  public void startOperator(TrainingConfig config, DataPlane dataPlane) {
    registry = new SimpleMeterRegistry();
    operator =
        new Operator(
            overrider ->
                overrider
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false));
    EventRecorder events = new EventRecorder(client, clock);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    webhook = new WebhookNotifier(client, notificationConfig());
    operator.register(new TrainingRunReconciler(config, storage, events, webhook, metrics, clock));
    operator.register(new ModelVersionReconciler(config, storage, events, webhook, metrics, clock));
    if (dataPlane != null) {
      operator.register(
          new InferenceServiceReconciler(
              servingConfig(),
              storage,
              dataPlane,
              MonitoringSources.serversOnly(dataPlane),
              events,
              webhook,
              metrics,
              clock));
    }
    operator.start();
  }

  public void stopOperator() {
    if (operator != null) {
      operator.stop();
      webhook.close();
      operator = null;
    }
  }

  public static final String SERVING_IMAGE = "drover/serving:test";

  public static ServingConfig servingConfig() {
    return new ServingConfig() {
      @Override
      public String serverImage() {
        return SERVING_IMAGE;
      }

      @Override
      public Optional<String> routerImage() {
        return Optional.empty();
      }

      @Override
      public long runAsUser() {
        return 65532;
      }

      @Override
      public String operatorNamespace() {
        return "drover-system";
      }

      @Override
      public Duration dataPlaneTimeout() {
        return Duration.ofSeconds(2);
      }
    };
  }

  /** Webhook retries come quickly in tests. */
  public static NotificationConfig notificationConfig() {
    return new NotificationConfig() {
      @Override
      public String secretName() {
        return "drover-notifications";
      }

      @Override
      public int maxAttempts() {
        return 4;
      }

      @Override
      public Duration initialBackoff() {
        return Duration.ofMillis(100);
      }
    };
  }
}
