package io.drover.local.api.resource;

import java.util.List;
import java.util.Set;

/**
 * The built-in kinds the local API serves: those Drover's operator, runner and router touch, and
 * those users reach for with kubectl. Everything else a real cluster has is absent (404).
 */
public final class BuiltInResources {

  private BuiltInResources() {}

  /** Every built-in kind, in discovery order (the core group first, as a real API server). */
  public static List<ResourceType> all() {
    return List.of(
        cluster("", "v1", "Namespace", "namespaces", List.of("ns"), List.of(), "status"),
        namespaced(
            "",
            "v1",
            "Pod",
            "pods",
            List.of("po"),
            List.of("all"),
            "status",
            "log",
            "exec",
            "attach",
            "portforward",
            "proxy"),
        namespaced(
            "", "v1", "Service", "services", List.of("svc"), List.of("all"), "status", "proxy"),
        namespaced("", "v1", "Endpoints", "endpoints", List.of("ep"), List.of()),
        namespaced("", "v1", "ConfigMap", "configmaps", List.of("cm"), List.of()),
        namespaced("", "v1", "Secret", "secrets", List.of(), List.of()),
        namespaced("", "v1", "ServiceAccount", "serviceaccounts", List.of("sa"), List.of()),
        namespaced("", "v1", "Event", "events", List.of("ev"), List.of()),
        namespaced(
            "",
            "v1",
            "PersistentVolumeClaim",
            "persistentvolumeclaims",
            List.of("pvc"),
            List.of(),
            "status"),
        namespaced(
            "apps",
            "v1",
            "Deployment",
            "deployments",
            List.of("deploy"),
            List.of("all"),
            "status",
            "scale"),
        namespaced(
            "apps",
            "v1",
            "ReplicaSet",
            "replicasets",
            List.of("rs"),
            List.of("all"),
            "status",
            "scale"),
        namespaced("batch", "v1", "Job", "jobs", List.of(), List.of("all"), "status"),
        namespaced(
            "networking.k8s.io",
            "v1",
            "NetworkPolicy",
            "networkpolicies",
            List.of("netpol"),
            List.of()),
        namespaced("rbac.authorization.k8s.io", "v1", "Role", "roles", List.of(), List.of()),
        namespaced(
            "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", List.of(), List.of()),
        cluster(
            "rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", List.of(), List.of()),
        cluster(
            "rbac.authorization.k8s.io",
            "v1",
            "ClusterRoleBinding",
            "clusterrolebindings",
            List.of(),
            List.of()),
        namespaced("coordination.k8s.io", "v1", "Lease", "leases", List.of(), List.of()),
        namespaced(
            "autoscaling",
            "v2",
            "HorizontalPodAutoscaler",
            "horizontalpodautoscalers",
            List.of("hpa"),
            List.of("all"),
            "status"),
        namespaced("events.k8s.io", "v1", "Event", "events", List.of("ev"), List.of()),
        cluster(
            "apiextensions.k8s.io",
            "v1",
            "CustomResourceDefinition",
            "customresourcedefinitions",
            List.of("crd", "crds"),
            List.of("api-extensions"),
            "status"),
        cluster(
            "admissionregistration.k8s.io",
            "v1",
            "ValidatingAdmissionPolicy",
            "validatingadmissionpolicies",
            List.of(),
            List.of("api-extensions"),
            "status"),
        cluster(
            "admissionregistration.k8s.io",
            "v1",
            "ValidatingAdmissionPolicyBinding",
            "validatingadmissionpolicybindings",
            List.of(),
            List.of("api-extensions")));
  }

  private static ResourceType namespaced(
      String group,
      String version,
      String kind,
      String plural,
      List<String> shortNames,
      List<String> categories,
      String... subresources) {
    return type(group, version, kind, plural, true, shortNames, categories, subresources);
  }

  private static ResourceType cluster(
      String group,
      String version,
      String kind,
      String plural,
      List<String> shortNames,
      List<String> categories,
      String... subresources) {
    return type(group, version, kind, plural, false, shortNames, categories, subresources);
  }

  private static ResourceType type(
      String group,
      String version,
      String kind,
      String plural,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      String... subresources) {
    return new ResourceType(
        group,
        version,
        kind,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        namespaced,
        shortNames,
        categories,
        Set.of(subresources),
        List.of(),
        false);
  }
}
