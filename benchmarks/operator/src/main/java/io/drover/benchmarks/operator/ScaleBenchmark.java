package io.drover.benchmarks.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The operator on an existing world (TrainingRuns, InferenceServices, a registry of ModelVersions):
 * how long it takes to catch up, its memory there, then how long a new CR takes to get its child
 * compared with a bare create of that child kind, interleaved at one open-loop rate.
 */
final class ScaleBenchmark {

  static final String NAMESPACE = "bench";
  private static final Duration CHILD_WAIT = Duration.ofSeconds(120);
  private static final Duration QUIET = Duration.ofSeconds(15);

  /**
   * One replica, no failover measured: a Lease that survives this API's slowest answers (at this
   * size some take over 10 s), so that the replica does not give up leading, and exit, mid-run.
   */
  private static final Map<String, String> SINGLE_REPLICA =
      Map.of(
          "DROVER_LEADER_ELECTION_LEASE_DURATION", "120s",
          "DROVER_LEADER_ELECTION_RENEW_DEADLINE", "90s",
          "DROVER_LEADER_ELECTION_RETRY_PERIOD", "2s");

  private final BenchmarkOptions options;

  private static final String SERVICE_RECONCILES =
      "drover_reconcile_seconds_count{kind=\"InferenceService\",outcome=\"success\"}";
  private static final String ALLOCATED_BYTES = "jvm_gc_memory_allocated_bytes_total";

  /** The first replica's CPU, in cores, in the 20 s after it caught up. */
  private double caughtUpCores;

  private final Report report;

  ScaleBenchmark(BenchmarkOptions options) {
    this.options = options;
    this.report = new Report(options.output().resolve("operator-scale.tsv"));
  }

  void run() throws Exception {
    Path home = Files.createTempDirectory("drover-bench-scale");
    report.note(
        "world",
        "%d TrainingRuns, %d InferenceServices, %d ModelVersions (%d models x %d)"
            .formatted(
                options.trainingRuns(),
                options.services(),
                options.modelVersions(),
                options.models(),
                options.versionsPerModel()));
    try (BenchApi api = BenchApi.start(home, options.port(), options.crds(), NAMESPACE)) {
      KubernetesClient client = api.client();
      long seedStart = System.nanoTime();
      new Seeder(client, NAMESPACE)
          .seed(
              options.trainingRuns(),
              options.services(),
              options.models(),
              options.versionsPerModel());
      report.figure("seed.seconds", seconds(System.nanoTime() - seedStart), "s", null, null, null);

      try (ChildObserver children = new ChildObserver(client, NAMESPACE);
          OperatorReplica operator =
              OperatorReplica.start(
                  options.operatorJar(),
                  api.kubeconfig(),
                  options.output().resolve("logs"),
                  "drover-operator-scale",
                  options.port() + 1,
                  OperatorReplica.PRODUCTION_JVM,
                  SINGLE_REPLICA)) {
        long started = System.nanoTime();
        operator.await("/q/health/ready", Duration.ofMinutes(5));
        report.figure(
            "operator.ready.seconds", seconds(System.nanoTime() - started), "s", null, null, null);
        catchUp(client, children, operator, started);
        memory("catchup", operator);
        idleCpu(operator);
        steadyCpu(operator);
        hold(operator);
        liveHeap("catchup", operator);

        probes(client, children, operator);
        memory("after-probes", operator);
        liveHeap("after-probes", operator);
        report.figure(
            "children.added-twice", children.addedTwice().size(), "objects", null, null, "0");
        report.figure("children.deleted", children.deletedCount(), "objects", null, null, "0");
        report.note("load-after", report.loadNow());
      }
      for (String variant : options.variants()) {
        restartWith(api, JvmVariant.named(variant));
      }
    } finally {
      report.write();
      deleteTree(home);
    }
  }

  /** Until every seeded CR has a child and no child has been added for {@link #QUIET}. */
  private void catchUp(
      KubernetesClient client, ChildObserver children, OperatorReplica operator, long started)
      throws Exception {
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < options.trainingRuns(); i++) {
      owners.add(ChildObserver.key("TrainingRun", "seed-run-%04d".formatted(i)));
    }
    for (int i = 0; i < options.services(); i++) {
      owners.add(ChildObserver.key("InferenceService", "seed-svc-%04d".formatted(i)));
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    long lastChild = 0;
    while (true) {
      if (!operator.alive()) {
        throw new IllegalStateException(
            "the operator exited during catch-up; see " + operator.log());
      }
      long have = owners.stream().filter(o -> children.firstChildOf(o) != null).count();
      if (have == owners.size()) {
        lastChild = owners.stream().mapToLong(children::firstChildOf).max().orElseThrow();
        if (System.nanoTime() - children.lastEventNanos() > QUIET.toNanos()) {
          break;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "catch-up incomplete after 30 minutes: %d of %d CRs have a child"
                .formatted(have, owners.size()));
      }
      Thread.sleep(1000);
    }
    report.figure(
        "catchup.all-children.seconds", seconds(lastChild - started), "s", null, null, null);
    report.figure(
        "catchup.quiet.seconds",
        seconds(children.lastEventNanos() - started),
        "s",
        null,
        null,
        null);
    report.figure("catchup.children-added", children.addedCount(), "objects", null, null, null);
    long registered =
        client
            .genericKubernetesResources("drover.io/v1alpha1", "ModelVersion")
            .inNamespace(NAMESPACE)
            .list()
            .getItems()
            .stream()
            .filter(v -> stage(v) != null)
            .count();
    report.figure(
        "catchup.modelversions-with-stage",
        registered,
        "objects",
        null,
        null,
        Integer.toString(options.modelVersions()));
    report.figure("catchup.operator-cpu.seconds", operator.cpuSeconds(), "s", null, null, null);
  }

