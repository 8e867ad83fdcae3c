package io.drover.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.local.LocalMode;
import io.drover.local.Repository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code ./drover demo}: the whole loop on one machine, with the very YAML a cluster would get
 * ({@code manifests/examples/demo/}): train a model, register it as Production, serve it through an
 * InferenceService, send predictions and ground truth, train a second version, roll it out as a
 * canary with live figures, promote it. Prints what {@code kubectl get} would show at each step.
 */
final class Demo {

  static final Path DEFAULT_HOME = Path.of(System.getProperty("user.home"), ".drover", "demo");
  static final String NAMESPACE = "default";
  static final String MARKER = "drover-demo-home";
  static final String GROUP = "drover.io/v1alpha1";
  static final Duration TRAINING_WITHIN = Duration.ofMinutes(5);
  static final Duration SERVING_WITHIN = Duration.ofMinutes(5);
  static final Duration ROLLOUT_WITHIN = Duration.ofMinutes(6);
  static final int REQUESTS_PER_SECOND = 20;

  private final Repository repository;
  private final Instant started = Instant.now();
  private int step;

  Demo(Repository repository) {
    this.repository = repository;
  }

  int run(List<String> words) {
    Arguments args = Arguments.parse(words, Set.of("once"), Set.of("home"));
    Path home = args.home(DEFAULT_HOME);
    prepareHome(home);
    System.out.println(
        "Drover demo: train → register → serve → predictions and feedback → train again → canary →"
            + " promote");
    System.out.println("Everything runs on this machine in local mode; its home is " + home + ".");
    headline("local mode: a Kubernetes API, the Drover operator, and a runner for its pods");
    LocalMode mode;
    try {
      mode =
          LocalMode.start(
              new LocalMode.Options(home, repository, 0, 0),
              line -> System.out.println("  " + line));
    } catch (IOException e) {
      throw new CommandException("local mode did not start: " + e.getMessage(), e);
    }
    System.out.printf("  ready (%s)%n", elapsed());
    try {
      loop(mode);
      System.out.printf("%nThe loop ran in %s.%n", elapsed());
      if (args.flag("once")) {
        mode.close();
        return 0;
      }
      return serveUntilInterrupted(mode);
    } catch (RuntimeException e) {
      System.out.println();
      System.out.println("The demo stopped: " + e.getMessage());
      System.out.println(
          "Logs of every pod are under "
              + home.resolve("logs")
              + "; the operator's: "
              + mode.operatorLog());
      mode.close();
      throw e;
    }
  }

  private void loop(LocalMode mode) {
    KubernetesClient client = mode.client();
    Tables tables = new Tables(mode.apiUrl());
    Path data = repository.examples().resolve("data/iris.csv");
    Path demo = repository.examples().resolve("demo");

    headline("data: the iris sample into the claim the TrainingRuns read");
    Path target = LocalCommands.claimPath(mode.home(), "pvc://datasets/iris.csv", "iris.csv");
    copy(data, target);
    System.out.println(
        "  $ ./drover local cp manifests/examples/data/iris.csv pvc://datasets/iris.csv");

    headline("train v1 and register it");
    apply(client, demo.resolve("iris-v1-trainingrun.yaml"));
    awaitRun(client, "iris-v1");
    awaitStage(client, "iris-classifier-v1", "Production");
    show(tables, "trainingruns");
    show(tables, "modelversions");

    headline("serve the Production version through an InferenceService");
    apply(client, demo.resolve("iris-inferenceservice.yaml"));
    await(
        "InferenceService iris to be Ready",
        SERVING_WITHIN,
        () -> get(client, "InferenceService", "iris"),
        service -> conditionIs(service, "Ready", "True"),
        service -> "  waiting: " + condition(service, "Ready", "message"));
    URI url = URI.create(LocalCommands.serviceUrl(client, NAMESPACE, "iris"));
    System.out.printf(
        "  serving at %s (in the cluster: %s)%n",
        url, text(get(client, "InferenceService", "iris"), "status", "url"));
    show(tables, "inferenceservices");

    headline(
        "predictions and ground truth: a client sends %d requests/s and each true label back"
            .formatted(REQUESTS_PER_SECOND));
    try (TrafficGenerator traffic = new TrafficGenerator(url, "iris", data)) {
      traffic.start(REQUESTS_PER_SECOND);
      System.out.printf(
          "  $ curl -s %s/v2/models/iris/infer -d '{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}'%n",
          url);
      pause(Duration.ofSeconds(8));
      System.out.printf(
          "  %d answered, %d failed, %d correct so far%n",
          traffic.answered(), traffic.failed(), traffic.correct());

      headline("train v2: the registry compares it with Production on the same held-out rows");
      apply(client, demo.resolve("iris-v2-trainingrun.yaml"));
      awaitRun(client, "iris-v2");
      awaitStage(client, "iris-classifier-v2", "Production");
      show(tables, "modelversions");

      headline("roll v2 out as a canary, analysed against v1 on live traffic");
      watchRollout(client);
      System.out.printf(
          "  the client saw %d answers, %d failures, %d correct (%.1f%%)%n",
          traffic.answered(),
          traffic.failed(),
          traffic.correct(),
          traffic.answered() == 0 ? 0.0 : 100.0 * traffic.correct() / traffic.answered());
    }
    show(tables, "inferenceservices");
    System.out.println(
        "  Try it yourself: export KUBECONFIG="
            + mode.kubeconfig()
            + "; kubectl get drover; kubectl describe disvc iris");
    System.out.println("  The operator's metrics: " + mode.operatorUrl() + "/q/metrics");
  }

