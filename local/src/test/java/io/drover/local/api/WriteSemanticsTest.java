package io.drover.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes as a real API server answers them, seen on the wire. */
class WriteSemanticsTest {

  private static final String RUNS = "/apis/drover.io/v1alpha1/namespaces/default/trainingruns";
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
  private static final String CONFIG_MAPS = "/api/v1/namespaces/default/configmaps";

  @TempDir static Path home;
  private static LocalApiServer server;
  private static ApiRequests api;

  @BeforeAll
  static void start() throws IOException {
    server = LocalApiServer.start(LocalApiOptions.of(home));
    api = new ApiRequests(server.url());
    KubernetesClient client = server.client();
    try (var files = Files.list(Repository.crds())) {
      for (Path crd : files.toList()) {
        try (InputStream in = Files.newInputStream(crd)) {
          client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aRulesReviewAnswersThatEverythingIsAllowedAsNothingIsAuthorizedHere() {
    // The operator asks before it takes part in leader election, and stops if the answer lacks
    // the Lease verbs.
    SelfSubjectRulesReview review =
        server
            .client()
            .resource(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace("drover-system")
                    .endSpec()
                    .build())
            .create();

    assertThat(review.getStatus().getIncomplete()).isFalse();
    assertThat(review.getStatus().getResourceRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getVerbs()).containsExactly("*");
              assertThat(rule.getApiGroups()).containsExactly("*");
              assertThat(rule.getResources()).containsExactly("*");
            });
  }

  @Test
  void aStaleResourceVersionIsAConflictForTheObjectAndItsStatus() {
    JsonNode created = api.post(RUNS, run("stale")).json();
    String version = created.path("metadata").path("resourceVersion").asText();
    api.patch(
        RUNS + "/stale/status",
        "application/merge-patch+json",
        "{\"status\":{\"phase\":\"Running\"}}");

    ApiRequests.Answer main = api.put(RUNS + "/stale", withVersion(run("stale"), version));
    assertThat(main.code()).isEqualTo(409);
    assertThat(main.json().path("reason").asText()).isEqualTo("Conflict");
    assertThat(main.json().path("message").asText())
        .isEqualTo(
            "Operation cannot be fulfilled on trainingruns.drover.io \"stale\": the object has been"
                + " modified; please apply your changes to the latest version and try again");

    String status =
        withVersion(run("stale"), version)
            .replace("\"spec\"", "\"status\":{\"phase\":\"Failed\"},\"spec\"");
    assertThat(api.put(RUNS + "/stale/status", status).code()).isEqualTo(409);
  }

  @Test
  void generationStartsAtOneAndMovesOnlyWithTheSpec() {
    api.post(DEPLOYMENTS, deployment("generations"));
    assertThat(generation("generations")).isEqualTo(1);
    api.patch(
        DEPLOYMENTS + "/generations",
        "application/merge-patch+json",
        "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
    assertThat(generation("generations")).as("metadata is not spec").isEqualTo(1);
    api.patch(
        DEPLOYMENTS + "/generations/status",
        "application/merge-patch+json",
        "{\"status\":{\"replicas\":1}}");
    assertThat(generation("generations")).as("status is not spec").isEqualTo(1);
    api.patch(
        DEPLOYMENTS + "/generations",
        "application/merge-patch+json",
        "{\"spec\":{\"replicas\":3}}");
    assertThat(generation("generations")).isEqualTo(2);
  }

  @Test
  void mergePatchReplacesArraysAndRemovesNulls() {
    api.post(DEPLOYMENTS, deployment("merged"));
    JsonNode patched =
        api.patch(
                DEPLOYMENTS + "/merged",
                "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"app\":null}},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"x\"}]}}}}")
            .json();
    assertThat(patched.path("spec").path("template").path("spec").path("containers").size())
        .isEqualTo(1);
    assertThat(patched.path("metadata").path("labels").has("app")).isFalse();
  }

  @Test
  void strategicMergePatchMergesContainersAndEnvByName() {
    api.post(DEPLOYMENTS, deployment("strategic"));
    JsonNode patched =
        api.patch(
                DEPLOYMENTS + "/strategic",
                "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"env\":[{\"name\":\"B\",\"value\":\"2\"}]}]}}}}")
            .json();
    JsonNode containers = patched.path("spec").path("template").path("spec").path("containers");
    assertThat(containers.size()).isEqualTo(2);
    assertThat(containers.get(0).path("image").asText()).isEqualTo("nginx:1");
    assertThat(containers.get(0).path("env").toString())
        .isEqualTo("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}]");

    ApiRequests.Answer custom =
        api.patch(RUNS + "/anything", "application/strategic-merge-patch+json", "{}");
    assertThat(custom.code()).as("custom kinds take no strategic merge patch").isEqualTo(415);
  }

  @Test
  void aJsonPatchWhoseTestFailsIsUnprocessable() {
    api.post(CONFIG_MAPS, "{\"metadata\":{\"name\":\"tested\"},\"data\":{\"a\":\"1\"}}");
    ApiRequests.Answer answer =
        api.patch(
            CONFIG_MAPS + "/tested",
            "application/json-patch+json",
            "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"2\"},{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"3\"}]");
    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.json().path("kind").asText()).isEqualTo("Status");
    assertThat(api.get(CONFIG_MAPS + "/tested").json().path("data").path("a").asText())
        .isEqualTo("1");
  }

  @Test
  void serverSideApplyIsRefusedSayingToApplyClientSide() {
    ApiRequests.Answer answer =
        api.patch(
            CONFIG_MAPS + "/applied?fieldManager=me", "application/apply-patch+yaml", "data: {}");
    assertThat(answer.code()).isEqualTo(415);
    assertThat(answer.json().path("message").asText()).contains("client-side apply");
  }

  @Test
  void theStatusSubresourceKeepsEachHalfWhateverTheQueryString() {
    api.post(RUNS, run("halves"));
    JsonNode main =
        api.put(
                RUNS + "/halves?fieldManager=kubectl",
                run("halves").replace("\"spec\"", "\"status\":{\"phase\":\"Hacked\"},\"spec\""))
            .json();
    assertThat(main.has("status")).as("a main-resource write does not set status").isFalse();

    String statusBody =
        run("halves")
            .replace("iris-classifier", "other-model")
            .replace("\"spec\"", "\"status\":{\"phase\":\"Running\"},\"spec\"");
    JsonNode status = api.put(RUNS + "/halves/status?fieldManager=operator", statusBody).json();
    assertThat(status.path("status").path("phase").asText())
        .as("a query string does not drop a status write")
        .isEqualTo("Running");
    assertThat(status.path("spec").path("model").asText())
        .as("a status write does not change the spec")
        .isEqualTo("iris-classifier");
  }

  @Test
  void generateNameNamesTheObjectAndTheServerSetsItsIdentity() {
    JsonNode created =
        api.post(CONFIG_MAPS, "{\"metadata\":{\"generateName\":\"gen-\"},\"data\":{}}").json();
    JsonNode metadata = created.path("metadata");
    assertThat(metadata.path("name").asText()).matches("gen-[a-z0-9]{5}");
    assertThat(metadata.path("uid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-.*");
    assertThat(metadata.path("creationTimestamp").asText()).endsWith("Z");
    assertThat(metadata.path("resourceVersion").asText()).isNotEmpty();
  }

  @Test
  void namespacesMustExistAndTakeTheirObjectsWithThem() {
    ApiRequests.Answer missing =
        api.post("/api/v1/namespaces/nowhere/configmaps", "{\"metadata\":{\"name\":\"x\"}}");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.json().path("message").asText())
        .isEqualTo("namespaces \"nowhere\" not found");

    api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"doomed\"}}");
    assertThat(
            api.post("/api/v1/namespaces/doomed/configmaps", "{\"metadata\":{\"name\":\"x\"}}")
                .code())
        .isEqualTo(201);
    api.delete("/api/v1/namespaces/doomed");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(api.get("/api/v1/namespaces/doomed/configmaps/x").code()).isEqualTo(404);
              assertThat(api.get("/api/v1/namespaces/doomed").code()).isEqualTo(404);
            });
  }

  @Test
  void finalizersHoldADeletionUntilTheLastIsRemoved() {
    api.post(
        CONFIG_MAPS, "{\"metadata\":{\"name\":\"held\",\"finalizers\":[\"example.com/hold\"]}}");
    ApiRequests.Answer deleted = api.delete(CONFIG_MAPS + "/held");
    assertThat(deleted.code()).isEqualTo(202);
    JsonNode marked = api.get(CONFIG_MAPS + "/held").json();
    assertThat(marked.path("metadata").path("deletionTimestamp").asText()).isNotEmpty();

    api.patch(
        CONFIG_MAPS + "/held",
        "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":null}}");
    assertThat(api.get(CONFIG_MAPS + "/held").code()).isEqualTo(404);
  }

  @Test
  void orphanPropagationKeepsDependentsAndDropsTheirOwnerReference() {
    JsonNode owner = api.post(CONFIG_MAPS, "{\"metadata\":{\"name\":\"parent\"}}").json();
    String uid = owner.path("metadata").path("uid").asText();
    api.post(
        CONFIG_MAPS,
        "{\"metadata\":{\"name\":\"child\",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"parent\",\"uid\":\""
            + uid
            + "\"}]}}");
    api.delete(CONFIG_MAPS + "/parent?propagationPolicy=Orphan");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(api.get(CONFIG_MAPS + "/parent").code()).isEqualTo(404));
    JsonNode child = api.get(CONFIG_MAPS + "/child").json();
    assertThat(child.path("metadata").has("ownerReferences")).isFalse();
  }

  @Test
  void aDependentCreatedAfterItsOwnerWasDeletedIsCollected() {
    JsonNode owner = api.post(CONFIG_MAPS, "{\"metadata\":{\"name\":\"gone-owner\"}}").json();
    String uid = owner.path("metadata").path("uid").asText();
    assertThat(api.delete(CONFIG_MAPS + "/gone-owner").code()).isEqualTo(200);
    // As a controller acting on a stale cache would: no deletion follows to bring a pass.
    assertThat(
            api.post(
                    CONFIG_MAPS,
                    "{\"metadata\":{\"name\":\"late-child\",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"gone-owner\",\"uid\":\""
                        + uid
                        + "\"}]}}")
                .code())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(api.get(CONFIG_MAPS + "/late-child").code()).isEqualTo(404));
  }

  @Test
  void unknownPathsAndVerbsAnswerAJsonStatus() {
    ApiRequests.Answer unknown = api.get("/apis/example.com/v1/widgets");
    assertThat(unknown.code()).isEqualTo(404);
    assertThat(unknown.json().path("kind").asText()).isEqualTo("Status");
    ApiRequests.Answer verb = api.put(CONFIG_MAPS, "{}");
    assertThat(verb.code()).isEqualTo(405);
    assertThat(verb.json().path("reason").asText()).isEqualTo("MethodNotAllowed");
    ApiRequests.Answer notJson = api.post(CONFIG_MAPS, "{not json");
    assertThat(notJson.code()).isEqualTo(400);
    assertThat(notJson.json().path("kind").asText()).isEqualTo("Status");
  }

  @Test
  void fieldSelectorsSelectEventsByInvolvedObjectAndPodsByPhase() {
    for (String name : new String[] {"a", "b"}) {
      api.post(
          "/api/v1/namespaces/default/events",
          "{\"metadata\":{\"name\":\"ev-"
              + name
              + "\"},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\""
              + name
              + "\",\"namespace\":\"default\"},\"reason\":\"R\",\"type\":\"Normal\"}");
    }
    JsonNode events =
        api.get(
                "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Db,involvedObject.kind%3DPod")
            .json();
    assertThat(events.path("items").size()).isEqualTo(1);
    assertThat(events.path("items").get(0).path("metadata").path("name").asText())
        .isEqualTo("ev-b");

    api.post(
        "/api/v1/namespaces/default/pods",
        "{\"metadata\":{\"name\":\"phased\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}");
    assertThat(
            api.get("/api/v1/pods?fieldSelector=status.phase%3DPending")
                .json()
                .path("items")
                .size())
        .isEqualTo(1);
    assertThat(
            api.get("/api/v1/pods?fieldSelector=status.phase%21%3DPending")
                .json()
                .path("items")
                .size())
        .isZero();
    assertThat(api.get("/api/v1/pods?fieldSelector=spec.bogus%3Dx").code()).isEqualTo(400);
  }

  private static long generation(String deployment) {
    return api.get(DEPLOYMENTS + "/" + deployment)
        .json()
        .path("metadata")
        .path("generation")
        .asLong();
  }

  private static String run(String name) {
    return "{\"apiVersion\":\"drover.io/v1alpha1\",\"kind\":\"TrainingRun\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":{\"model\":\"iris-classifier\",\"dataset\":{\"uri\":\"pvc://datasets/iris.csv\"}}}";
  }

  private static String withVersion(String object, String version) {
    return object.replace(
        "\"metadata\":{", "\"metadata\":{\"resourceVersion\":\"" + version + "\",");
  }

  private static String deployment(String name) {
    return ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"%1$s\",\"labels\":{\"app\":\"%1$s\"}},"
            + "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"%1$s\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"%1$s\"}},"
            + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1\",\"env\":[{\"name\":\"A\",\"value\":\"1\"}]},"
            + "{\"name\":\"side\",\"image\":\"busybox\"}]}}}}")
        .formatted(name);
  }
}
