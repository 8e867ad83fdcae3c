package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Repo;
import io.drover.e2e.support.Yamls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The GitHub Actions workflow, which cannot run here (no Docker, no Kind): valid YAML, the jobs
 * docs/ci.md names in the order they depend on each other, and the commands they must run.
 */
class WorkflowTest {
  private static final Path WORKFLOW = Repo.ROOT.resolve(".github/workflows/ci.yml");
  private static final Path CI_DOC = Repo.ROOT.resolve("docs/ci.md");

  @Test
  void jobsAreTheOnesTheDocsName() throws IOException {
    Map<String, Object> jobs = Yamls.at(Yamls.parseOne(WORKFLOW), "jobs");
    Matcher named =
        Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(Files.readString(CI_DOC));
    List<String> documented = named.results().map(r -> r.group(1)).toList();

    assertThat(jobs).isNotNull();
    assertThat(List.copyOf(jobs.keySet())).isEqualTo(documented).contains("build", "e2e-kind");
    assertThat((Object) Yamls.at(jobs, "e2e-kind.needs")).isEqualTo(List.of("build", "images"));
    for (String job : jobs.keySet()) {
      assertThat((Object) Yamls.at(jobs, job + ".runs-on")).as(job).isNotNull();
      assertThat(Yamls.list(jobs, job + ".steps")).as(job).isNotEmpty();
    }
  }

  @Test
  void jobsRunTheTestsTheImagesTheClusterAndTheScenarios() throws IOException {
    Map<String, Object> jobs = Yamls.at(Yamls.parseOne(WORKFLOW), "jobs");

    assertThat(script(jobs, "build")).contains("./mvnw -B verify", "prometheus");
    assertThat(script(jobs, "images")).contains("-Pimages", "jib-image.tar");
    assertThat(uses(jobs, "e2e-kind"))
        .contains("helm/kind-action@v1", "actions/download-artifact@v4");
    assertThat(script(jobs, "e2e-kind"))
        .contains("kind load image-archive", "helm upgrade --install drover helm/drover")
        .contains("DROVER_E2E_KUBECONFIG=", "-Dtest=ClusterServingTest");
    for (Map<String, Object> step : Yamls.list(jobs, "e2e-kind.steps")) {
      if ("helm/kind-action@v1".equals(step.get("uses"))) {
        assertThat((String) Yamls.at(step, "with.node_image"))
            .as("the approval gate needs Kubernetes 1.30+")
            .matches("kindest/node:v1\\.(3[0-9])\\..*");
      }
    }
  }

  private static String script(Map<String, Object> jobs, String job) {
    StringBuilder out = new StringBuilder();
    for (Map<String, Object> step : Yamls.list(jobs, job + ".steps")) {
      if (step.get("run") instanceof String run) {
        out.append(run).append('\n');
      }
    }
    return out.toString();
  }

  private static List<Object> uses(Map<String, Object> jobs, String job) {
    return Yamls.list(jobs, job + ".steps").stream()
        .map(s -> s.get("uses"))
        .filter(u -> u != null)
        .toList();
  }
}
