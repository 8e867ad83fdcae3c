package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Charts;
import io.drover.e2e.support.Rbac;
import io.drover.e2e.support.Yamls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The people's roles, rendered by Helm and evaluated as the API server's RBAC authorizer would:
 * what each person must and must not be able to do, watching all namespaces (ClusterRoles) and
 * listed ones (Roles). Approving for Production takes both RBAC and the approval gate's CEL.
 */
class UserRolesTest {

  enum Person {
    VIEWER("viewer", "victor", "ml-team"),
    DATA_SCIENTIST("data-scientist", "dana", "ml-team"),
    PLATFORM_ENGINEER("platform-engineer", "pat", "platform"),
    APPROVER("approver", "alice", "drover-approvers");

    final String role;
    final String user;
    final String group;

    Person(String role, String user, String group) {
      this.role = role;
      this.user = user;
      this.group = group;
    }
  }

  /** What a person tries; {@code null} request means "approve a ModelVersion for Production". */
  record Action(String what, Rbac.Request request, List<Person> allowed) {
    static Action of(String verb, String group, String resource, Person... allowed) {
      Rbac.Request request = Rbac.Request.of(verb, group, resource);
      return new Action(request.toString(), request, List.of(allowed));
    }
  }

  private static final Person[] EVERYONE = Person.values();
  private static final Person[] NOBODY = {};

  /** The seeds' governance, one row per thing a person may or may not do. */
  static final List<Action> MATRIX =
      List.of(
          Action.of("list", "drover.io", "trainingruns", EVERYONE),
          Action.of("get", "drover.io", "modelversions", EVERYONE),
          Action.of("watch", "drover.io", "inferenceservices", EVERYONE),
          Action.of("get", "drover.io", "inferenceservices/status", EVERYONE),
          Action.of("create", "drover.io", "trainingruns", Person.DATA_SCIENTIST),
          Action.of("delete", "drover.io", "trainingruns", Person.DATA_SCIENTIST),
          Action.of("create", "drover.io", "inferenceservices", Person.PLATFORM_ENGINEER),
          Action.of("patch", "drover.io", "inferenceservices", Person.PLATFORM_ENGINEER),
          Action.of("create", "drover.io", "modelversions", Person.PLATFORM_ENGINEER),
          Action.of("delete", "drover.io", "modelversions", Person.PLATFORM_ENGINEER),
          Action.of(
              "patch", "drover.io", "modelversions", Person.PLATFORM_ENGINEER, Person.APPROVER),
          // Status is the operator's alone.
          Action.of("update", "drover.io", "trainingruns/status", NOBODY),
          Action.of("patch", "drover.io", "modelversions/status", NOBODY),
          Action.of("update", "drover.io", "inferenceservices/status", NOBODY),
          // Data scientists use compute through TrainingRuns, never by creating it.
          Action.of("get", "", "pods/log", Person.DATA_SCIENTIST, Person.PLATFORM_ENGINEER),
          Action.of("list", "batch", "jobs", Person.DATA_SCIENTIST),
          Action.of("create", "", "pods", NOBODY),
          Action.of("create", "batch", "jobs", NOBODY),
          Action.of("create", "apps", "deployments", NOBODY),
          Action.of("create", "", "pods/exec", NOBODY),
          Action.of("get", "", "secrets", NOBODY),
          Action.of("create", "rbac.authorization.k8s.io", "rolebindings", NOBODY),
          new Action("approve a ModelVersion for Production", null, List.of(Person.APPROVER)));

  private final ApprovalPolicyTest.Gate gate = ApprovalPolicyTest.Gate.from(Charts.render());

  static Stream<String> modes() {
    return Stream.of("all namespaces", "listed namespaces");
  }

  @ParameterizedTest(name = "watching {0}")
  @MethodSource("modes")
  void eachPersonMayDoExactlyWhatTheGovernanceSays(String mode) {
    List<Map<String, Object>> roles = peoplesRoles(mode);
    List<String> wrong = new ArrayList<>();

    for (Person person : Person.values()) {
      Rbac rbac = Rbac.of(roles.stream().filter(named(person.role)).toList());
      for (Action action : MATRIX) {
        boolean allowed =
            action.request() == null ? approves(person, rbac) : rbac.allows(action.request());
        if (allowed != action.allowed().contains(person)) {
          wrong.add(person.role + (allowed ? " may " : " may not ") + action.what());
        }
      }
    }

    assertThat(wrong).as("roles of helm/drover/templates/_helpers.tpl").isEmpty();
  }

