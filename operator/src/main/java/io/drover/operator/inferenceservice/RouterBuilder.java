package io.drover.operator.inferenceservice;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.Rollout;
import io.drover.operator.config.ServingConfig;
import io.drover.operator.kubernetes.RestrictedSecurity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The router in front of a service's versions: its Deployment, the Service named after the
 * InferenceService (the endpoint clients call), and the least privilege it needs — read its own
 * routing-table ConfigMap, and annotate its own InferenceService to wake a scaled-to-zero version.
 */
public final class RouterBuilder {

  public static final String CONTAINER = "router";
  static final String PORT_NAME = "http";

  private final ServingConfig config;

  public RouterBuilder(ServingConfig config) {
    this.config = config;
  }

  public Deployment deployment(InferenceService service) {
    String namespace = service.getMetadata().getNamespace();
    Map<String, String> labels =
        InferenceServiceResources.labels(service, InferenceServiceResources.ROUTER);
    return new DeploymentBuilder()
        .withMetadata(metadata(service, InferenceServiceResources.routerName(service)))
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(
            InferenceServiceResources.selector(service, InferenceServiceResources.ROUTER))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(InferenceServiceResources.annotations(service))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(InferenceServiceResources.routerName(service))
        .withEnableServiceLinks(false)
        .withSecurityContext(RestrictedSecurity.pod(config.runAsUser()))
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(config.router())
        .addNewPort()
        .withName(PORT_NAME)
        .withContainerPort(InferenceServiceResources.ROUTER_PORT)
        .withProtocol("TCP")
        .endPort()
        .withEnv(
            env("DROVER_MODE", "router"),
            env(
                "DROVER_ROUTER_CONFIGMAP",
                namespace + "/" + InferenceServiceResources.routesName(service)),
            env(
                "DROVER_ROUTER_INFERENCE_SERVICE",
                namespace + "/" + service.getMetadata().getName()),
            env("DROVER_ROUTER_ACTIVATION_TIMEOUT", activationTimeout(service).toSeconds() + "s"),
            env("DROVER_ROUTER_STATS_WINDOW", statsWindow(service).toSeconds() + "s"))
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("256Mi"))
        .addToLimits("memory", new Quantity("512Mi"))
        .endResources()
        .withReadinessProbe(httpProbe("/router/health/ready", 2))
        .withLivenessProbe(httpProbe("/router/health/live", 10))
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withSecurityContext(RestrictedSecurity.container())
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The endpoint: named after the InferenceService, so its URL is what users expect. */
  public Service service(InferenceService service) {
    return new ServiceBuilder()
        .withMetadata(metadata(service, InferenceServiceResources.serviceName(service)))
        .withNewSpec()
        .withSelector(InferenceServiceResources.selector(service, InferenceServiceResources.ROUTER))
        .addNewPort()
        .withName(PORT_NAME)
        .withPort(InferenceServiceResources.ROUTER_PORT)
        .withTargetPort(new IntOrString(PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  public ServiceAccount serviceAccount(InferenceService service) {
    return new ServiceAccountBuilder()
        .withMetadata(metadata(service, InferenceServiceResources.routerName(service)))
        .build();
  }

  /** Read its routing table; annotate its own InferenceService to wake a version. Nothing else. */
  public Role role(InferenceService service) {
    return new RoleBuilder()
        .withMetadata(metadata(service, InferenceServiceResources.routerName(service)))
        .withRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withResourceNames(InferenceServiceResources.routesName(service))
                .withVerbs("get", "list", "watch")
                .build(),
            new PolicyRuleBuilder()
                .withApiGroups("drover.io")
                .withResources("inferenceservices")
                .withResourceNames(service.getMetadata().getName())
                .withVerbs("patch")
                .build())
        .build();
  }

  public RoleBinding roleBinding(InferenceService service) {
    String name = InferenceServiceResources.routerName(service);
    return new RoleBindingBuilder()
        .withMetadata(metadata(service, name))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(name)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(name)
        .withNamespace(service.getMetadata().getNamespace())
        .endSubject()
        .build();
  }

  /**
   * The router's statistics cover as long as the longest hold of a rollout step (at least a minute,
   * at most an hour), so an analysis sees the whole step it judges.
   */
  static Duration statsWindow(InferenceService service) {
    Rollout rollout = service.getSpec().rolloutOrDefault();
    Duration longest =
        Stream.concat(
                rollout.stepsOrDefault().stream().map(Rollout.RolloutStep::pauseOrDefault),
                Stream.of(rollout.observeForOrDefault(), rollout.keepPreviousForOrDefault()))
            .max(Duration::compareTo)
            .orElse(Duration.ofMinutes(1));
    Duration floor = Duration.ofMinutes(1);
    Duration ceiling = Duration.ofHours(1);
    return longest.compareTo(floor) < 0
        ? floor
        : longest.compareTo(ceiling) > 0 ? ceiling : longest;
  }

  private static Duration activationTimeout(InferenceService service) {
    return service.getSpec().scalingOrDefault().activationTimeoutOrDefault();
  }

  private static ObjectMeta metadata(InferenceService service, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(InferenceServiceResources.labels(service, InferenceServiceResources.ROUTER))
        .withAnnotations(InferenceServiceResources.annotations(service))
        .withOwnerReferences(InferenceServiceResources.owner(service))
        .build();
  }

  private static EnvVar env(String name, String value) {
    return new EnvVar(name, value, null);
  }

  private static Probe httpProbe(String path, int periodSeconds) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withFailureThreshold(3)
        .build();
  }
}