  /** Prints each rollout step and analysis as the operator writes them, until the rollout ends. */
  private void watchRollout(KubernetesClient client) {
    Instant deadline = Instant.now().plus(ROLLOUT_WITHIN);
    String shown = "";
    String analysed = "";
    while (Instant.now().isBefore(deadline)) {
      JsonNode status = status(get(client, "InferenceService", "iris"));
      JsonNode rollout = status.path("rollout");
      String candidate = status.path("candidate").path("version").asText("");
      String line =
          "%s %s · %s"
              .formatted(
                  rollout.path("phase").asText("-"),
                  rollout.path("strategy").asText(""),
                  status.path("traffic").asText(""));
      if (!line.equals(shown)
          && (!candidate.isEmpty() || !rollout.path("phase").asText().equals("Idle"))) {
        System.out.printf("  [%s] %s — %s%n", elapsed(), line, rollout.path("message").asText(""));
        shown = line;
      }
      JsonNode analysis = rollout.path("lastAnalysis");
      if (!analysis.isMissingNode() && !analysis.path("time").asText().equals(analysed)) {
        analysed = analysis.path("time").asText();
        System.out.printf("           analysis: %s", analysis.path("verdict").asText());
        for (JsonNode figures : analysis.path("figures")) {
          System.out.printf(
              " | v%s %d req, %s%% errors, p99 %s ms, live accuracy %s (%s rows)",
              figures.path("version").asText("?"),
              figures.path("requests").asLong(),
              number(figures.path("errorPercent")),
              number(figures.path("latencyP99Millis")),
              number(figures.path("liveAccuracy")),
              figures.path("feedbackRows").asText("-"));
        }
        System.out.println();
      }
      String phase = rollout.path("phase").asText();
      if (!candidate.isEmpty() || phase.isEmpty()) {
        pause(Duration.ofMillis(500));
        continue;
      }
      if (phase.equals("Promoted") && status.path("stable").path("version").asInt() == 2) {
        System.out.printf("  promoted: v2 serves all traffic (%s)%n", elapsed());
        return;
      }
      if (Set.of("RolledBack", "Failed", "Aborted").contains(phase)) {
        throw new CommandException(
            "the rollout of v2 ended " + phase + ": " + rollout.path("message").asText());
      }
      pause(Duration.ofMillis(500));
    }
    throw new CommandException("the rollout of v2 did not finish within " + ROLLOUT_WITHIN);
  }

  private void awaitRun(KubernetesClient client, String name) {
    String[] last = {""};
    GenericKubernetesResource run =
        await(
            "TrainingRun " + name + " to finish",
            TRAINING_WITHIN,
            () -> get(client, "TrainingRun", name),
            r -> Set.of("Succeeded", "Failed").contains(text(r, "status", "phase")),
            r -> {
              String phase = text(r, "status", "phase");
              if (phase.isEmpty() || phase.equals(last[0])) {
                return null;
              }
              last[0] = phase;
              return "  %s: %s — %s".formatted(name, phase, text(r, "status", "message"));
            });
    if (!"Succeeded".equals(text(run, "status", "phase"))) {
      throw new CommandException(
          "TrainingRun " + name + " failed: " + text(run, "status", "message"));
    }
    System.out.printf(
        "  %s: Succeeded — %s (%s)%n", name, text(run, "status", "message"), elapsed());
  }

