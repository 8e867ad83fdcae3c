/** The Deployment controller (apps/v1) of local mode: one pod stands for all replicas. */
package io.drover.local.runner.deployments;
