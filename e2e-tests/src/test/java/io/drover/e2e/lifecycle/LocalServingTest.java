package io.drover.e2e.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The serving lifecycle on local mode: what CI runs on every change. */
class LocalServingTest extends ServingScenarios {

  @Override
  ServingCluster connect() {
    try {
      return new LocalServingCluster(Files.createTempDirectory("drover-e2e-local-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
