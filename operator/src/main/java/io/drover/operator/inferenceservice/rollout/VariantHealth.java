package io.drover.operator.inferenceservice.rollout;

import java.util.Optional;

/**
 * What the Deployment and pods of one variant show.
 *
 * @param ready replicas whose model reports ready
 * @param fatal why the variant can never become ready as it is (its server refused the bundle, its
 *     image cannot be pulled, it keeps crashing), if so
 * @param waiting why it is not ready yet, for people, or empty
 */
public record VariantHealth(int ready, Optional<String> fatal, String waiting) {

  public static VariantHealth absent() {
    return new VariantHealth(0, Optional.empty(), "no pod yet");
  }
}
