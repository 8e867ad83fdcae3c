package io.drover.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An older kubectl (Debian's kubernetes-client, 1.20), which knows no OpenAPI v3 and reads the
 * protobuf form of {@code /openapi/v2} to validate and explain. Needs {@code DROVER_KUBECTL_OLD}
 * pointing at it: {@code apt-get download kubernetes-client && dpkg -x kubernetes-client_*.deb
 * <dir>}, then {@code <dir>/usr/bin/kubectl}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OlderKubectlTest {

  @TempDir static Path home;
  @TempDir static Path cache;
  private LocalApiServer server;
  private Kubectl kubectl;

  @BeforeAll
  void start() {
    Path binary = Kubectl.find("DROVER_KUBECTL_OLD", null).orElse(null);
    Assumptions.assumeTrue(
        binary != null,
        "needs kubectl 1.20: set DROVER_KUBECTL_OLD (apt-get download kubernetes-client, dpkg -x)");
    server = LocalApiServer.start(LocalApiOptions.of(home));
    kubectl = new Kubectl(binary, server.kubeconfig(), cache);
    kubectl.run("apply", "-f", Repository.crds().toString()).ok();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void appliesGetsAndExplains() {
    String example = Repository.examples().resolve("iris-trainingrun.yaml").toString();
    assertThat(kubectl.run("apply", "-f", example).ok())
        .contains("trainingrun.drover.io/iris created");
    assertThat(kubectl.run("apply", "-f", example).ok())
        .contains("trainingrun.drover.io/iris unchanged");
    assertThat(kubectl.run("get", "trun").ok()).containsPattern("iris\\s+iris-classifier");
    assertThat(kubectl.run("explain", "trainingrun.spec.limits").ok())
        .contains("RESOURCE: limits <Object>")
        .contains("backoffLimit\t<integer>");
  }

  @Test
  void validatesAgainstTheProtobufSchemaOnTheClient() {
    String unknown =
        KubectlTest.trainingRun("old-unknown").replace("spec:\n", "spec:\n  bogus: 1\n");
    Kubectl.Result refused = kubectl.withInput(unknown, "apply", "-f", "-");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("unknown field \"bogus\"");
  }
}
