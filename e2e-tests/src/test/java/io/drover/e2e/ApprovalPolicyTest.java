package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.CelExpressions;
import io.drover.e2e.support.Charts;
import io.drover.e2e.support.Yamls;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The approval gate's ValidatingAdmissionPolicy, rendered by Helm and its CEL evaluated by cel-java
 * with the variables the API server provides (object, oldObject, request). No API server runs here:
 * matching (which requests reach the policy) is asserted structurally.
 */
class ApprovalPolicyTest {
  private static final String OPERATOR = "system:serviceaccount:drover-system:drover-operator";

  /** The rendered policy's validations, compiled; a request is admitted when all hold. */
  record Gate(List<CelExpressions.Compiled> rules, List<CelExpressions.Compiled> messages) {
    static Gate from(List<Map<String, Object>> rendered) {
      Map<String, Object> policy = Yamls.single(rendered, "ValidatingAdmissionPolicy");
      List<Map<String, Object>> validations = Yamls.list(policy, "spec.validations");
      assertThat(validations).hasSize(3);
      return new Gate(
          validations.stream().map(v -> compile((String) v.get("expression"))).toList(),
          validations.stream().map(v -> compile((String) v.get("messageExpression"))).toList());
    }

    private static CelExpressions.Compiled compile(String expression) {
      return CelExpressions.compile(expression, "object", "oldObject", "request");
    }

    boolean admits(
        Map<String, Object> object, Map<String, Object> oldObject, Map<String, Object> request) {
      return rules.stream().allMatch(rule -> rule.test(vars(object, oldObject, request)));
    }

    /** The message of the first validation that refuses, as the API server reports it. */
    String refusal(
        Map<String, Object> object, Map<String, Object> oldObject, Map<String, Object> request) {
      Map<String, Object> vars = vars(object, oldObject, request);
      for (int i = 0; i < rules.size(); i++) {
        if (!rules.get(i).test(vars)) {
          return (String) messages.get(i).eval(vars);
        }
      }
      throw new AssertionError("the request is admitted");
    }

    private static Map<String, Object> vars(
        Map<String, Object> object, Map<String, Object> oldObject, Map<String, Object> request) {
      Map<String, Object> vars = new HashMap<>();
      vars.put("object", object);
      vars.put("oldObject", oldObject); // null on CREATE, as in admission
      vars.put("request", request);
      return vars;
    }
  }

  private final Gate gate = Gate.from(Charts.render());

  @Test
  void onlyApproversMaySetProductionOnCreate() {
    Map<String, Object> production = modelVersion("Production");

    assertThat(gate.admits(approvedBy("alice"), null, user("alice", "drover-approvers", "ml-team")))
        .isTrue();
    assertThat(gate.admits(production, null, user("bob", "ml-team"))).isFalse();
    assertThat(gate.admits(production, null, userWithoutGroups("carol"))).isFalse();
  }

  @Test
  void onlyApproversMayChangeTheStageToProduction() {
    assertThat(
            gate.admits(
                modelVersion("Production"), modelVersion("Staging"), user("bob", "ml-team")))
        .isFalse();
    assertThat(gate.admits(modelVersion("Production"), modelVersion(null), user("bob", "ml-team")))
        .isFalse();
    assertThat(
            gate.admits(
                approvedBy("alice"), modelVersion("Staging"), user("alice", "drover-approvers")))
        .isTrue();
  }

  @Test
  void anApprovalMustNameItsApprover() {
    Map<String, Object> alice = user("alice", "drover-approvers");

    assertThat(gate.admits(modelVersion("Production"), modelVersion("Staging"), alice)).isFalse();
    assertThat(gate.refusal(modelVersion("Production"), modelVersion("Staging"), alice))
        .isEqualTo(
            "Set the annotation drover.io/approved-by: alice together with spec.stage: Production"
                + " on iris-classifier-3, so the approval names its approver.");
    assertThat(gate.admits(approvedBy("dave"), modelVersion("Staging"), alice))
        .as("an approver signing for someone else")
        .isFalse();
  }

  @Test
  void nobodyMaySignForAnotherUser() {
    Map<String, Object> staging = modelVersion("Staging");
    Map<String, Object> forged = new LinkedHashMap<>(staging);
    forged.put(
        "metadata",
        Map.of(
            "name",
            "iris-classifier-3",
            "namespace",
            "ml",
            "annotations",
            Map.of("drover.io/approved-by", "alice")));

    assertThat(gate.admits(forged, staging, user("bob", "ml-team"))).isFalse();
    assertThat(gate.refusal(forged, staging, user("bob", "ml-team")))
        .isEqualTo("drover.io/approved-by must name the user making the change (bob), not alice.");
    assertThat(gate.admits(forged, forged, user("bob", "ml-team")))
        .as("an existing approval survives other edits")
        .isTrue();
  }

