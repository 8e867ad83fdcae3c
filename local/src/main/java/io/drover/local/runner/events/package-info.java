/** Kubernetes Events written by the runner's components, aggregated as client-go does. */
package io.drover.local.runner.events;