  private void awaitStage(KubernetesClient client, String version, String stage) {
    GenericKubernetesResource registered =
        await(
            "ModelVersion " + version + " to reach " + stage,
            TRAINING_WITHIN,
            () -> get(client, "ModelVersion", version),
            v ->
                Set.of(stage, "Rejected", "Archived").contains(text(v, "status", "stage"))
                    || ("Staging".equals(text(v, "status", "stage"))
                        && !"Staging".equals(stage)
                        && status(v).path("comparison").path("completionTime").isTextual()),
            v -> null);
    String reached = text(registered, "status", "stage");
    if (!stage.equals(reached)) {
      throw new CommandException(
          "ModelVersion %s stopped at %s: %s"
              .formatted(version, reached, text(registered, "status", "message")));
    }
    System.out.printf("  %s is %s (%s)%n", version, stage, elapsed());
  }

  private GenericKubernetesResource await(
      String what,
      Duration within,
      java.util.function.Supplier<GenericKubernetesResource> read,
      Predicate<GenericKubernetesResource> done,
      java.util.function.Function<GenericKubernetesResource, String> progress) {
    Instant deadline = Instant.now().plus(within);
    String said = null;
    while (Instant.now().isBefore(deadline)) {
      GenericKubernetesResource current = read.get();
      if (current != null && current.getAdditionalProperties().get("status") != null) {
        if (done.test(current)) {
          return current;
        }
        String line = progress.apply(current);
        if (line != null && !line.equals(said)) {
          System.out.println(line);
          said = line;
        }
      }
      pause(Duration.ofMillis(300));
    }
    throw new CommandException("gave up waiting for " + what + " after " + within);
  }

  private int serveUntilInterrupted(LocalMode mode) {
    String url = LocalCommands.serviceUrl(mode.client(), NAMESPACE, "iris");
    System.out.printf(
        "The service stays up at %s (press Ctrl-C to stop local mode). In another terminal:%n"
            + "  export KUBECONFIG=%s%n  kubectl get drover%n"
            + "  curl -s %s/v2/models/iris/infer -d '{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[6.3,3.3,6.0,2.5]}]}'%n",
        url, mode.kubeconfig(), url);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("stopping local mode");
                  mode.close();
                  stopped.countDown();
                }));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The demo's home is its own: made afresh, never a home it did not make. */
  private static void prepareHome(Path home) {
    try {
      if (Files.exists(home)) {
        if (!Files.exists(home.resolve(MARKER))) {
          throw new CommandException(
              home + " exists and is not a demo home: choose another with --home DIR");
        }
        if (LocalCommands.running(home).isPresent()) {
          throw new CommandException("local mode runs in " + home + ": stop it first");
        }
        try (Stream<Path> tree = Files.walk(home)) {
          tree.sorted(Comparator.reverseOrder()).forEach(Demo::delete);
        }
      }
      Files.createDirectories(home);
      Files.writeString(home.resolve(MARKER), "made by ./drover demo; deleted by the next one\n");
    } catch (IOException e) {
      throw new CommandException("cannot prepare " + home + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CommandException("cannot copy " + from + ": " + e.getMessage(), e);
    }
  }

  private void apply(KubernetesClient client, Path file) {
    System.out.println("  $ kubectl apply -f " + repository.root().relativize(file));
    try (InputStream in = Files.newInputStream(file)) {
      client.load(in).inNamespace(NAMESPACE).create();
    } catch (IOException e) {
      throw new CommandException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static GenericKubernetesResource get(KubernetesClient client, String kind, String name) {
    return client
        .genericKubernetesResources(GROUP, kind)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  private static JsonNode status(GenericKubernetesResource object) {
    return Serialization.jsonMapper().valueToTree(object.getAdditionalProperties().get("status"));
  }

  private static String text(GenericKubernetesResource object, String... path) {
    if (object == null) {
      return "";
    }
    JsonNode node = Serialization.jsonMapper().valueToTree(object);
    for (String key : path) {
      node = node.path(key);
    }
    return node.isValueNode() ? node.asText() : "";
  }

  private static boolean conditionIs(GenericKubernetesResource object, String type, String value) {
    return value.equals(condition(object, type, "status"));
  }

  private static String condition(GenericKubernetesResource object, String type, String field) {
    for (JsonNode c : status(object).path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c.path(field).asText();
      }
    }
    return "";
  }

  private static String number(JsonNode value) {
    return value.isNumber() ? String.format(java.util.Locale.ROOT, "%.3g", value.asDouble()) : "-";
  }

  private void show(Tables tables, String plural) {
    System.out.println("  $ kubectl get " + plural);
    tables.get(GROUP, plural, NAMESPACE).lines().forEach(l -> System.out.println("  " + l));
  }

  private void headline(String text) {
    step++;
    System.out.printf("%n[%d/7] %s%n", step, text);
  }

  private String elapsed() {
    Duration d = Duration.between(started, Instant.now());
    return d.toMinutes() > 0
        ? "%dm%02ds".formatted(d.toMinutes(), d.toSecondsPart())
        : d.toSeconds() + "s";
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted");
    }
  }
}
