package io.drover.local.cli;

import io.drover.local.LocalMode;
import io.drover.local.Repository;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * {@code ./drover local …}: local mode in the background, state under a home directory, and the two
 * helpers a person needs around kubectl — putting data into a claim, and reaching a service.
 */
final class LocalCommands {

  static final Path DEFAULT_HOME = Path.of(System.getProperty("user.home"), ".drover", "local");
  static final String PID_FILE = "local.pid";
  static final String READY_FILE = "local.ready";
  static final String LOG_FILE = "local.log";
  static final String OPERATOR_FILE = "local.operator";
  private static final Duration START_WITHIN = Duration.ofMinutes(4);
  private static final Pattern CLAIM = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final Repository repository;

  LocalCommands(Repository repository) {
    this.repository = repository;
  }

  int run(List<String> words) {
    if (words.isEmpty()) {
      throw new UsageException("local needs a subcommand: start, stop, status, cp or url");
    }
    List<String> rest = words.subList(1, words.size());
    return switch (words.get(0)) {
      case "start" -> start(Arguments.parse(rest, Set.of(), Set.of("home", "port", "gpus")));
      case "run" ->
          runInForeground(Arguments.parse(rest, Set.of(), Set.of("home", "port", "gpus")));
      case "stop" -> stop(Arguments.parse(rest, Set.of(), Set.of("home")));
      case "status" -> status(Arguments.parse(rest, Set.of(), Set.of("home")));
      case "cp" -> copy(Arguments.parse(rest, Set.of(), Set.of("home")));
      case "url" -> url(Arguments.parse(rest, Set.of(), Set.of("home", "n", "namespace")));
      default -> throw new UsageException("unknown local subcommand " + words.get(0));
    };
  }

  // ---- start / run / stop / status ----------------------------------------------------------

