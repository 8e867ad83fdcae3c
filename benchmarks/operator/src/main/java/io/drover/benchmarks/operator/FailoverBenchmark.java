package io.drover.benchmarks.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Two replicas under leader election. Each round SIGKILLs the leader while CRs are being created,
 * then creates one CR after another until a child appears: the time from the kill to that first
 * child is the takeover. The killed replica is started again as the new standby. Afterwards: every
 * CR has exactly one child of each name, no child was ADDED twice or DELETED, no status regressed.
 */
final class FailoverBenchmark {

  private static final String NAMESPACE = ScaleBenchmark.NAMESPACE;
  private static final Duration TAKEOVER_WAIT = Duration.ofSeconds(90);

  private final BenchmarkOptions options;
  private final Report report;
  private final List<String> created = new ArrayList<>();

  FailoverBenchmark(BenchmarkOptions options) {
    this.options = options;
    this.report = new Report(options.output().resolve("operator-failover.tsv"));
  }

  void run() throws Exception {
    Path home = Files.createTempDirectory("drover-bench-failover");
    report.note(
        "world",
        "%d TrainingRuns, %d InferenceServices, %d ModelVersions; %d rounds"
            .formatted(
                options.trainingRuns(),
                options.services(),
                options.modelVersions(),
                options.rounds()));
    OperatorReplica[] replicas = new OperatorReplica[2];
    try (BenchApi api = BenchApi.start(home, options.port(), options.crds(), NAMESPACE)) {
      KubernetesClient client = api.client();
      Seeder seeder = new Seeder(client, NAMESPACE);
      seeder.seed(
          options.trainingRuns(), options.services(), options.models(), options.versionsPerModel());
      try (ChildObserver children = new ChildObserver(client, NAMESPACE);
          StatusHistory statuses =
              new StatusHistory(
                  client, NAMESPACE, List.of("TrainingRun", "InferenceService", "ModelVersion"))) {
        replicas[0] = start(api, 0);
        replicas[0].await("/q/health/ready", Duration.ofMinutes(5));
        replicas[1] = start(api, 1);
        replicas[1].await("/q/health/live", Duration.ofMinutes(5));
        awaitChildren(children, seededOwners(), Duration.ofMinutes(20));
        report.note("leader-at-start", OperatorLease.holder(client));

        Latencies takeover = new Latencies("takeover.kill-to-first-child");
        Latencies leaseMove = new Latencies("takeover.kill-to-lease-held");
        for (int round = 0; round < options.rounds(); round++) {
          // A standby that has had time to fill its caches, as in a cluster.
          Thread.sleep(20_000);
          String leaderName = OperatorLease.holder(client);
          int leader = replicas[0].identity().equals(leaderName) ? 0 : 1;
          if (!replicas[leader].identity().equals(leaderName)) {
            throw new IllegalStateException("the Lease names " + leaderName + ", neither replica");
          }
          OperatorReplica standby = replicas[1 - leader];
          // CRs in flight while the leader dies: some it handled, some it had not yet.
          String burstPrefix = "burst-r%d".formatted(round);
          CompletableFuture<Void> burst =
              CompletableFuture.runAsync(() -> createBurst(seeder, burstPrefix));
          Thread.sleep(250);
          long killed = System.nanoTime();
          replicas[leader].kill();
          CompletableFuture<Long> leaseHeld =
              CompletableFuture.supplyAsync(() -> awaitHolder(client, standby.identity(), killed));
          burst.join();
          long first = firstChildAfter(seeder, children, round, killed);
          takeover.record(first - killed);
          long leaseAt = leaseHeld.join();
          leaseMove.record(leaseAt - killed);
          report.figure(
              "round%d.kill-to-first-child".formatted(round),
              ScaleBenchmark.seconds(first - killed),
              "s",
              null,
              null,
              "<= 15");
          report.figure(
              "round%d.kill-to-lease-held".formatted(round),
              ScaleBenchmark.seconds(leaseAt - killed),
              "s",
              null,
              null,
              null);
          // The killed replica comes back, as its pod would, and stands by.
          replicas[leader] = start(api, leader);
          replicas[leader].await("/q/health/live", Duration.ofMinutes(5));
        }
        awaitChildren(children, allOwners(), Duration.ofMinutes(5));
        Thread.sleep(10_000);
        report.latencies(takeover, null, "<= 15000", "kills");
        report.latencies(leaseMove, null, null, "kills");
        verify(client, children, statuses);
      }
    } finally {
      for (OperatorReplica replica : replicas) {
        if (replica != null) {
          replica.close();
        }
      }
      report.write();
      ScaleBenchmark.deleteTree(home);
    }
  }

  private OperatorReplica start(BenchApi api, int index) throws java.io.IOException {
    return OperatorReplica.start(
        options.operatorJar(),
        api.kubeconfig(),
        options.output().resolve("logs"),
        "drover-operator-" + (char) ('a' + index),
        options.port() + 1 + index,
        OperatorReplica.PRODUCTION_JVM,
        Map.of());
  }

