package io.drover.operator.api.common;

/** Whether a metric is better high or low. */
public enum Goal {
  Maximize,
  Minimize
}
