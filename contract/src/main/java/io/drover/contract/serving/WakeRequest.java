package io.drover.contract.serving;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * The router's request to wake a variant that is down: it writes {@code <variant>@<RFC 3339 time>}
 * to the {@value #ANNOTATION} annotation of its InferenceService, and the operator scales the
 * variant up. A later time is a new request; the operator remembers the last one it acted on.
 *
 * @param variant the variant's name in the routing table
 * @param time when the router asked
 */
public record WakeRequest(String variant, Instant time) {

  public static final String ANNOTATION = "drover.io/activate";

  public String value() {
    return variant + "@" + time;
  }

  /** The request an annotation value holds; empty when absent or not of that form. */
  public static Optional<WakeRequest> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    int at = value.lastIndexOf('@');
    if (at <= 0 || at == value.length() - 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new WakeRequest(value.substring(0, at), Instant.parse(value.substring(at + 1))));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
