package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md has an entry for every condition reason the operator writes: the
 * CamelCase string literals of the classes that choose reasons must each appear there.
 */
class TroubleshootingTest {
  private static final Path OPERATOR =
      Repo.ROOT.resolve("operator/src/main/java/io/drover/operator");

  /** The classes that decide conditions' reasons (the rest pass them through). */
  private static final List<String> REASON_SOURCES =
      List.of(
          "inferenceservice/rollout/ServiceConditions.java",
          "trainingrun/TrainingProgress.java",
          "trainingrun/StartWindow.java",
          "modelversion/StagePlanner.java",
          "modelversion/StagePlan.java",
          "status/ReconcileErrors.java");

  /** Literals in those classes that are condition statuses or pod phases, not reasons. */
  private static final Set<String> NOT_REASONS = Set.of("True", "False");

  private static final Pattern LITERAL = Pattern.compile("\"([A-Z][A-Za-z]+)\"");

  @Test
  void everyReasonTheOperatorWritesHasAnEntry() throws IOException {
    String doc = Files.readString(Repo.ROOT.resolve("docs/troubleshooting.md"));
    Set<String> reasons = new TreeSet<>();
    for (String source : REASON_SOURCES) {
      Matcher literal = LITERAL.matcher(Files.readString(OPERATOR.resolve(source)));
      while (literal.find()) {
        reasons.add(literal.group(1));
      }
    }
    reasons.removeAll(NOT_REASONS);

    assertThat(reasons)
        .contains("StableNotReady", "TrainerFailed", "PolicyFailed", "ReconcileFailed");
    assertThat(reasons)
        .as("reasons without an entry in docs/troubleshooting.md")
        .allSatisfy(reason -> assertThat(doc).contains("`" + reason + "`"));
  }
}