  @Test
  void everythingElseIsLeftAlone() {
    Map<String, Object> bob = user("bob", "ml-team");

    assertThat(gate.admits(modelVersion(null), null, bob)).as("register without a stage").isTrue();
    assertThat(gate.admits(modelVersion("Staging"), null, bob)).as("request Staging").isTrue();
    assertThat(gate.admits(modelVersion("Archived"), modelVersion("Production"), bob))
        .as("retire a Production version")
        .isTrue();
    assertThat(gate.admits(modelVersion("Production"), modelVersion("Production"), bob))
        .as("edit labels of an approved version")
        .isTrue();
  }

  @Test
  void theOperatorsOwnServiceAccountPassesOthersDoNot() {
    assertThat(
            gate.admits(
                modelVersion("Production"),
                modelVersion("Staging"),
                user(OPERATOR, "system:serviceaccounts")))
        .isTrue();
    assertThat(
            gate.admits(
                modelVersion("Production"),
                modelVersion("Staging"),
                user("system:serviceaccount:ml:ci-bot", "system:serviceaccounts")))
        .isFalse();
  }

  @Test
  void theRefusalSaysWhoMayApproveAndWhatToDo() {
    String message =
        gate.refusal(modelVersion("Production"), modelVersion("Staging"), user("bob", "ml-team"));

    assertThat(message)
        .contains("drover-approvers")
        .contains("bob")
        .contains("iris-classifier-3")
        .contains("Ask an approver to set spec.stage: Production");
  }

  @Test
  void groupAndOperatorIdentityFollowTheValuesAndReleaseNamespace() {
    Gate custom =
        Gate.from(Charts.render(t -> t.set("approvers.group", "ml-leads").withNamespace("mlops")));

    assertThat(custom.admits(approvedBy("dana"), null, user("dana", "ml-leads"))).isTrue();
    assertThat(custom.admits(modelVersion("Production"), null, user("alice", "drover-approvers")))
        .isFalse();
    assertThat(
            custom.admits(
                modelVersion("Production"),
                null,
                user("system:serviceaccount:mlops:drover-operator")))
        .isTrue();
    assertThat(custom.admits(modelVersion("Production"), null, user(OPERATOR))).isFalse();
    assertThat(custom.refusal(modelVersion("Production"), null, user("bob"))).contains("ml-leads");
  }

  @Test
  void policyMatchesModelVersionWritesAndIsEnforced() {
    List<Map<String, Object>> rendered = Charts.render();
    Map<String, Object> policy = Yamls.single(rendered, "ValidatingAdmissionPolicy");
    Map<String, Object> binding = Yamls.single(rendered, "ValidatingAdmissionPolicyBinding");

    assertThat(policy.get("apiVersion")).isEqualTo("admissionregistration.k8s.io/v1");
    assertThat((Object) Yamls.at(policy, "spec.failurePolicy")).isEqualTo("Fail");
    assertThat(Yamls.list(policy, "spec.matchConstraints.resourceRules"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat((List<String>) r.get("apiGroups")).containsExactly("drover.io");
              assertThat((List<String>) r.get("resources")).containsExactly("modelversions");
              assertThat((List<String>) r.get("operations"))
                  .containsExactlyInAnyOrder("CREATE", "UPDATE");
            });
    assertThat((Object) Yamls.at(binding, "spec.policyName")).isEqualTo(Yamls.name(policy));
    assertThat((List<String>) Yamls.at(binding, "spec.validationActions")).containsExactly("Deny");
    assertThat(
            Yamls.ofKind(
                Charts.render(t -> t.set("approvers.enabled", "false")),
                "ValidatingAdmissionPolicy"))
        .isEmpty();
  }

  /** A ModelVersion whose drover.io/approved-by annotation names {@code approver}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> approvedBy(String approver) {
    Map<String, Object> version = new LinkedHashMap<>(modelVersion("Production"));
    Map<String, Object> metadata =
        new LinkedHashMap<>((Map<String, Object>) version.get("metadata"));
    metadata.put("annotations", Map.of("drover.io/approved-by", approver));
    version.put("metadata", metadata);
    return version;
  }

  static Map<String, Object> modelVersion(String stage) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("model", "iris-classifier");
    spec.put("version", 3);
    spec.put("artifact", Map.of("uri", "pvc://drover-models/iris-classifier/iris"));
    if (stage != null) {
      spec.put("stage", stage);
    }
    return Map.of(
        "apiVersion",
        "drover.io/v1alpha1",
        "kind",
        "ModelVersion",
        "metadata",
        Map.of("name", "iris-classifier-3", "namespace", "ml"),
        "spec",
        spec);
  }

  static Map<String, Object> user(String name, String... groups) {
    return Map.of(
        "operation", "UPDATE", "userInfo", Map.of("username", name, "groups", List.of(groups)));
  }

  private static Map<String, Object> userWithoutGroups(String name) {
    return Map.of("operation", "CREATE", "userInfo", Map.of("username", name));
  }
}