  private void createBurst(Seeder seeder, String prefix) {
    for (int i = 0; i < 5; i++) {
      String run = "%s-run-%d".formatted(prefix, i);
      String service = "%s-svc-%d".formatted(prefix, i);
      seeder.create(BenchObjects.trainingRun(NAMESPACE, run));
      seeder.create(BenchObjects.inferenceService(NAMESPACE, service, BenchObjects.model(i)));
      remember("TrainingRun", run);
      remember("InferenceService", service);
      sleep(100);
    }
  }

  /** Creates a TrainingRun every 250 ms after the kill until one of them has its Job. */
  private long firstChildAfter(Seeder seeder, ChildObserver children, int round, long killed)
      throws InterruptedException {
    List<String> after = new ArrayList<>();
    long deadline = killed + TAKEOVER_WAIT.toNanos();
    long nextCreate = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (System.nanoTime() >= nextCreate) {
        String run = "after-kill-r%d-%d".formatted(round, after.size());
        seeder.create(BenchObjects.trainingRun(NAMESPACE, run));
        remember("TrainingRun", run);
        after.add(ChildObserver.key("TrainingRun", run));
        nextCreate += 250_000_000L;
      }
      long first =
          after.stream()
              .map(children::firstChildOf)
              .filter(t -> t != null)
              .mapToLong(Long::longValue)
              .min()
              .orElse(0);
      if (first != 0) {
        return first;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        "no CR created after the kill got a child within " + TAKEOVER_WAIT);
  }

  private static long awaitHolder(KubernetesClient client, String identity, long since) {
    while (System.nanoTime() - since < TAKEOVER_WAIT.toNanos()) {
      if (identity.equals(OperatorLease.holder(client))) {
        return System.nanoTime();
      }
      sleep(50);
    }
    throw new IllegalStateException(identity + " never held the Lease");
  }

  private synchronized void remember(String kind, String name) {
    created.add(ChildObserver.key(kind, name));
  }

  private List<String> seededOwners() {
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < options.trainingRuns(); i++) {
      owners.add(ChildObserver.key("TrainingRun", "seed-run-%04d".formatted(i)));
    }
    for (int i = 0; i < options.services(); i++) {
      owners.add(ChildObserver.key("InferenceService", "seed-svc-%04d".formatted(i)));
    }
    return owners;
  }

  private synchronized List<String> allOwners() {
    List<String> owners = seededOwners();
    owners.addAll(created);
    return owners;
  }

  private static void awaitChildren(ChildObserver children, List<String> owners, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (owners.stream().anyMatch(o -> children.firstChildOf(o) == null)) {
      if (System.nanoTime() > deadline) {
        long missing = owners.stream().filter(o -> children.firstChildOf(o) == null).count();
        throw new IllegalStateException(missing + " CRs have no child after " + within);
      }
      Thread.sleep(500);
    }
  }

  /** Nothing done twice: one Job per run, the same Deployments per service, no re-creation. */
  private void verify(KubernetesClient client, ChildObserver children, StatusHistory statuses) {
    Map<String, Long> jobsPerRun =
        perOwner(
            client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems(), "TrainingRun");
    Map<String, Long> deploymentsPerService =
        perOwner(
            client.apps().deployments().inNamespace(NAMESPACE).list().getItems(),
            "InferenceService");
    List<String> owners = allOwners();
    long runs = owners.stream().filter(o -> o.startsWith("TrainingRun/")).count();
    long services = owners.stream().filter(o -> o.startsWith("InferenceService/")).count();
    report.figure("verify.trainingruns", runs, "CRs", null, null, null);
    report.figure(
        "verify.trainingruns-with-exactly-one-job",
        jobsPerRun.values().stream().filter(n -> n == 1).count(),
        "CRs",
        null,
        null,
        Long.toString(runs));
    report.figure("verify.inferenceservices", services, "CRs", null, null, null);
    report.note(
        "verify.deployments-per-inferenceservice",
        deploymentsPerService.values().stream()
            .collect(
                Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
            .toString());
    report.figure(
        "verify.children-added-twice", children.addedTwice().size(), "objects", null, null, "0");
    if (!children.addedTwice().isEmpty()) {
      report.note("verify.children-added-twice.names", children.addedTwice().toString());
    }
    report.figure("verify.children-deleted", children.deletedCount(), "objects", null, null, "0");
    Map<String, List<String>> regressions = statuses.regressions();
    report.figure("verify.status-objects-watched", statuses.objects(), "CRs", null, null, null);
    report.figure("verify.status-regressions", regressions.size(), "CRs", null, null, "0");
    if (!regressions.isEmpty()) {
      report.note(
          "verify.status-regressions.first",
          regressions.entrySet().stream().limit(10).toList().toString());
    }
  }

  private static Map<String, Long> perOwner(List<? extends HasMetadata> objects, String kind) {
    return objects.stream()
        .flatMap(
            o ->
                o.getMetadata().getOwnerReferences().stream()
                    .filter(r -> kind.equals(r.getKind()))
                    .map(OwnerReference::getName))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
