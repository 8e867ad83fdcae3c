package io.drover.local.runner;

import static org.awaitility.Awaitility.await;

import io.drover.local.runner.testimage.TestProgram;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runner's tests share: a runner on a fresh home against the test class's mock API, the
 * test image (a jar of {@link TestProgram}, built from the test classes), and ways to wait.
 */
abstract class RunnerTestSupport {

  static final String TEST_IMAGE = "example.test/drover-test";
  static final List<String> FAST_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx64m", "-Xss512k");

  static {
    // The mock API server logs every request: keep the test output readable.
    Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
  }

  private static Path testJar;

  @TempDir Path home;
  LocalRunner runner;

  abstract KubernetesClient client();

  LocalRunner startRunner() {
    return startRunner(options());
  }

  RunnerOptions options() {
    return RunnerOptions.of(home, home.resolve("kubeconfig"), List.of(testImage()))
        .withBackoff(Duration.ofMillis(200), Duration.ofMillis(500));
  }

  LocalRunner startRunner(RunnerOptions options) {
    runner = new LocalRunner(client(), options);
    runner.start();
    return runner;
  }

  @AfterEach
  void stopRunnerAndClearApi() {
    if (runner != null) {
      runner.close();
    }
    // Leave nothing for the next test's runner to take over.
    client().batch().v1().jobs().inAnyNamespace().delete();
    client().apps().deployments().inAnyNamespace().delete();
    client().pods().inAnyNamespace().delete();
    client().services().inAnyNamespace().delete();
    client().endpoints().inAnyNamespace().delete();
  }

  static RunnableImage testImage() {
    return new RunnableImage(TEST_IMAGE, testJar(), FAST_JVM, true);
  }

  static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50));
  }

  /** A container of the test image steered by {@code NAME=value} pairs. */
  static Container container(String name, String... env) {
    List<EnvVar> variables = new ArrayList<>();
    for (String pair : env) {
      int eq = pair.indexOf('=');
      variables.add(new EnvVar(pair.substring(0, eq), pair.substring(eq + 1), null));
    }
    return new ContainerBuilder()
        .withName(name)
        .withImage(TEST_IMAGE + ":1.0")
        .withEnv(variables)
        .build();
  }

  List<Pod> pods(String namespace) {
    return client().pods().inNamespace(namespace).list().getItems();
  }

  List<Event> eventsFor(HasMetadata object) {
    return client()
        .v1()
        .events()
        .inNamespace(object.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(e -> object.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
        .toList();
  }

  Optional<Event> event(HasMetadata object, String reason) {
    return eventsFor(object).stream().filter(e -> reason.equals(e.getReason())).findFirst();
  }

  /** The process id of a running container, from its containerID ({@code local://<pid>}). */
  static long pid(Pod pod, String container) {
    String id =
        pod.getStatus().getContainerStatuses().stream()
            .filter(s -> s.getName().equals(container))
            .findFirst()
            .orElseThrow()
            .getContainerID();
    return Long.parseLong(id.substring("local://".length()));
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The test image: TestProgram's classes in a jar with a Main-Class, built once per JVM. */
  static synchronized Path testJar() {
    if (testJar != null) {
      return testJar;
    }
    try {
      Path classes =
          Path.of(TestProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      String packagePath = TestProgram.class.getPackageName().replace('.', '/');
      Path jar = Files.createTempFile("drover-test-image", ".jar");
      jar.toFile().deleteOnExit();
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, TestProgram.class.getName());
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file, manifest);
          Stream<Path> entries = Files.list(classes.resolve(packagePath))) {
        for (Path entry : entries.toList()) {
          out.putNextEntry(new JarEntry(packagePath + "/" + entry.getFileName()));
          Files.copy(entry, out);
          out.closeEntry();
        }
      }
      testJar = jar;
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
