{{/* Chart name, overridable. */}}
{{- define "drover.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every object name. Object names below append "-operator" and similar, so the
prefix is kept to 52 characters.
*/}}
{{- define "drover.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "drover.operatorName" -}}
{{- printf "%s-operator" (include "drover.fullname" .) }}
{{- end }}

{{- define "drover.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "drover.labels" -}}
helm.sh/chart: {{ include "drover.chart" . }}
{{ include "drover.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: drover
{{- end }}

{{/* Selector labels: stable across upgrades (a Deployment's selector is immutable). */}}
{{- define "drover.selectorLabels" -}}
app.kubernetes.io/name: {{ include "drover.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "drover.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "drover.operatorName" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Kubernetes user name of the operator's ServiceAccount, as admission sees it. */}}
{{- define "drover.serviceAccountUser" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "drover.serviceAccountName" .) }}
{{- end }}

{{- define "drover.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
What the operator may do with the objects it watches: exactly the rules Quarkus generates from
the reconcilers' @RBACRule annotations (operator/target/kubernetes/kubernetes.yml); the chart's
tests fail when the operator needs a rule this list lacks. Used as the ClusterRole's rules, or as
each watched namespace's Role rules.
*/}}
{{- define "drover.operatorRules" -}}
- apiGroups: ["drover.io"]
  resources: ["trainingruns", "trainingruns/status", "trainingruns/finalizers", "modelversions", "modelversions/status", "modelversions/finalizers", "inferenceservices", "inferenceservices/status", "inferenceservices/finalizers"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# InferenceServices: the model servers, the router and its least-privilege Role, the NetworkPolicy.
- apiGroups: [""]
  resources: ["services", "serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
# Autoscaling between 1 and N: HorizontalPodAutoscalers, or KEDA ScaledObjects when KEDA is installed.
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: ["keda.sh"]
  resources: ["scaledobjects"]
  verbs: ["get", "list", "create", "update", "delete"]
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  resourceNames: ["scaledobjects.keda.sh"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["secrets"]
  resourceNames: [{{ .Values.notifications.secretName | quote }}]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/*
The people's roles (the seeds' governance): data scientists use compute through TrainingRuns but
cannot create pods or Jobs themselves; platform engineers run serving; approvers promote. RBAC
cannot see fields, so "only approvers set spec.stage: Production" is the approval gate's part
(admission-policy.yaml): the approver role grants the verbs, the approvers group the right.
*/}}
{{- define "drover.readDroverRules" -}}
- apiGroups: ["drover.io"]
  resources: ["trainingruns", "trainingruns/status", "modelversions", "modelversions/status", "inferenceservices", "inferenceservices/status"]
  verbs: ["get", "list", "watch"]
{{- end }}

{{- define "drover.dataScientistRules" -}}
{{ include "drover.readDroverRules" . }}
- apiGroups: ["drover.io"]
  resources: ["trainingruns"]
  verbs: ["create", "update", "patch", "delete", "deletecollection"]
# What a run is doing: its trainer Jobs and pods, and their logs. RBAC cannot select pods by
# label, so this reads every pod's log in the namespace (as the built-in view role does).
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods", "pods/log", "events"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["get", "list", "watch"]
{{- end }}

{{- define "drover.platformEngineerRules" -}}
{{ include "drover.readDroverRules" . }}
- apiGroups: ["drover.io"]
  resources: ["inferenceservices", "modelversions"]
  verbs: ["create", "update", "patch", "delete", "deletecollection"]
# What serving is doing: the router and model-server Deployments, pods, logs and autoscalers.
- apiGroups: ["apps"]
  resources: ["deployments", "replicasets"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods", "pods/log", "services", "endpoints", "configmaps", "events"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["get", "list", "watch"]
{{- end }}

{{- define "drover.approverRules" -}}
{{ include "drover.readDroverRules" . }}
# Approving is an update of the ModelVersion (spec.stage and the drover.io/approved-by annotation);
# the approval gate admits Production only from members of approvers.group.
- apiGroups: ["drover.io"]
  resources: ["modelversions"]
  verbs: ["update", "patch"]
{{- end }}

{{- define "drover.viewerRules" -}}
{{ include "drover.readDroverRules" . }}
{{- end }}

{{/* The people's roles: name suffix, rules template, built-in roles it aggregates into. */}}
{{- define "drover.userRoles" -}}
- suffix: viewer
  rules: drover.viewerRules
  aggregateTo: [view]
- suffix: data-scientist
  rules: drover.dataScientistRules
  aggregateTo: [edit, admin]
- suffix: platform-engineer
  rules: drover.platformEngineerRules
  aggregateTo: [edit, admin]
# Never aggregated: holding edit or admin must not make anyone an approver's equal.
- suffix: approver
  rules: drover.approverRules
  aggregateTo: []
{{- end }}
