package io.drover.local.runner.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
  static final MountTable MOUNTS =
      new MountTable(
          List.of(
              new MountTable.Mount(
                  "/drover/volumes/models", Path.of("/home/u/.drover/local/volumes/models")),
              new MountTable.Mount("/drover/volumes/models/special", Path.of("/elsewhere/special")),
              new MountTable.Mount(
                  "/tmp", Path.of("/home/u/.drover/local/pods/1/volumes/scratch"))));

  @Test
  void pathsUnderAMountBecomeHostPathsTheLongestMountWinning() {
    assertThat(MOUNTS.toHost("/drover/volumes/models/iris/run-1"))
        .isEqualTo("/home/u/.drover/local/volumes/models/iris/run-1");
    assertThat(MOUNTS.toHost("/drover/volumes/models/special/x")).isEqualTo("/elsewhere/special/x");
    assertThat(MOUNTS.toHost("file:/tmp/marker"))
        .isEqualTo("file:/home/u/.drover/local/pods/1/volumes/scratch/marker");
    assertThat(MOUNTS.toHost("/tmpfile")).isEqualTo("/tmpfile");
    assertThat(MOUNTS.toHost("s3://bucket/drover/volumes/models"))
        .isEqualTo("s3://bucket/drover/volumes/models");
  }

  @Test
  void pathsInsideAValueSuchAsAJsonListOfSourcesBecomeHostPathsOnce() {
    assertThat(
            MOUNTS.toHost(
                "[{\"uri\":\"/drover/volumes/models/feedback/iris\"},{\"uri\":\"/tmp\"},"
                    + "{\"uri\":\"/drover/volumes/models/special/x\"}]"))
        .isEqualTo(
            "[{\"uri\":\"/home/u/.drover/local/volumes/models/feedback/iris\"},"
                + "{\"uri\":\"/home/u/.drover/local/pods/1/volumes/scratch\"},"
                + "{\"uri\":\"/elsewhere/special/x\"}]");
    assertThat(MOUNTS.toHost("--data=/tmp/a,/drover/volumes/models"))
        .isEqualTo(
            "--data=/home/u/.drover/local/pods/1/volumes/scratch/a,"
                + "/home/u/.drover/local/volumes/models");
    assertThat(MOUNTS.toHost("{\"uri\":\"s3://bucket/drover/volumes/models\",\"x\":\"/tmpfile\"}"))
        .as("only paths that start a token")
        .isEqualTo("{\"uri\":\"s3://bucket/drover/volumes/models\",\"x\":\"/tmpfile\"}");
  }

  @Test
  void hostPathsInWhatTheProcessWroteReadAsContainerPaths() {
    String written =
        "{\"bundle\":{\"uri\":\"/home/u/.drover/local/volumes/models/iris/run-1\"},"
            + "\"other\":\"/home/u/.drover/local/volumes/models2\"}";
    assertThat(MOUNTS.toContainer(written))
        .isEqualTo(
            "{\"bundle\":{\"uri\":\"/drover/volumes/models/iris/run-1\"},\"other\":\"/home/u/.drover/local/volumes/models2\"}");
  }
}
