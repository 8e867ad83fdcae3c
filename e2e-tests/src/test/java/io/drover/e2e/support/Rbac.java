package io.drover.e2e.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes RBAC authorization over rendered rules, as the API server's RBAC authorizer decides a
 * resource request: a request is allowed when any rule matches its API group, resource (with its
 * subresource, {@code pods/log}) and verb; {@code *} matches anything, {@code resourceNames}
 * narrows a rule to named objects. Roles only add permissions, so nothing can deny.
 */
public final class Rbac {

  /** One resource request: {@code get pods/log}, {@code patch drover.io modelversions}. */
  public record Request(String verb, String apiGroup, String resource, String name) {
    public static Request of(String verb, String apiGroup, String resource) {
      return new Request(verb, apiGroup, resource, null);
    }

    @Override
    public String toString() {
      return verb + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource;
    }
  }

  private final List<Map<String, Object>> rules;

  private Rbac(List<Map<String, Object>> rules) {
    this.rules = rules;
  }

  /** The union of the rules of the given Roles or ClusterRoles. */
  public static Rbac of(List<Map<String, Object>> roles) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> role : roles) {
      rules.addAll(Yamls.list(role, "rules"));
    }
    return new Rbac(rules);
  }

  public boolean allows(Request request) {
    return rules.stream().anyMatch(rule -> matches(rule, request));
  }

  public boolean allows(String verb, String apiGroup, String resource) {
    return allows(Request.of(verb, apiGroup, resource));
  }

  private static boolean matches(Map<String, Object> rule, Request request) {
    List<?> names = (List<?>) rule.get("resourceNames");
    return covers(rule.get("apiGroups"), request.apiGroup())
        && covers(rule.get("resources"), request.resource())
        && covers(rule.get("verbs"), request.verb())
        && (names == null || names.isEmpty() || names.contains(request.name()));
  }

  private static boolean covers(Object listed, String wanted) {
    if (!(listed instanceof List<?> values)) {
      return false;
    }
    return values.contains("*") || values.contains(wanted);
  }
}
