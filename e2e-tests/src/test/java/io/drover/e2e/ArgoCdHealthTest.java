package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Repo;
import io.drover.e2e.support.Yamls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The Argo CD health scripts, run in a real Lua interpreter against objects as Argo CD sees them.
 */
class ArgoCdHealthTest {
  private static final Path ARGOCD = Repo.MANIFESTS.resolve("argocd");

  record Health(String status, String message) {}

  @Test
  void trainingRunIsHealthyWhenReadyAndDegradedWhenStalled() {
    assertThat(health("TrainingRun", object(3, null)))
        .isEqualTo(new Health("Progressing", "waiting for the operator"));
    assertThat(
            health(
                "TrainingRun",
                object(
                    1,
                    1,
                    condition("Ready", "False", "Running", "trainer pod running", 1),
                    condition("Reconciling", "True", "Running", "training: epoch 12 of 50", 1))))
        .isEqualTo(new Health("Progressing", "training: epoch 12 of 50"));
    assertThat(
            health(
                "TrainingRun",
                object(
                    1,
                    1,
                    condition("Ready", "True", "Succeeded", "accuracy 0.97 on 30 test rows", 1))))
        .isEqualTo(new Health("Healthy", "accuracy 0.97 on 30 test rows"));
    assertThat(
            health(
                "TrainingRun",
                object(
                    1,
                    1,
                    condition("Ready", "False", "Failed", "", 1),
                    condition(
                        "Stalled",
                        "True",
                        "PendingTimeout",
                        "no node with a free nvidia.com/gpu for 15m",
                        1))))
        .isEqualTo(new Health("Degraded", "no node with a free nvidia.com/gpu for 15m"));
  }

  @Test
  void conditionsOfAnOlderGenerationAreNotTrusted() {
    Map<String, Object> stale =
        object(2, 1, condition("Ready", "True", "Succeeded", "accuracy 0.97", 1));

    for (String kind : List.of("TrainingRun", "ModelVersion", "InferenceService")) {
      assertThat(health(kind, stale))
          .as(kind)
          .isEqualTo(new Health("Progressing", "waiting for the operator"));
    }
    // A condition without its own observedGeneration falls back to status.observedGeneration.
    assertThat(
            health(
                "InferenceService",
                object(2, 2, condition("Ready", "True", "Serving", "v3 serving", null))))
        .isEqualTo(new Health("Healthy", "v3 serving"));
    assertThat(
            health(
                "InferenceService",
                object(2, 1, condition("Ready", "True", "Serving", "v3 serving", null))))
        .isEqualTo(new Health("Progressing", "waiting for the operator"));
  }

  @Test
  void modelVersionAwaitingApprovalIsSuspendedAndRejectedIsDegraded() {
    assertThat(
            health(
                "ModelVersion",
                object(
                    1,
                    1,
                    condition("Ready", "False", "AwaitingApproval", "", 1),
                    condition(
                        "AwaitingApproval",
                        "True",
                        "ApprovalRequired",
                        "passed its policy; an approver must set spec.stage: Production",
                        1))))
        .isEqualTo(
            new Health(
                "Suspended", "passed its policy; an approver must set spec.stage: Production"));

    Map<String, Object> rejected =
        object(
            1,
            1,
            condition("Ready", "False", "Rejected", "", 1),
            condition("Stalled", "False", "", "", 1));
    Yamls.<Map<String, Object>>at(rejected, "status").put("stage", "Rejected");
    Yamls.<Map<String, Object>>at(rejected, "status")
        .put("message", "accuracy 0.88 is below the minimum 0.93");
    assertThat(health("ModelVersion", rejected))
        .isEqualTo(new Health("Degraded", "accuracy 0.88 is below the minimum 0.93"));

    assertThat(
            health(
                "ModelVersion",
                object(
                    1,
                    1,
                    condition(
                        "Stalled",
                        "True",
                        "ArtifactMissing",
                        "no bundle at pvc://drover-models/x",
                        1))))
        .isEqualTo(new Health("Degraded", "no bundle at pvc://drover-models/x"));

    Map<String, Object> production = object(2, 2, condition("Ready", "True", "Promoted", "", 2));
    Yamls.<Map<String, Object>>at(production, "status").put("stage", "Production");
    assertThat(health("ModelVersion", production)).isEqualTo(new Health("Healthy", "Promoted"));
  }

