package io.drover.local.runner.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeCheckTest {
  static final Container CONTAINER =
      new ContainerBuilder()
          .withName("server")
          .addNewPort()
          .withName("http")
          .withContainerPort(8080)
          .endPort()
          .build();
  static final MountTable MOUNTS =
      new MountTable(List.of(new MountTable.Mount("/tmp", Path.of("/host/scratch"))));

  static ProbeCheck exec(String... command) {
    return ProbeCheck.of(
        new ProbeBuilder().withNewExec().withCommand(command).endExec().build(),
        CONTAINER,
        "127.2.0.9",
        MOUNTS);
  }

  @Test
  void fileTestsAreEvaluatedOnTheMappedPath() {
    assertThat(exec("test", "-e", "/tmp/marker"))
        .isEqualTo(new ProbeCheck.FileTest("-e", "/tmp/marker", Path.of("/host/scratch/marker")));
    assertThat(exec("/bin/sh", "-c", "test -f /tmp/ok"))
        .isEqualTo(new ProbeCheck.FileTest("-f", "/tmp/ok", Path.of("/host/scratch/ok")));
    assertThat(exec("cat", "/tmp/healthy"))
        .isEqualTo(
            new ProbeCheck.FileTest("cat", "/tmp/healthy", Path.of("/host/scratch/healthy")));
  }

  @Test
  void otherCommandsCannotRunHere() {
    assertThat(exec("pg_isready")).isInstanceOf(ProbeCheck.Unsupported.class);
    assertThat(exec("sh", "-c", "test -e /tmp/a && curl x"))
        .isInstanceOf(ProbeCheck.Unsupported.class);
  }

  @Test
  void httpProbesGoToThePodAddressNamedPortsResolved() {
    ProbeCheck check =
        ProbeCheck.of(
            new ProbeBuilder()
                .withNewHttpGet()
                .withPath("ready")
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .build(),
            CONTAINER,
            "127.2.0.9",
            MOUNTS);
    assertThat(check).isEqualTo(new ProbeCheck.HttpGet("127.2.0.9", 8080, "/ready", List.of()));
    ProbeCheck unknownPort =
        ProbeCheck.of(
            new ProbeBuilder()
                .withNewTcpSocket()
                .withPort(new IntOrString("admin"))
                .endTcpSocket()
                .build(),
            CONTAINER,
            "127.2.0.9",
            MOUNTS);
    assertThat(unknownPort).isInstanceOf(ProbeCheck.Unsupported.class);
  }

  @Test
  void aRefusedConnectionFailsInTheKubeletsWords() {
    var result =
        new ProbeCheck.HttpGet("127.2.250.250", 1, "/ready", List.of())
            .check(java.time.Duration.ofSeconds(1));
    assertThat(result.success()).isFalse();
    assertThat(result.output())
        .isEqualTo(
            "Get \"http://127.2.250.250:1/ready\": dial tcp 127.2.250.250:1: connect: connection refused");
  }
}