  @Test
  void theMatrixCanFail() {
    // The approver's rules, asked to do the platform engineer's job, are refused: proves the
    // evaluator refuses, so the matrix above means something.
    Rbac approver =
        Rbac.of(peoplesRoles("all namespaces").stream().filter(named("approver")).toList());

    assertThat(approver.allows("create", "drover.io", "inferenceservices")).isFalse();
    assertThat(approver.allows("patch", "drover.io", "modelversions")).isTrue();
    assertThat(approves(Person.PLATFORM_ENGINEER, approver))
        .as("RBAC alone does not make an approver: the gate checks the group")
        .isFalse();
  }

  @Test
  void builtInRolesGainDroverRightsButNeverTheApprovers() {
    List<Map<String, Object>> roles = peoplesRoles("all namespaces");
    // The built-in chain: view aggregates into edit, edit into admin.
    Rbac view = Rbac.of(roles.stream().filter(aggregatedTo("view")).toList());
    Rbac edit =
        Rbac.of(roles.stream().filter(aggregatedTo("view").or(aggregatedTo("edit"))).toList());

    assertThat(view.allows("list", "drover.io", "modelversions")).isTrue();
    assertThat(view.allows("create", "drover.io", "trainingruns")).isFalse();
    assertThat(view.allows("patch", "drover.io", "modelversions")).isFalse();
    assertThat(edit.allows("create", "drover.io", "trainingruns")).isTrue();
    assertThat(edit.allows("create", "drover.io", "inferenceservices")).isTrue();
    assertThat(roles.stream().filter(aggregatedTo("admin")).map(Yamls::name))
        .containsExactlyInAnyOrder("drover-data-scientist", "drover-platform-engineer");
    Map<String, Object> approver =
        roles.stream().filter(named("approver")).findFirst().orElseThrow();
    assertThat(((Map<String, Object>) Yamls.at(approver, "metadata.labels")).keySet())
        .as("holding edit or admin must not make anyone an approver")
        .noneMatch(label -> label.startsWith("rbac.authorization.k8s.io/aggregate-to-"));
  }

  @Test
  void aggregationCanBeTurnedOff() {
    List<Map<String, Object>> roles =
        Yamls.ofKind(Charts.render(t -> t.set("userRoles.aggregate", "false")), "ClusterRole");

    assertThat(roles).extracting(Yamls::name).contains("drover-viewer", "drover-approver");
    assertThat(roles.stream().filter(aggregatedTo("view").or(aggregatedTo("edit")))).isEmpty();
  }

  @Test
  void listedNamespacesGetRolesInEachAndNothingClusterWide() {
    List<Map<String, Object>> objs = Charts.renderNamespaced();

    assertThat(Yamls.ofKind(objs, "ClusterRole")).isEmpty();
    assertThat(Yamls.ofKind(objs, "Role"))
        .extracting(r -> Yamls.at(r, "metadata.namespace") + "/" + Yamls.name(r))
        .contains(
            "team-a/drover-viewer",
            "team-a/drover-data-scientist",
            "team-a/drover-platform-engineer",
            "team-a/drover-approver",
            "team-b/drover-viewer",
            "team-b/drover-approver");
  }

  @Test
  void peoplesRolesCanBeLeftOut() {
    List<Map<String, Object>> objs = Charts.render(t -> t.set("userRoles.create", "false"));

    assertThat(Yamls.ofKind(objs, "ClusterRole"))
        .extracting(Yamls::name)
        .containsExactly("drover-operator");
  }

  /** RBAC lets the person update the version, and the approval gate admits their approval. */
  private boolean approves(Person person, Rbac rbac) {
    return rbac.allows("patch", "drover.io", "modelversions")
        && gate.admits(
            ApprovalPolicyTest.approvedBy(person.user),
            ApprovalPolicyTest.modelVersion("Staging"),
            ApprovalPolicyTest.user(person.user, person.group));
  }

  private static List<Map<String, Object>> peoplesRoles(String mode) {
    if (mode.equals("all namespaces")) {
      return Yamls.ofKind(Charts.render(), "ClusterRole").stream()
          .filter(r -> !Yamls.name(r).equals("drover-operator"))
          .toList();
    }
    return Yamls.ofKind(Charts.renderNamespaced(), "Role").stream()
        .filter(r -> "team-a".equals(Yamls.at(r, "metadata.namespace")))
        .filter(r -> !Yamls.name(r).equals("drover-operator"))
        .toList();
  }

  private static Predicate<Map<String, Object>> named(String role) {
    return r -> Yamls.name(r).equals("drover-" + role);
  }

  private static Predicate<Map<String, Object>> aggregatedTo(String builtIn) {
    return r -> {
      Map<String, Object> labels = Yamls.at(r, "metadata.labels");
      return labels != null
          && "true".equals(labels.get("rbac.authorization.k8s.io/aggregate-to-" + builtIn));
    };
  }
}
