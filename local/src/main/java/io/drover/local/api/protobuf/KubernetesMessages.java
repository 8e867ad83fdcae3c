package io.drover.local.api.protobuf;

import static io.drover.local.api.protobuf.MessageType.Kind.BYTES_MAP;
import static io.drover.local.api.protobuf.MessageType.Kind.IGNORED;
import static io.drover.local.api.protobuf.MessageType.Kind.INT_OR_STRING;
import static io.drover.local.api.protobuf.MessageType.Kind.QUANTITY_MAP;
import static io.drover.local.api.protobuf.MessageType.Kind.STRING_MAP;
import static io.drover.local.api.protobuf.MessageType.Kind.TIME;

import java.util.Map;

/**
 * The protobuf messages of the built-in kinds kubectl's generators send ({@code create
 * namespace|configmap|secret|serviceaccount|deployment|job|service|role|rolebinding|clusterrole|
 * clusterrolebinding}, {@code run}, {@code expose}): the fields those commands fill, numbered as in
 * the Kubernetes API's protobuf definitions. A non-zero field outside these is refused, never
 * dropped.
 */
final class KubernetesMessages {

  private KubernetesMessages() {}

  /** The top-level message of each kind, by {@code apiVersion/kind}. */
  static final Map<String, MessageType> ROOTS;

