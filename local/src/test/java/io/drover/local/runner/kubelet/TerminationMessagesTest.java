package io.drover.local.runner.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessagesTest {
  @TempDir Path dir;

  @Test
  void theMessageIsTheLast4096BytesOfTheFile() throws Exception {
    Path file = dir.resolve("termination-log");
    Files.writeString(file, "x".repeat(5000) + "END");
    String message = TerminationMessages.read(file, 4096);
    assertThat(message).hasSize(4096).endsWith("END");
    assertThat(TerminationMessages.read(dir.resolve("absent"), 4096)).isEmpty();
  }

  @Test
  void theLogFallbackKeepsAtMost80LinesAnd2048Bytes() throws Exception {
    Path log = dir.resolve("app.log");
    Files.writeString(
        log,
        IntStream.range(0, 200)
            .mapToObj(i -> "line " + i)
            .collect(Collectors.joining("\n", "", "\n")));
    String tail = TerminationMessages.tail(log, 2048, 80);
    assertThat(tail.lines()).hasSize(80).first().isEqualTo("line 120");
    Files.writeString(log, "y".repeat(3000) + "\n");
    assertThat(TerminationMessages.tail(log, 2048, 80)).hasSize(2048);
  }
}
