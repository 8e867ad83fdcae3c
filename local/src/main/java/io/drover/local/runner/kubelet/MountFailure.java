package io.drover.local.runner.kubelet;

/**
 * A volume that cannot be set up (yet): the pod waits in ContainerCreating and an Event says why.
 */
final class MountFailure extends Exception {

  MountFailure(String message) {
    super(message);
  }
}