  /**
   * The heap's live set (used right after the full GC a class histogram forces) and the top of that
   * histogram, written beside the TSV.
   */
  private void liveHeap(String when, OperatorReplica operator) throws Exception {
    String histogram = operator.heapHistogram(40);
    String info = operator.heapInfo();
    HeapUse heap = HeapUse.parse(info);
    report.figure("heap-live." + when, heap.usedKib() / 1024.0, "MiB", null, null, null);
    report.figure("heap-committed." + when, heap.committedKib() / 1024.0, "MiB", null, null, null);
    Files.writeString(
        options.output().resolve("operator-heap-" + when + ".txt"), info + "\n\n" + histogram);
  }

  /**
   * A fresh operator with other JVM settings on the caught-up world (every child exists): its
   * memory once it has settled, so that JVM settings compare on the same world.
   */
  private void restartWith(BenchApi api, JvmVariant variant) throws Exception {
    // The replica before it stopped without handing the Lease on; a replica that does not lead
    // fills its caches but reconciles nothing, and would not be measured as the leader it is.
    OperatorLease.forget(api.client());
    try (OperatorReplica operator =
        OperatorReplica.start(
            options.operatorJar(),
            api.kubeconfig(),
            options.output().resolve("logs"),
            "drover-operator-" + variant.name(),
            options.port() + 1,
            variant.jvm(),
            withSingleReplica(variant.env()))) {
      long started = System.nanoTime();
      operator.await("/q/health/ready", Duration.ofMinutes(5));
      awaitLeading(api.client(), operator);
      report.figure(
          "variant." + variant.name() + ".leading.seconds",
          seconds(System.nanoTime() - started),
          "s",
          null,
          null,
          null);
      // Settled: its start-up resync done, i.e. over 10 s it uses no more than 1.5x what the first
      // replica did in the 20 s after catching up, or under a tenth of a core; at most 3 minutes
      // after it was ready.
      double settledCores = Math.max(0.1, caughtUpCores * 1.5);
      long settleBy = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (System.nanoTime() < settleBy) {
        double before = operator.cpuSeconds();
        Thread.sleep(10_000);
        if ((operator.cpuSeconds() - before) / 10 <= settledCores) {
          break;
        }
      }
      report.figure(
          "variant." + variant.name() + ".settled.seconds",
          seconds(System.nanoTime() - started),
          "s",
          null,
          null,
          null);
      memory("variant." + variant.name(), operator);
      liveHeap("variant." + variant.name(), operator);
      if (variant.tracksNativeMemory()) {
        Files.writeString(
            options.output().resolve("operator-native-memory-" + variant.name() + ".txt"),
            operator.nativeMemory());
      }
      report.note("variant." + variant.name() + ".settings", variant.describe());
    }
  }