  static {
    MessageType ownerReference =
        new MessageType("OwnerReference")
            .string(1, "kind")
            .string(3, "name")
            .string(4, "uid")
            .string(5, "apiVersion")
            .optionalBool(6, "controller")
            .optionalBool(7, "blockOwnerDeletion");
    MessageType objectMeta =
        new MessageType("ObjectMeta")
            .string(1, "name")
            .string(2, "generateName")
            .string(3, "namespace")
            .string(4, "selfLink")
            .string(5, "uid")
            .string(6, "resourceVersion")
            .integer(7, "generation")
            .of(8, "creationTimestamp", TIME)
            .of(9, "deletionTimestamp", TIME)
            .optionalInteger(10, "deletionGracePeriodSeconds")
            .of(11, "labels", STRING_MAP)
            .of(12, "annotations", STRING_MAP)
            .messages(13, "ownerReferences", ownerReference)
            .strings(14, "finalizers")
            .of(17, "managedFields", IGNORED);
    MessageType requirement =
        new MessageType("LabelSelectorRequirement")
            .string(1, "key")
            .string(2, "operator")
            .strings(3, "values");
    MessageType labelSelector =
        new MessageType("LabelSelector")
            .of(1, "matchLabels", STRING_MAP)
            .messages(2, "matchExpressions", requirement);
    MessageType localReference = new MessageType("LocalObjectReference").string(1, "name");
    MessageType objectReference =
        new MessageType("ObjectReference")
            .string(1, "kind")
            .string(2, "namespace")
            .string(3, "name")
            .string(4, "uid")
            .string(5, "apiVersion")
            .string(6, "resourceVersion")
            .string(7, "fieldPath");

    MessageType keySelector =
        new MessageType("KeySelector")
            .inline(1, localReference)
            .string(2, "key")
            .optionalBool(3, "optional");
    MessageType fieldSelector =
        new MessageType("ObjectFieldSelector").string(1, "apiVersion").string(2, "fieldPath");
    MessageType envSource =
        new MessageType("EnvVarSource")
            .message(1, "fieldRef", fieldSelector)
            .message(3, "configMapKeyRef", keySelector)
            .message(4, "secretKeyRef", keySelector);
    MessageType env =
        new MessageType("EnvVar")
            .string(1, "name")
            .string(2, "value")
            .message(3, "valueFrom", envSource);
    MessageType envFromReference =
        new MessageType("EnvFromReference").inline(1, localReference).optionalBool(2, "optional");
    MessageType envFrom =
        new MessageType("EnvFromSource")
            .string(1, "prefix")
            .message(2, "configMapRef", envFromReference)
            .message(3, "secretRef", envFromReference);
    MessageType containerPort =
        new MessageType("ContainerPort")
            .string(1, "name")
            .integer(2, "hostPort")
            .integer(3, "containerPort")
            .string(4, "protocol")
            .string(5, "hostIP");
    MessageType resources =
        new MessageType("ResourceRequirements")
            .of(1, "limits", QUANTITY_MAP)
            .of(2, "requests", QUANTITY_MAP);
    MessageType volumeMount =
        new MessageType("VolumeMount")
            .string(1, "name")
            .bool(2, "readOnly")
            .string(3, "mountPath")
            .string(4, "subPath")
            .optionalString(5, "mountPropagation")
            .string(6, "subPathExpr")
            .optionalString(7, "recursiveReadOnly");
    MessageType container =
        new MessageType("Container")
            .string(1, "name")
            .string(2, "image")
            .strings(3, "command")
            .strings(4, "args")
            .string(5, "workingDir")
            .messages(6, "ports", containerPort)
            .messages(7, "env", env)
            .message(8, "resources", resources)
            .messages(9, "volumeMounts", volumeMount)
            .string(13, "terminationMessagePath")
            .string(14, "imagePullPolicy")
            .bool(16, "stdin")
            .bool(17, "stdinOnce")
            .bool(18, "tty")
            .messages(19, "envFrom", envFrom)
            .string(20, "terminationMessagePolicy")
            .optionalString(24, "restartPolicy");
    MessageType toleration =
        new MessageType("Toleration")
            .string(1, "key")
            .string(2, "operator")
            .string(3, "value")
            .string(4, "effect")
            .optionalInteger(5, "tolerationSeconds");
    MessageType podSpec =
        new MessageType("PodSpec")
            .messages(2, "containers", container)
            .string(3, "restartPolicy")
            .optionalInteger(4, "terminationGracePeriodSeconds")
            .optionalInteger(5, "activeDeadlineSeconds")
            .string(6, "dnsPolicy")
            .of(7, "nodeSelector", STRING_MAP)
            .string(8, "serviceAccountName")
            .string(9, "serviceAccount")
            .string(10, "nodeName")
            .bool(11, "hostNetwork")
            .bool(12, "hostPID")
            .bool(13, "hostIPC")
            .messages(15, "imagePullSecrets", localReference)
            .string(16, "hostname")
            .string(17, "subdomain")
            .string(19, "schedulerName")
            .messages(20, "initContainers", container)
            .optionalBool(21, "automountServiceAccountToken")
            .messages(22, "tolerations", toleration)
            .string(24, "priorityClassName")
            .optionalInteger(25, "priority")
            .optionalBool(27, "shareProcessNamespace")
            .optionalString(29, "runtimeClassName")
            .optionalBool(30, "enableServiceLinks")
            .optionalString(31, "preemptionPolicy")
            .optionalBool(35, "setHostnameAsFQDN")
            .optionalBool(37, "hostUsers");
    MessageType podTemplate =
        new MessageType("PodTemplateSpec")
            .message(1, "metadata", objectMeta)
            .message(2, "spec", podSpec);
    MessageType rollingUpdate =
        new MessageType("RollingUpdateDeployment")
            .of(1, "maxUnavailable", INT_OR_STRING)
            .of(2, "maxSurge", INT_OR_STRING);
    MessageType strategy =
        new MessageType("DeploymentStrategy")
            .string(1, "type")
            .message(2, "rollingUpdate", rollingUpdate);
    MessageType deploymentSpec =
        new MessageType("DeploymentSpec")
            .optionalInteger(1, "replicas")
            .message(2, "selector", labelSelector)
            .message(3, "template", podTemplate)
            .message(4, "strategy", strategy)
            .integer(5, "minReadySeconds")
            .optionalInteger(6, "revisionHistoryLimit")
            .bool(7, "paused")
            .optionalInteger(9, "progressDeadlineSeconds");
    MessageType jobSpec =
        new MessageType("JobSpec")
            .optionalInteger(1, "parallelism")
            .optionalInteger(2, "completions")
            .optionalInteger(3, "activeDeadlineSeconds")
            .message(4, "selector", labelSelector)
            .optionalBool(5, "manualSelector")
            .message(6, "template", podTemplate)
            .optionalInteger(7, "backoffLimit")
            .optionalInteger(8, "ttlSecondsAfterFinished")
            .optionalString(9, "completionMode")
            .optionalBool(10, "suspend")
            .optionalString(14, "podReplacementPolicy")
            .optionalString(15, "managedBy");
    MessageType servicePort =
        new MessageType("ServicePort")
            .string(1, "name")
            .string(2, "protocol")
            .integer(3, "port")
            .of(4, "targetPort", INT_OR_STRING)
            .integer(5, "nodePort")
            .optionalString(6, "appProtocol");
    MessageType serviceSpec =
        new MessageType("ServiceSpec")
            .messages(1, "ports", servicePort)
            .of(2, "selector", STRING_MAP)
            .string(3, "clusterIP")
            .string(4, "type")
            .strings(5, "externalIPs")
            .string(7, "sessionAffinity")
            .string(8, "loadBalancerIP")
            .strings(9, "loadBalancerSourceRanges")
            .string(10, "externalName")
            .string(11, "externalTrafficPolicy")
            .integer(12, "healthCheckNodePort")
            .bool(13, "publishNotReadyAddresses")
            .optionalString(17, "ipFamilyPolicy")
            .strings(18, "clusterIPs")
            .strings(19, "ipFamilies")
            .optionalBool(20, "allocateLoadBalancerNodePorts")
            .optionalString(21, "loadBalancerClass")
            .optionalString(22, "internalTrafficPolicy")
            .optionalString(23, "trafficDistribution");
    MessageType policyRule =
        new MessageType("PolicyRule")
            .strings(1, "verbs")
            .strings(2, "apiGroups")
            .strings(3, "resources")
            .strings(4, "resourceNames")
            .strings(5, "nonResourceURLs");
    MessageType subject =
        new MessageType("Subject")
            .string(1, "kind")
            .string(2, "apiGroup")
            .string(3, "name")
            .string(4, "namespace");
    MessageType roleRef =
        new MessageType("RoleRef").string(1, "apiGroup").string(2, "kind").string(3, "name");
    MessageType aggregation =
        new MessageType("AggregationRule").messages(1, "clusterRoleSelectors", labelSelector);

    ROOTS =
        Map.ofEntries(
            Map.entry(
                "v1/Namespace",
                root("Namespace", objectMeta)
                    .message(2, "spec", new MessageType("NamespaceSpec").strings(1, "finalizers"))),
            Map.entry(
                "v1/ConfigMap",
                root("ConfigMap", objectMeta)
                    .of(2, "data", STRING_MAP)
                    .of(3, "binaryData", BYTES_MAP)
                    .optionalBool(4, "immutable")),
            Map.entry(
                "v1/Secret",
                root("Secret", objectMeta)
                    .of(2, "data", BYTES_MAP)
                    .string(3, "type")
                    .of(4, "stringData", STRING_MAP)
                    .optionalBool(5, "immutable")),
            Map.entry(
                "v1/ServiceAccount",
                root("ServiceAccount", objectMeta)
                    .messages(2, "secrets", objectReference)
                    .messages(3, "imagePullSecrets", localReference)
                    .optionalBool(4, "automountServiceAccountToken")),
            Map.entry("v1/Pod", root("Pod", objectMeta).message(2, "spec", podSpec)),
            Map.entry("v1/Service", root("Service", objectMeta).message(2, "spec", serviceSpec)),
            Map.entry(
                "apps/v1/Deployment",
                root("Deployment", objectMeta).message(2, "spec", deploymentSpec)),
            Map.entry("batch/v1/Job", root("Job", objectMeta).message(2, "spec", jobSpec)),
            Map.entry(
                "rbac.authorization.k8s.io/v1/Role",
                root("Role", objectMeta).messages(2, "rules", policyRule)),
            Map.entry(
                "rbac.authorization.k8s.io/v1/ClusterRole",
                root("ClusterRole", objectMeta)
                    .messages(2, "rules", policyRule)
                    .message(3, "aggregationRule", aggregation)),
            Map.entry(
                "rbac.authorization.k8s.io/v1/RoleBinding",
                root("RoleBinding", objectMeta)
                    .messages(2, "subjects", subject)
                    .message(3, "roleRef", roleRef)),
            Map.entry(
                "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
                root("ClusterRoleBinding", objectMeta)
                    .messages(2, "subjects", subject)
                    .message(3, "roleRef", roleRef)));
  }

  /** A kind's message: metadata first, status (field 3 where it has one) read and dropped. */
  private static MessageType root(String kind, MessageType objectMeta) {
    return new MessageType(kind).message(1, "metadata", objectMeta).of(3, "status", IGNORED);
  }
}
