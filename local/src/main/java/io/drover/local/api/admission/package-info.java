/**
 * Admission of custom resources in local mode, as kube-apiserver admits them for a structural CRD
 * schema: pruning of unknown fields (or refusal under strict field validation), defaulting, OpenAPI
 * v3 validation, list-type and embedded-resource checks, and CEL {@code x-kubernetes-validations},
 * reported with the field paths, cause types and messages a real cluster gives.
 *
 * <p>{@link io.drover.local.api.admission.CrdAdmission} is the entry point; the rest of the package
 * is the machinery, ported from kube-apiserver's Go code (the apiextensions-apiserver, kube-openapi
 * and apimachinery packages of Kubernetes 1.36) where wording or behaviour shows.
 */
package io.drover.local.api.admission;
