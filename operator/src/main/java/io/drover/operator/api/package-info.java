/**
 * The Drover API, group {@code drover.io}, version {@code v1alpha1}: one package per kind, shared
 * types in {@code common}. Field descriptions here become the CRD schema, so {@code kubectl
 * explain} teaches from them. Every type ignores fields it does not know, so an operator keeps
 * working when a newer CRD adds some.
 */
package io.drover.operator.api;
