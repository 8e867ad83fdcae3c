/** The scheduler of the one local node: extended resources (fake GPUs) are the only constraint. */
package io.drover.local.runner.scheduler;
