package io.drover.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local stop} then {@code local start}: every object back, resource versions going on. */
class PersistenceTest {

  @TempDir Path home;

  @Test
  void aRestartKeepsEveryObjectAndResourceVersionsKeepIncreasing() throws Exception {
    JsonNode before;
    long versionBefore;
    try (LocalApiServer server = LocalApiServer.start(LocalApiOptions.of(home))) {
      ApiRequests api = new ApiRequests(server.url());
      String crd =
          java.nio.file.Files.readString(Repository.crds().resolve("modelversions.drover.io.yaml"));
      server
          .client()
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .load(new java.io.ByteArrayInputStream(crd.getBytes()))
          .create();
      api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"kept\"}}");
      try (var in =
          java.nio.file.Files.newInputStream(
              Repository.examples().resolve("imported-modelversion.yaml"))) {
        server.client().load(in).inNamespace("kept").create();
      }
      before =
          api.get("/apis/drover.io/v1alpha1/namespaces/kept/modelversions/fraud-detector-1").json();
      assertThat(before.path("kind").asText()).isEqualTo("ModelVersion");
      versionBefore =
          api.get("/api/v1/namespaces").json().path("metadata").path("resourceVersion").asLong();
    }

    try (LocalApiServer server = LocalApiServer.start(LocalApiOptions.of(home))) {
      ApiRequests api = new ApiRequests(server.url());
      JsonNode after =
          api.get("/apis/drover.io/v1alpha1/namespaces/kept/modelversions/fraud-detector-1").json();
      assertThat(after).isEqualTo(before);
      assertThat(api.get("/apis/drover.io/v1alpha1").json().toString())
          .contains("\"modelversions\"");

      JsonNode created =
          api.post("/api/v1/namespaces/kept/configmaps", "{\"metadata\":{\"name\":\"new\"}}")
              .json();
      assertThat(created.path("metadata").path("resourceVersion").asLong())
          .isGreaterThan(versionBefore);

      ApiRequests.Answer stale =
          api.get(
              "/api/v1/namespaces/kept/configmaps?watch=true&timeoutSeconds=1&resourceVersion=1");
      assertThat(stale.body())
          .as("a watch from before the restart's history relists: 410 Gone")
          .contains("\"type\":\"ERROR\"")
          .contains("\"code\":410");
    }
  }
}
