package io.drover.local.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;

/**
 * Answers SelfSubjectRulesReviews. The local API authorizes nothing (every client may do
 * everything), so the truthful answer is one rule allowing every verb on every resource.
 */
final class AccessReviews {

  private AccessReviews() {}

  static ObjectNode everythingAllowed(JsonNode request) {
    ObjectNode review =
        request instanceof ObjectNode object ? object.deepCopy() : Json.MAPPER.createObjectNode();
    review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectRulesReview");
    ObjectNode status = review.putObject("status");
    ObjectNode rule = status.putArray("resourceRules").addObject();
    rule.putArray("verbs").add("*");
    rule.putArray("apiGroups").add("*");
    rule.putArray("resources").add("*");
    ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
    nonResource.putArray("verbs").add("*");
    nonResource.putArray("nonResourceURLs").add("*");
    status.put("incomplete", false);
    return review;
  }
}
