package io.drover.local.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.status.ApiException;
import org.junit.jupiter.api.Test;

class PatchesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void mergePatchReplacesArraysRemovesNullsAndMergesObjects() {
    JsonNode target = json("{\"a\":[1,2],\"b\":{\"c\":1,\"d\":2},\"e\":1}");
    JsonNode result =
        JsonMergePatch.apply(target, json("{\"a\":[3],\"b\":{\"c\":null,\"x\":5},\"e\":null}"));
    assertThat(result).isEqualTo(json("{\"a\":[3],\"b\":{\"d\":2,\"x\":5}}"));
    assertThat(target)
        .as("the target is left alone")
        .isEqualTo(json("{\"a\":[1,2],\"b\":{\"c\":1,\"d\":2},\"e\":1}"));
  }

  @Test
  void strategicMergePatchMergesListsByKeyAndHonoursDirectives() {
    ObjectNode pod =
        (ObjectNode)
            json(
                "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"1\",\"ports\":[{\"containerPort\":80}]},{\"name\":\"b\",\"image\":\"1\"}],"
                    + "\"tolerations\":[{\"key\":\"x\"}]},\"metadata\":{\"finalizers\":[\"f1\"]}}");
    ObjectNode patched =
        StrategicMergePatch.apply(
            pod,
            json(
                "{\"spec\":{\"containers\":[{\"name\":\"b\",\"image\":\"2\"},{\"name\":\"a\",\"$patch\":\"delete\"},{\"name\":\"c\",\"image\":\"3\"}],"
                    + "\"$setElementOrder/containers\":[{\"name\":\"c\"},{\"name\":\"b\"}],"
                    + "\"tolerations\":[{\"key\":\"y\"}]},\"metadata\":{\"finalizers\":[\"f2\"]}}"));
    assertThat(patched.path("spec").path("containers"))
        .isEqualTo(json("[{\"name\":\"c\",\"image\":\"3\"},{\"name\":\"b\",\"image\":\"2\"}]"));
    assertThat(patched.path("spec").path("tolerations"))
        .as("a list without a merge key is replaced")
        .isEqualTo(json("[{\"key\":\"y\"}]"));
    assertThat(patched.path("metadata").path("finalizers")).isEqualTo(json("[\"f1\",\"f2\"]"));
  }

  @Test
  void strategicMergePatchReplaceAndRetainKeys() {
    ObjectNode deployment =
        (ObjectNode)
            json(
                "{\"spec\":{\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1}}}}");
    ObjectNode patched =
        StrategicMergePatch.apply(
            deployment,
            json("{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}"));
    assertThat(patched.path("spec").path("strategy")).isEqualTo(json("{\"type\":\"Recreate\"}"));
    ObjectNode replaced =
        StrategicMergePatch.apply(
            deployment, json("{\"spec\":{\"$patch\":\"replace\",\"replicas\":2}}"));
    assertThat(replaced.path("spec")).isEqualTo(json("{\"replicas\":2}"));
  }

  @Test
  void aJsonPatchThatDoesNotApplyIsUnprocessable() {
    assertThatThrownBy(
            () ->
                JsonPatch.apply(
                    json("{\"a\":1}"), json("[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
    assertThat(
            JsonPatch.apply(
                json("{\"a\":1}"), json("[{\"op\":\"replace\",\"path\":\"/a\",\"value\":2}]")))
        .isEqualTo(json("{\"a\":2}"));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
