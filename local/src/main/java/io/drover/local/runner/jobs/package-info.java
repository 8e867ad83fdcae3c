/**
 * The Job controller (batch/v1) of local mode, with the podFailurePolicy as Kubernetes applies it.
 */
package io.drover.local.runner.jobs;