  @Test
  void inferenceServiceFollowsReadyDegradedAndProgressing() {
    assertThat(
            health(
                "InferenceService",
                object(4, 4, condition("Ready", "True", "Serving", "v7 serving 100%", 4))))
        .isEqualTo(new Health("Healthy", "v7 serving 100%"));
    assertThat(
            health(
                "InferenceService",
                object(
                    4,
                    4,
                    condition("Ready", "True", "Serving", "v7 serving", 4),
                    condition(
                        "Degraded",
                        "True",
                        "RolledBack",
                        "v8 error rate 4.2% > 1%: rolled back",
                        4))))
        .isEqualTo(new Health("Degraded", "v8 error rate 4.2% > 1%: rolled back"));
    assertThat(
            health(
                "InferenceService",
                object(
                    4,
                    4,
                    condition("Ready", "False", "RollingOut", "", 4),
                    condition(
                        "Progressing", "True", "CanaryStep", "canary step 1 of 2: v8 at 10%", 4))))
        .isEqualTo(new Health("Progressing", "canary step 1 of 2: v8 at 10%"));
    // The stable version serves while a rollout moves traffic: Argo CD waits for the rollout.
    assertThat(
            health(
                "InferenceService",
                object(
                    4,
                    4,
                    condition("Ready", "True", "Serving", "v7 serves", 4),
                    condition(
                        "Progressing",
                        "True",
                        "RolloutInProgress",
                        "canary step 1 of 2: v8 gets 10% of traffic",
                        4),
                    condition("Degraded", "False", "Healthy", "serving as the spec asks", 4))))
        .isEqualTo(new Health("Progressing", "canary step 1 of 2: v8 gets 10% of traffic"));
    assertThat(
            health(
                "InferenceService",
                object(
                    4,
                    4,
                    condition("Ready", "True", "Serving", "v7 serves", 4),
                    condition(
                        "Progressing",
                        "False",
                        "RolloutPaused",
                        "paused: analysis inconclusive for 10m",
                        4),
                    condition("Degraded", "False", "Healthy", "serving as the spec asks", 4))))
        .isEqualTo(new Health("Suspended", "paused: analysis inconclusive for 10m"));
    assertThat(
            health(
                "InferenceService",
                object(
                    4,
                    4,
                    condition(
                        "Ready",
                        "False",
                        "OutsideWindow",
                        "outside its active windows; it opens at 2026-12-07T08:00:00Z",
                        4),
                    condition("Progressing", "False", "Stable", "serving v1", 4),
                    condition("Degraded", "False", "Healthy", "serving as the spec asks", 4))))
        .as("closed by its schedule")
        .isEqualTo(
            new Health(
                "Suspended", "outside its active windows; it opens at 2026-12-07T08:00:00Z"));
    assertThat(
            health(
                "InferenceService",
                object(
                    4,
                    4,
                    condition("Ready", "True", "ScaledToZero", "no request for 15m", 4),
                    condition("Progressing", "False", "Stable", "serving v1", 4),
                    condition("Degraded", "False", "Healthy", "serving as the spec asks", 4))))
        .as("scaled to zero still answers")
        .isEqualTo(new Health("Healthy", "no request for 15m"));
    assertThat(
            health(
                "InferenceService",
                object(
                    4,
                    4,
                    condition("Ready", "True", "Serving", "v8 serves", 4),
                    condition("Progressing", "False", "Promoted", "v8 passed every step", 4),
                    condition("Degraded", "False", "Healthy", "serving as the spec asks", 4))))
        .isEqualTo(new Health("Healthy", "v8 serves"));
  }

  @Test
  void argocdCmPatchCarriesTheSameScripts() throws IOException {
    Map<String, Object> cm = Yamls.parseOne(ARGOCD.resolve("argocd-cm-patch.yaml"));

    assertThat((Object) Yamls.at(cm, "metadata.name")).isEqualTo("argocd-cm");
    Map<String, Object> data = Yamls.at(cm, "data");
    assertThat(data).hasSize(3);
    for (String kind : List.of("TrainingRun", "ModelVersion", "InferenceService")) {
      assertThat(data.get("resource.customizations.health.drover.io_" + kind))
          .as("%s script in argocd-cm-patch.yaml", kind)
          .isEqualTo(Files.readString(script(kind)));
    }
  }

  /** Runs drover.io/KIND/health.lua the way Argo CD does: a global obj, a returned table. */
  static Health health(String kind, Map<String, Object> obj) {
    Globals globals = new Globals();
    // The libraries Argo CD opens for health scripts; no io or os.
    globals.load(new BaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    Map<String, Object> full = new LinkedHashMap<>();
    full.put("apiVersion", "drover.io/v1alpha1");
    full.put("kind", kind);
    full.putAll(obj);
    globals.set("obj", toLua(full));
    try {
      LuaValue hs = globals.load(Files.readString(script(kind)), kind + "/health.lua").call();
      return new Health(hs.get("status").tojstring(), hs.get("message").tojstring());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path script(String kind) {
    return ARGOCD.resolve("drover.io").resolve(kind).resolve("health.lua");
  }

  /** JSON to Lua as Argo CD converts it: objects and arrays to tables, every number a float. */
  static LuaValue toLua(Object v) {
    if (v == null) {
      return LuaValue.NIL;
    }
    if (v instanceof Map<?, ?> m) {
      LuaTable t = new LuaTable();
      m.forEach((k, val) -> t.set(String.valueOf(k), toLua(val)));
      return t;
    }
    if (v instanceof List<?> l) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < l.size(); i++) {
        t.set(i + 1, toLua(l.get(i)));
      }
      return t;
    }
    if (v instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    if (v instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    return LuaValue.valueOf(v.toString());
  }

  /** An object at metadata.generation with status.observedGeneration and conditions. */
  @SafeVarargs
  static Map<String, Object> object(
      long generation, Integer observedGeneration, Map<String, Object>... conditions) {
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put(
        "metadata",
        new LinkedHashMap<>(Map.of("name", "x", "namespace", "ml", "generation", generation)));
    if (observedGeneration != null || conditions.length > 0) {
      Map<String, Object> status = new LinkedHashMap<>();
      if (observedGeneration != null) {
        status.put("observedGeneration", observedGeneration);
      }
      status.put("conditions", new ArrayList<>(List.of(conditions)));
      obj.put("status", status);
    }
    return obj;
  }

  static Map<String, Object> condition(
      String type, String status, String reason, String message, Integer observedGeneration) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status);
    c.put("reason", reason);
    c.put("message", message);
    c.put("lastTransitionTime", "2026-11-22T08:00:00Z");
    if (observedGeneration != null) {
      c.put("observedGeneration", observedGeneration);
    }
    return c;
  }
}
