package io.drover.e2e.localmode;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./drover demo --once}, the README's first command, run as the launcher runs it after its
 * build: the whole loop in local mode with the real operator, trainer, model server and router as
 * processes. Its output must show each step of the loop, in order.
 */
class DemoTest {
  private static final Duration WITHIN = Duration.ofMinutes(10);
  private static final String ACCURACY = "(0\\.\\d+|1)";

  @TempDir Path temp;

  // The patterns match the demo's "·" and "—" with ".": under a C locale Java prints them as "?".
  @Test
  void theDemoTrainsServesRollsOutAndPromotes() {
    Launcher launcher = new Launcher(Repo.ROOT);
    launcher.requireBuilt();
    // the demo makes its home afresh and refuses a directory it did not make
    Path home = temp.resolve("demo");
    Instant started = Instant.now();
    CommandLine.Result demo;
    try {
      demo = launcher.run(WITHIN, "demo", "--once", "--home", home.toString());
    } catch (AssertionError timedOut) {
      System.out.println(LocalModeLogs.tails(home, 40));
      throw timedOut;
    }
    Duration took = Duration.between(started, Instant.now());
    System.out.printf("./drover demo --once ran in %ds%n", took.toSeconds());
    try {
      assertThat(demo.exitCode()).as("exit code of ./drover demo --once").isZero();
      assertInOrder(
          demo.output(),
          "iris-v1: Succeeded . trained iris-classifier on 150 rows",
          "iris-classifier-v1 is Production",
          table(
              "kubectl get modelversions",
              "NAME  MODEL  VERSION  STAGE  METRIC  VALUE  AGE",
              "iris-classifier-v1  iris-classifier  1  Production  accuracy  " + ACCURACY),
          "serving at http://127\\.\\d+\\.\\d+\\.\\d+:\\d+ \\(in the cluster:"
              + " http://iris\\.default\\.svc:8080\\)",
          table(
              "kubectl get inferenceservices",
              "NAME  URL  STABLE  CANDIDATE  TRAFFIC  READY  SCALING  AGE",
              "iris  http://iris\\.default\\.svc:8080  1  v1 100%  True"),
          "[1-9]\\d* answered, \\d+ failed, \\d+ correct so far",
          "iris-v2: Succeeded . trained iris-classifier",
          "iris-classifier-v2 is Production",
          table(
              "kubectl get modelversions",
              "NAME  MODEL  VERSION  STAGE  METRIC  VALUE  AGE",
              "iris-classifier-v1  iris-classifier  1  Archived  accuracy  " + ACCURACY,
              "iris-classifier-v2  iris-classifier  2  Production  accuracy  " + ACCURACY),
          "Progressing Canary . v1 75% / v2 25% . canary step 1 of 2: v2 gets 25% of traffic",
          "Progressing Canary . v1 50% / v2 50% . canary step 2 of 2: v2 gets 50% of traffic",
          "Promoted Canary . v2 100% . v2 passed every canary step",
          "promoted: v2 serves all traffic",
          table(
              "kubectl get inferenceservices",
              "NAME  URL  STABLE  CANDIDATE  TRAFFIC  READY  SCALING  AGE",
              "iris  http://iris\\.default\\.svc:8080  2  v2 100%  True"),
          "The loop ran in");
      // each step's analysis is printed as the operator records it, with both versions' figures
      assertInOrder(
          demo.output(),
          "canary step 1 of 2",
          "analysis: Pass \\| v1 \\d+ req, [\\d.]+% errors, p99 \\S+ ms, live accuracy \\S+ \\(\\S+"
              + " rows\\) \\| v2 [1-9]\\d* req",
          "canary step 2 of 2",
          "analysis: Pass \\| v1 \\d+ req");
    } catch (AssertionError e) {
      System.out.println(demo.describe());
      System.out.println(LocalModeLogs.tails(home, 40));
      throw e;
    }
  }

  /**
   * A {@code kubectl get} table as the demo prints it: the command, then the header and rows given
   * with two spaces between cells (regular expressions), each line's later cells left open.
   */
  private static String table(String command, String header, String... rows) {
    StringBuilder pattern = new StringBuilder("\\$ " + Pattern.quote(command) + "\\n");
    pattern.append(line(header));
    for (String row : rows) {
      pattern.append(line(row));
    }
    return pattern.toString();
  }

  private static String line(String cells) {
    return " *" + String.join(" {2,}", cells.split(" {2}")) + "[^\\n]*\\n";
  }

  /** Each pattern (a regular expression) appears in {@code output} after the one before it. */
  private static void assertInOrder(String output, String... patterns) {
    int from = 0;
    String previous = "the start";
    for (String pattern : patterns) {
      Matcher m = Pattern.compile(pattern).matcher(output);
      assertThat(m.find(from))
          .as("after %s, the demo's output shows %s", previous, pattern)
          .isTrue();
      from = m.end();
      previous = pattern;
    }
  }
}
