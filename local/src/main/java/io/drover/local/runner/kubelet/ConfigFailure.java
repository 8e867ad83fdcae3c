package io.drover.local.runner.kubelet;

/**
 * A container whose configuration cannot be resolved (a missing ConfigMap key, an env reference the
 * runner cannot fill): it waits with reason {@code CreateContainerConfigError}.
 */
final class ConfigFailure extends Exception {

  /** Whether trying again cannot help (the spec asks for what local mode cannot do). */
  final boolean permanent;

  ConfigFailure(String message) {
    this(message, false);
  }

  ConfigFailure(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }
}
