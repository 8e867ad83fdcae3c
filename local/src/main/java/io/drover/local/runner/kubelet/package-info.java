/**
 * The kubelet of local mode: each pod's containers run as local JVM processes with the container's
 * environment, volumes as folders, probes, restarts, termination messages and logs.
 */
package io.drover.local.runner.kubelet;