  private static void awaitLeading(KubernetesClient client, OperatorReplica operator)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!operator.identity().equals(OperatorLease.holder(client))) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            operator.identity()
                + " did not take the Lease within 3 minutes; see "
                + operator.log());
      }
      Thread.sleep(200);
    }
  }

  private static Map<String, String> withSingleReplica(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(SINGLE_REPLICA);
    all.putAll(env);
    return all;
  }

  private static Object stage(GenericKubernetesResource version) {
    Object status = version.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? map.get("stage") : null;
  }

  private void idleCpu(OperatorReplica operator) throws Exception {
    double before = operator.cpuSeconds();
    Thread.sleep(20_000);
    double used = operator.cpuSeconds() - before;
    caughtUpCores = used / 20;
    report.figure("idle.operator-cpu.percent-of-one-core", used / 20 * 100, "%", null, null, null);
  }

  /**
   * The operator's work once nothing is left to catch up: over one monitoring interval (60 s, in
   * which each InferenceService is reconciled about once, reading its figures), starting a minute
   * after the idle figure so that the JIT's compilations of the catch-up are over. CPU and heap
   * allocation of the whole process, also per InferenceService reconcile in the window.
   */
  private void steadyCpu(OperatorReplica operator) throws Exception {
    Thread.sleep(60_000);
    double cpu = operator.cpuSeconds();
    double reconciles = operator.metric(SERVICE_RECONCILES);
    double allocated = operator.metric(ALLOCATED_BYTES);
    Thread.sleep(60_000);
    double used = operator.cpuSeconds() - cpu;
    double services = operator.metric(SERVICE_RECONCILES) - reconciles;
    double bytes = operator.metric(ALLOCATED_BYTES) - allocated;
    report.figure(
        "steady.operator-cpu.percent-of-one-core", used / 60 * 100, "%", null, null, null);
    report.figure("steady.inferenceservice-reconciles", services, "reconciles", null, null, null);
    report.figure(
        "steady.operator-cpu-ms.per-inferenceservice-reconcile",
        services == 0 ? 0 : used * 1000 / services,
        "ms",
        null,
        null,
        null);
    report.figure(
        "steady.allocated-mib.per-inferenceservice-reconcile",
        services == 0 ? 0 : bytes / services / (1024 * 1024),
        "MiB",
        null,
        null,
        null);
  }

  /** Keeps the caught-up world and operator as they are for {@code hold} seconds: to profile it. */
  private void hold(OperatorReplica operator) throws InterruptedException {
    if (options.holdSeconds() > 0) {
      System.err.printf(
          "holding the caught-up operator (pid %d) for %d s%n",
          operator.pid(), options.holdSeconds());
      Thread.sleep(TimeUnit.SECONDS.toMillis(options.holdSeconds()));
    }
  }

  private void memory(String when, OperatorReplica operator) {
    ProcessMemory memory = operator.memory();
    report.figure("rss." + when, memory.rssMib(), "MiB", null, null, "<= 256");
    report.figure("rss-peak." + when, memory.peakMib(), "MiB", null, null, "<= 256");
  }

  /**
   * {@code probes} of each kind — TrainingRun, bare Job, InferenceService, bare Deployment — in
   * that order over and over, at {@code rate} creates per second in all.
   */
  private void probes(KubernetesClient client, ChildObserver children, OperatorReplica operator)
      throws Exception {
    Latencies runs = new Latencies("trainingrun-to-job");
    Latencies jobs = new Latencies("bare-job-create-to-watch");
    Latencies services = new Latencies("inferenceservice-to-deployment");
    Latencies deployments = new Latencies("bare-deployment-create-to-watch");
    Map<String, Long> due = new ConcurrentHashMap<>();
    Map<String, Latencies> kindOf = new ConcurrentHashMap<>();
    List<OpenLoop.Request> requests = new ArrayList<>();
    Seeder creator = new Seeder(client, NAMESPACE);
    for (int i = 0; i < options.probes(); i++) {
      String run = "probe-run-%04d".formatted(i);
      String job = "probe-job-%04d".formatted(i);
      String service = "probe-svc-%04d".formatted(i);
      String deployment = "probe-deploy-%04d".formatted(i);
      String model = BenchObjects.model(i % options.models());
      requests.add(
          probe(
              creator,
              due,
              kindOf,
              runs,
              ChildObserver.key("TrainingRun", run),
              BenchObjects.trainingRun(NAMESPACE, run)));
      requests.add(
          probe(
              creator,
              due,
              kindOf,
              jobs,
              ChildObserver.key("Job", job),
              BenchObjects.job(NAMESPACE, job)));
      requests.add(
          probe(
              creator,
              due,
              kindOf,
              services,
              ChildObserver.key("InferenceService", service),
              BenchObjects.inferenceService(NAMESPACE, service, model)));
      requests.add(
          probe(
              creator,
              due,
              kindOf,
              deployments,
              ChildObserver.key("Deployment", deployment),
              BenchObjects.deployment(NAMESPACE, deployment)));
    }
    Latencies lateness = new Latencies("open-loop-send-lateness");
    double cpuBefore = operator.cpuSeconds();
    long start = System.nanoTime();
    new OpenLoop(options.rate(), 32).run(requests, lateness::record);
    long sent = System.nanoTime();
    long waitUntil = sent + CHILD_WAIT.toNanos();
    while (System.nanoTime() < waitUntil
        && !due.keySet().stream().allMatch(k -> children.firstChildOf(k) != null)) {
      Thread.sleep(200);
    }
    report.figure("probes.seconds", seconds(sent - start), "s", null, null, null);
    report.figure(
        "probes.rate", requests.size() / seconds(sent - start), "creates/s", null, null, null);
    report.figure(
        "probes.operator-cpu.seconds", operator.cpuSeconds() - cpuBefore, "s", null, null, null);
    due.forEach(
        (owner, at) -> {
          Long seen = children.firstChildOf(owner);
          if (seen == null) {
            kindOf.get(owner).missed();
          } else {
            kindOf.get(owner).record(seen - at);
          }
        });
    report.figure("open-loop.send-lateness.p99", lateness.p99Millis(), "ms", null, null, null);
    report.latencies(jobs, null, null);
    report.latencies(deployments, null, null);
    report.latencies(runs, jobs, null);
    report.latencies(services, deployments, null);
  }

  private static OpenLoop.Request probe(
      Seeder creator,
      Map<String, Long> due,
      Map<String, Latencies> kindOf,
      Latencies latencies,
      String owner,
      String yaml) {
    kindOf.put(owner, latencies);
    return at -> {
      due.put(owner, at);
      creator.create(yaml);
    };
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  static void deleteTree(Path home) {
    try (var paths = Files.walk(home)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("could not delete " + home + ": " + e.getMessage());
    }
  }
}
