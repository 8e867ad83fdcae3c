package io.drover.local.cli;

import io.drover.local.Repository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./drover}: the demo and local mode. The launcher script builds the jars and passes the
 * repository's location.
 */
public final class Main {

  static final String USAGE =
      """
      usage: ./drover <command>

        demo [--once] [--home DIR]     the whole loop on sample data: train, register, serve,
                                       send traffic and feedback, train again, canary, promote;
                                       --once exits 0 at the end instead of serving until Ctrl-C
        local start [--home DIR] [--port N] [--gpus N]
                                       start the local Kubernetes API, the operator and the runner
                                       in the background; prints the KUBECONFIG to use
        local stop [--home DIR]        stop them (state is kept in the home)
        local status [--home DIR]      whether local mode runs, and where
        local cp FILE pvc://CLAIM/PATH [--home DIR]
                                       put a file where a TrainingRun reads pvc://CLAIM/PATH
        local url isvc/NAME [-n NAMESPACE] [--home DIR]
                                       an address on this machine that reaches the service

      The home defaults to ~/.drover/local (the demo's to ~/.drover/demo).
      """;

  private Main() {}

  public static void main(String[] args) {
    List<String> words = new ArrayList<>(Arrays.asList(args));
    Path root = Path.of(".");
    if (words.size() >= 2 && words.get(0).equals("--repository")) {
      root = Path.of(words.get(1));
      words = words.subList(2, words.size());
    }
    int code;
    try {
      code = run(new Repository(root), words);
    } catch (UsageException e) {
      System.err.println("drover: " + e.getMessage());
      System.err.print(USAGE);
      code = 2;
    } catch (CommandException e) {
      System.err.println("drover: " + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  static int run(Repository repository, List<String> words) {
    if (words.isEmpty() || words.get(0).equals("help") || words.get(0).equals("--help")) {
      System.out.print(USAGE);
      return words.isEmpty() ? 2 : 0;
    }
    List<String> rest = words.subList(1, words.size());
    return switch (words.get(0)) {
      case "demo" -> new Demo(repository).run(rest);
      case "local" -> new LocalCommands(repository).run(rest);
      default -> throw new UsageException("unknown command " + words.get(0));
    };
  }
}
