package io.drover.operator.inferenceservice;

import io.drover.contract.serving.FeedbackDataset;
import io.drover.operator.api.common.ComputeResources;
import io.drover.operator.api.common.ObjectStorage;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.ServingRuntime;
import io.drover.operator.config.ServingConfig;
import io.drover.operator.kubernetes.ObjectNames;
import io.drover.operator.kubernetes.ObjectStorageAccess;
import io.drover.operator.kubernetes.ObjectStorageAccess.ServerStorage;
import io.drover.operator.kubernetes.PodResources;
import io.drover.operator.kubernetes.RestrictedSecurity;
import io.drover.operator.kubernetes.StorageMounts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model-server Deployment and Service of one variant: a pure function of the service's spec and
 * the variant's status. Readiness is the model's own ({@code /v2/models/{name}/ready}: loaded and
 * answering a test inference), not the JVM's; the bundle is mounted read-only; the pod passes the
 * restricted Pod Security profile and gets no service-account token.
 */
public final class ModelServerBuilder {

  public static final String CONTAINER = "model-server";
  static final String PORT_NAME = "http";
  static final String SCRATCH_VOLUME = "tmp";

  private final ServingConfig config;
  private final ObjectStorageAccess objectStorage;

  public ModelServerBuilder(ServingConfig config) {
    this(config, ObjectStorageAccess.defaults());
  }

  public ModelServerBuilder(ServingConfig config, ObjectStorageAccess objectStorage) {
    this.config = config;
    this.objectStorage = objectStorage;
  }

  /** The name clients (and the router's activator) address the model by. */
  public static String modelName(InferenceService service) {
    String name = service.getSpec().runtimeOrDefault().modelName();
    return name != null ? name : service.getMetadata().getName();
  }

  public Deployment deployment(InferenceService service, VariantStatus variant) {
    ServingRuntime runtime = service.getSpec().runtimeOrDefault();
    StorageMounts storage = new StorageMounts();
    String bundle = storage.input(variant.artifact());
    String feedbackDataset = service.getSpec().monitoringOrDefault().feedbackDataset();
    // Each server writes its own files there (contract: FeedbackDataset): a volume is mounted
    // writable, an s3:// prefix passes through and brings the storage environment.
    String feedback = feedbackDataset == null ? null : storage.output(feedbackDataset);
    ObjectStorage credentials =
        ObjectStorage.firstOf(
            service.getSpec().storage(), new ObjectStorage(variant.storageSecret()));
    ServerStorage fetched =
        objectStorage.modelServer(credentials, variant.artifact(), variant.digest(), feedback);
    Map<String, String> labels = podLabels(service, variant);
    int gpus = runtime.gpusPerReplica();
    return new DeploymentBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(variant.variant())
                .withNamespace(service.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(InferenceServiceResources.annotations(service))
                .withOwnerReferences(InferenceServiceResources.owner(service))
                .build())
        .withNewSpec()
        .withReplicas(variant.replicas() == null ? 0 : variant.replicas())
        .withNewSelector()
        .withMatchLabels(InferenceServiceResources.variantSelector(service, variant.variant()))
        .endSelector()
        .withProgressDeadlineSeconds(
            (int) service.getSpec().rolloutOrDefault().progressDeadlineOrDefault().toSeconds())
        // A changed runtime rolls pod by pod; with GPUs no extra pod is started first, so the
        // service never asks for more GPUs than its replicas hold.
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString(gpus > 0 ? 0 : 1))
        .withMaxUnavailable(new IntOrString(gpus > 0 ? 1 : 0))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(InferenceServiceResources.annotations(service))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(RestrictedSecurity.pod(config.runAsUser()))
        .withNodeSelector(runtime.nodeSelector())
        .withTolerations(runtime.tolerations())
        .withContainers(
            container(service, runtime, variant, bundle, feedback, storage.mounts(), fetched))
        .withVolumes(volumes(storage.volumes(), fetched))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The variant's Service, which the router sends its share of traffic to. */
  public Service service(InferenceService service, VariantStatus variant) {
    int port = service.getSpec().runtimeOrDefault().portOrDefault();
    return new ServiceBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(variant.variant())
                .withNamespace(service.getMetadata().getNamespace())
                .withLabels(podLabels(service, variant))
                .withAnnotations(InferenceServiceResources.annotations(service))
                .withOwnerReferences(InferenceServiceResources.owner(service))
                .build())
        .withNewSpec()
        .withSelector(InferenceServiceResources.variantSelector(service, variant.variant()))
        .addNewPort()
        .withName(PORT_NAME)
        .withPort(port)
        .withTargetPort(new IntOrString(PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  private Container container(
      InferenceService service,
      ServingRuntime runtime,
      VariantStatus variant,
      String bundle,
      String feedback,
      List<VolumeMount> bundleMounts,
      ServerStorage fetched) {
    String model = modelName(service);
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("DROVER_MODE", "server", null));
    env.add(new EnvVar("DROVER_MODEL_URI", bundle, null));
    env.add(new EnvVar("DROVER_MODEL_NAME", model, null));
    env.add(new EnvVar("DROVER_MODEL_VERSION", variant.modelVersion(), null));
    if (feedback != null) {
      env.add(new EnvVar(FeedbackDataset.DIRECTORY_ENV, feedback, null));
    }
    env.addAll(fetched.env());
    if (runtime.env() != null) {
      env.addAll(runtime.env());
    }
    List<VolumeMount> mounts = new ArrayList<>(bundleMounts);
    mounts.addAll(fetched.mounts());
    mounts.add(new VolumeMountBuilder().withName(SCRATCH_VOLUME).withMountPath("/tmp").build());
    ComputeResources resources =
        runtime.resources() == null
            ? new ComputeResources(null, null, null, null, null, null)
            : runtime.resources();
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(runtime.image() != null ? runtime.image() : config.serverImage())
        .withCommand(runtime.command())
        .withArgs(runtime.args())
        .addNewPort()
        .withName(PORT_NAME)
        .withContainerPort(runtime.portOrDefault())
        .withProtocol("TCP")
        .endPort()
        .withEnv(env)
        .withResources(PodResources.of(resources))
        // Ready only once the model itself is loaded and answered a test inference.
        .withReadinessProbe(httpProbe("/v2/models/" + model + "/ready", 2, 2))
        .withStartupProbe(httpProbe("/v2/health/live", 2, 60))
        .withLivenessProbe(httpProbe("/v2/health/live", 10, 3))
        .withVolumeMounts(mounts)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withSecurityContext(RestrictedSecurity.container())
        .build();
  }

  private static Probe httpProbe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(2)
        .build();
  }

  private static List<Volume> volumes(List<Volume> bundleVolumes, ServerStorage fetched) {
    List<Volume> volumes = new ArrayList<>(bundleVolumes);
    volumes.addAll(fetched.volumes());
    volumes.add(
        new VolumeBuilder().withName(SCRATCH_VOLUME).withNewEmptyDir().endEmptyDir().build());
    return volumes;
  }

  static Map<String, String> podLabels(InferenceService service, VariantStatus variant) {
    Map<String, String> labels =
        new LinkedHashMap<>(
            InferenceServiceResources.labels(service, InferenceServiceResources.MODEL_SERVER));
    labels.put(InferenceServiceResources.VARIANT_LABEL, variant.variant());
    labels.put(
        InferenceServiceResources.MODEL_VERSION_LABEL,
        ObjectNames.bounded(variant.modelVersion(), ""));
    return labels;
  }
}
