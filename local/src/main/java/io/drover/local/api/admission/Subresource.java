package io.drover.local.api.admission;

/** Which endpoint an update came through: the resource itself, or its {@code /status}. */
public enum Subresource {
  MAIN,
  STATUS
}