  /** Starts local mode as a background process and returns once it is ready. */
  private int start(Arguments args) {
    Path home = args.home(DEFAULT_HOME);
    Optional<ProcessHandle> running = running(home);
    if (running.isPresent()) {
      System.out.printf("local mode already runs in %s (pid %d)%n", home, running.get().pid());
      System.out.println("export KUBECONFIG=" + home.resolve("kubeconfig"));
      return 0;
    }
    try {
      Files.createDirectories(home);
      Files.deleteIfExists(home.resolve(READY_FILE));
      Path log = home.resolve(LOG_FILE);
      List<String> command = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        // Its own session: closing this terminal does not stop local mode.
        command.add("/usr/bin/setsid");
      }
      command.addAll(
          List.of(
              javaLauncher().toString(),
              "-Xmx512m",
              "-XX:+UseSerialGC",
              "-jar",
              ownJar().toString(),
              "--repository",
              repository.root().toString(),
              "local",
              "run",
              "--home",
              home.toString(),
              "--port",
              Integer.toString(args.intOption("port", 0)),
              "--gpus",
              Integer.toString(args.intOption("gpus", 0))));
      Process daemon =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      System.out.printf("starting local mode in %s (log: %s)%n", home, log);
      long shown = Files.size(log);
      Instant deadline = Instant.now().plus(START_WITHIN);
      while (!Files.exists(home.resolve(READY_FILE))) {
        shown = showProgress(log, shown);
        if (!daemon.isAlive() && running(home).isEmpty()) {
          throw new CommandException(
              "local mode stopped while starting (exit %d); the end of %s:%n%s"
                  .formatted(daemon.exitValue(), log, tail(log, 25)));
        }
        if (Instant.now().isAfter(deadline)) {
          throw new CommandException(
              "local mode was not ready within %s; see %s".formatted(START_WITHIN, log));
        }
        Thread.sleep(200);
      }
      showProgress(log, shown);
      System.out.println("local mode is ready: the local API, the operator and the runner run");
      System.out.println(
          "  kubectl get drover        # TrainingRuns, ModelVersions, InferenceServices");
      System.out.println("  ./drover local stop" + homeOption(home) + "       # stops them");
      System.out.println("export KUBECONFIG=" + home.resolve("kubeconfig"));
      return 0;
    } catch (IOException e) {
      throw new CommandException("cannot start local mode: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  /** The background process itself: runs local mode until it is asked to stop. */
  private int runInForeground(Arguments args) {
    Path home = args.home(DEFAULT_HOME);
    // Its output is the local-mode log: say what the API, runner and operator do.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    LocalMode mode;
    try {
      Files.createDirectories(home);
      Files.writeString(home.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
      mode =
          LocalMode.start(
              new LocalMode.Options(
                  home, repository, args.intOption("port", 0), args.intOption("gpus", 0)),
              step -> System.out.println("drover: " + step));
    } catch (IOException | RuntimeException e) {
      System.out.println("drover: cannot start local mode: " + e.getMessage());
      deleteQuietly(home.resolve(PID_FILE));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("drover: stopping local mode");
                  deleteQuietly(home.resolve(READY_FILE));
                  deleteQuietly(home.resolve(OPERATOR_FILE));
                  mode.close();
                  deleteQuietly(home.resolve(PID_FILE));
                  System.out.println("drover: stopped");
                  stopped.countDown();
                }));
    try {
      Files.writeString(home.resolve(READY_FILE), mode.apiUrl().toString());
      Files.writeString(home.resolve(OPERATOR_FILE), mode.operatorUrl().toString());
      System.out.println(
          "drover: ready at "
              + mode.apiUrl()
              + "; the operator's metrics at "
              + mode.operatorUrl()
              + "/q/metrics");
      stopped.await();
    } catch (IOException e) {
      System.out.println("drover: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private int stop(Arguments args) {
    Path home = args.home(DEFAULT_HOME);
    Optional<ProcessHandle> running = running(home);
    if (running.isEmpty()) {
      System.out.println("local mode is not running in " + home);
      return 0;
    }
    ProcessHandle process = running.get();
    System.out.printf("stopping local mode in %s (pid %d)%n", home, process.pid());
    process.destroy();
    try {
      process.onExit().get(90, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new CommandException(
          "local mode did not stop within 90 s and was killed; see " + home.resolve(LOG_FILE));
    } catch (java.util.concurrent.ExecutionException e) {
      throw new CommandException("could not wait for local mode to stop: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
    System.out.println("stopped; the state is kept in " + home);
    return 0;
  }

  private int status(Arguments args) {
    Path home = args.home(DEFAULT_HOME);
    Optional<ProcessHandle> running = running(home);
    if (running.isEmpty()) {
      System.out.println("local mode is not running in " + home);
      return 3;
    }
    String url = readQuietly(home.resolve(READY_FILE)).orElse("(starting)");
    String operator = readQuietly(home.resolve(OPERATOR_FILE)).orElse("(starting)");
    System.out.printf(
        "local mode runs in %s (pid %d), API %s, operator metrics %s/q/metrics%nexport KUBECONFIG=%s%n",
        home, running.get().pid(), url, operator, home.resolve("kubeconfig"));
    return 0;
  }

  // ---- cp / url -------------------------------------------------------------------------------

  /** {@code pvc://claim/path} is {@code <home>/volumes/claim/path} in local mode. */
  private int copy(Arguments args) {
    if (args.positional().size() != 2) {
      throw new UsageException("local cp needs a FILE and a destination pvc://CLAIM/PATH");
    }
    Path source = Path.of(args.positional().get(0));
    String destination = args.positional().get(1);
    if (!Files.isRegularFile(source)) {
      throw new CommandException(source + " is not a file");
    }
    Path target = claimPath(args.home(DEFAULT_HOME), destination, source.getFileName().toString());
    try {
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CommandException(
          "cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
    }
    System.out.printf("copied %s to %s (%s)%n", source, destination, target);
    return 0;
  }

  static Path claimPath(Path home, String destination, String fileName) {
    if (!destination.startsWith("pvc://")) {
      throw new UsageException("the destination must be pvc://CLAIM/PATH, not " + destination);
    }
    String rest = destination.substring("pvc://".length());
    int slash = rest.indexOf('/');
    String claim = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    if (!CLAIM.matcher(claim).matches()) {
      throw new UsageException(
          "the claim name " + claim + " must be a DNS label (lowercase letters, digits, '-')");
    }
    Path volume = home.resolve("volumes").resolve(claim).normalize();
    if (path.isEmpty() || path.endsWith("/")) {
      path = path + fileName;
    }
    Path target = volume.resolve(path).normalize();
    if (!target.startsWith(volume)) {
      throw new UsageException(destination + " leaves its claim: no '..' in the path");
    }
    return target;
  }

  private int url(Arguments args) {
    if (args.positional().size() != 1) {
      throw new UsageException("local url needs isvc/NAME (or svc/NAME)");
    }
    String ref = args.positional().get(0);
    int slash = ref.indexOf('/');
    String kind = slash < 0 ? "isvc" : ref.substring(0, slash);
    String name = slash < 0 ? ref : ref.substring(slash + 1);
    if (!Set.of("isvc", "disvc", "inferenceservice", "svc", "service").contains(kind)) {
      throw new UsageException("local url takes isvc/NAME or svc/NAME, not " + ref);
    }
    String namespace = args.option("namespace", args.option("n", "default"));
    Path home = args.home(DEFAULT_HOME);
    try (KubernetesClient client = client(home)) {
      System.out.println(serviceUrl(client, namespace, name));
      return 0;
    }
  }

  /** The address the runner gave the Service (its cluster IP is a loopback address here). */
  static String serviceUrl(KubernetesClient client, String namespace, String name) {
    Service service;
    try {
      service = client.services().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new CommandException("cannot reach the local API: " + e.getMessage(), e);
    }
    if (service == null) {
      throw new CommandException(
          "no Service %s in namespace %s (an InferenceService's Service has its name; see kubectl get disvc -n %s)"
              .formatted(name, namespace, namespace));
    }
    String address = service.getSpec().getClusterIP();
    if (address == null || address.isBlank() || service.getSpec().getPorts().isEmpty()) {
      throw new CommandException("Service " + namespace + "/" + name + " has no address yet");
    }
    return "http://%s:%d".formatted(address, service.getSpec().getPorts().get(0).getPort());
  }

  static KubernetesClient client(Path home) {
    Path kubeconfig = home.resolve("kubeconfig");
    if (running(home).isEmpty() || !Files.exists(kubeconfig)) {
      throw new CommandException(
          "local mode is not running in "
              + home
              + ": start it with ./drover local start"
              + homeOption(home));
    }
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new CommandException("cannot read " + kubeconfig + ": " + e.getMessage(), e);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  static Optional<ProcessHandle> running(Path home) {
    return readQuietly(home.resolve(PID_FILE))
        .flatMap(
            pid -> {
              try {
                return ProcessHandle.of(Long.parseLong(pid.strip()));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            })
        .filter(ProcessHandle::isAlive);
  }

  private static String homeOption(Path home) {
    return home.equals(DEFAULT_HOME) ? "" : " --home " + home;
  }

  private static long showProgress(Path log, long from) throws IOException {
    long size = Files.size(log);
    if (size <= from) {
      return from;
    }
    try (var in = Files.newInputStream(log)) {
      in.skipNBytes(from);
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      text.lines()
          .filter(l -> l.startsWith("drover: "))
          .forEach(l -> System.out.println("  " + l.substring(8)));
    }
    return size;
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable)";
    }
  }

  private static Optional<String> readQuietly(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // nothing to do: a stale file is recognized by its dead pid
    }
  }

  static Path javaLauncher() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private static Path ownJar() {
    try {
      return Path.of(
          LocalCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the launcher's own jar has a valid location", e);
    }
  }
}
